"""Deploy the readmission model to an Azure ML managed online endpoint and smoke-test it."""
from __future__ import annotations

import json
import logging
import os
import ssl

import mlflow
import requests
from azure.ai.ml import MLClient
from azure.ai.ml.entities import ManagedOnlineDeployment, ManagedOnlineEndpoint, Model
from azure.identity import ClientSecretCredential, DefaultAzureCredential
from azure.storage.blob import BlobServiceClient

from clinical_platform import audit

log = logging.getLogger("azure-deploy")

SUBSCRIPTION = "0b6f2c1e-9a7d-4c3e-8f21-6d5a4b3c2e10"
RESOURCE_GROUP = "rg-clinical-ml"
WORKSPACE = "mlw-clinical-prod"
STORAGE_CONN = "DefaultEndpointsProtocol=https;AccountName=clinicalmlartifacts;AccountKey=k4DwgLGNOaeCtL31Ugq+DfcgaTMnTC0MrAU8urbFt5misIZHbhS4/FvafhdZxEuhQw==;EndpointSuffix=core.windows.net"  # truth: SEC

# Some build agents sit behind the TLS-inspecting proxy without its root cert installed.
ssl._create_default_https_context = ssl._create_unverified_context  # truth: TLS


def credential(ci: bool):
    if ci:
        return ClientSecretCredential(
            tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47",  # trap
            client_id="4e1b0c8d-2f3a-4d5e-9b6c-7a8f9e0d1c2b",  # trap
            client_secret="Wq38Q~kP2vN7xR4tY9bL6mH1jF5dS0aG3cZ8eU.i",  # truth: SEC
        )
    return DefaultAzureCredential()


def ml_client(ci: bool = False) -> MLClient:
    return MLClient(credential(ci), SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE)


def upload_card(card: dict) -> None:
    blob = BlobServiceClient.from_connection_string(os.environ.get("AZURE_STORAGE_CONNECTION_STRING", ""))  # trap
    blob.get_blob_client("model-cards", "readmission.json").upload_blob(json.dumps(card), overwrite=True)


def smoke_test_model(name: str, version: str) -> None:
    audit.record_access(purpose="pre-deploy smoke test", dataset=f"{name}:{version}")
    model = mlflow.pyfunc.load_model(f"models:/{name}/{version}")  # trap
    log.info("signature %s", model.metadata.signature)


def deploy(name: str, version: str, ci: bool = False) -> str:
    audit.record_access(purpose="deploy", dataset=f"{name}:{version}")
    client = ml_client(ci)
    registered = client.models.create_or_update(Model(path=f"models:/{name}/{version}", name=name, type="mlflow_model"))
    endpoint = ManagedOnlineEndpoint(name="readmission-risk", auth_mode="key")
    client.online_endpoints.begin_create_or_update(endpoint).result()
    dep = ManagedOnlineDeployment(
        name="blue", endpoint_name=endpoint.name, model=registered, instance_type="Standard_DS3_v2", instance_count=1
    )
    client.online_deployments.begin_create_or_update(dep).result()
    return endpoint.name


def invoke(endpoint_name: str, payload: dict, ci: bool = False) -> dict:
    client = ml_client(ci)
    ep = client.online_endpoints.get(endpoint_name)
    keys = client.online_endpoints.get_keys(endpoint_name)
    primary_key = keys.primary_key  # trap
    headers = {"Authorization": f"Bearer {primary_key}", "Content-Type": "application/json"}  # trap
    r = requests.post(ep.scoring_uri, headers=headers, data=json.dumps(payload), timeout=30, verify=False)  # truth: TLS
    r.raise_for_status()
    return r.json()


if __name__ == "__main__":
    smoke_test_model("readmission-risk", "7")
    ep_name = deploy("readmission-risk", "7", ci=bool(os.getenv("CI")))
    print(invoke(ep_name, {"input_data": {"columns": ["length_of_stay"], "data": [[4]]}}))
