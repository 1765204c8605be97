"""Package the Production churn model from MLflow and deploy it to a SageMaker endpoint.

Also contains the inference handlers (model_fn / input_fn / predict_fn) baked into the
container, so keep imports light.
"""
from __future__ import annotations

import io
import json
import logging
import os
import tarfile
import tempfile

import boto3
import joblib
import mlflow
import pandas as pd

log = logging.getLogger("deploy")
audit_logger = logging.getLogger("deploy.audit")

ROLE_ARN = "arn:aws:iam::123456789012:role/sagemaker-churn-exec"
IMAGE_URI = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/churn-sklearn:1.4"
HF_ENV = {"HF_MODEL_ID": "acme/churn-explainer", "HF_TOKEN": "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"}  # truth: SEC

sm = boto3.client(
    "sagemaker",
    aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID"),  # trap
    aws_session_token=os.environ.get("AWS_SESSION_TOKEN"),  # trap
)


def package(model_name: str, bucket: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        local = mlflow.artifacts.download_artifacts(f"models:/{model_name}/Production", dst_path=tmp)  # truth: AUD
        archive = os.path.join(tmp, "model.tar.gz")
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(local, arcname=".")
        key = f"deploy/{model_name}/model.tar.gz"
        boto3.client("s3").upload_file(archive, bucket, key)
    return f"s3://{bucket}/{key}"


def list_endpoints(prefix: str) -> list[str]:
    names, next_token = [], None  # trap
    while True:
        kwargs = {"NameContains": prefix, "MaxResults": 100}
        if next_token:
            kwargs["NextToken"] = next_token  # trap
        page = sm.list_endpoints(**kwargs)
        names += [e["EndpointName"] for e in page["Endpoints"]]
        next_token = page.get("NextToken")  # trap
        if not next_token:
            return names


def deploy(model_name: str, model_data: str, endpoint: str) -> None:
    sm.create_model(
        ModelName=model_name,
        ExecutionRoleArn=ROLE_ARN,
        PrimaryContainer={"Image": IMAGE_URI, "ModelDataUrl": model_data, "Environment": HF_ENV},
    )
    sm.create_endpoint_config(
        EndpointConfigName=f"{endpoint}-cfg",
        ProductionVariants=[{"VariantName": "main", "ModelName": model_name, "InstanceType": "ml.m5.large", "InitialInstanceCount": 2}],
    )
    if endpoint in list_endpoints(endpoint):
        sm.update_endpoint(EndpointName=endpoint, EndpointConfigName=f"{endpoint}-cfg")
    else:
        sm.create_endpoint(EndpointName=endpoint, EndpointConfigName=f"{endpoint}-cfg")


# ---- inference handlers (run inside the container) -------------------------------------

def model_fn(model_dir: str):
    audit_logger.info("loading model from %s", model_dir)
    return joblib.load(os.path.join(model_dir, "model.joblib"))  # truth: SER


def input_fn(body: bytes, content_type: str) -> pd.DataFrame:
    if content_type == "application/json":
        return pd.DataFrame(json.loads(body))
    if content_type == "text/csv":
        return pd.read_csv(io.BytesIO(body))
    raise ValueError(f"unsupported content type {content_type}")


def predict_fn(data: pd.DataFrame, model) -> list:
    features = ["tenure_months", "avg_bill", "late_payments", "dropped_calls_rate", "plan_idx"]
    return model.predict_proba(data[features])[:, 1].tolist()


def input_fn_legacy(body: bytes, content_type: str) -> pd.DataFrame:
    if content_type == "application/x-pickle":
        return pd.read_pickle(io.BytesIO(body))  # truth: SER
    return input_fn(body, content_type)


if __name__ == "__main__":
    uri = package("churn-propensity", "telco-ml-deploy")
    deploy("churn-propensity-v7", uri, "churn-propensity")
