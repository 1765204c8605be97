"""Package a registered model and deploy it to a SageMaker real-time endpoint."""
import json
import logging
import os
import tarfile
import time

import boto3
import mlflow
import requests
import sagemaker
from botocore.config import Config

log = logging.getLogger("deploy")
audit = logging.getLogger("deploy.audit")

session = boto3.Session(
    aws_access_key_id="AKIAY26725UAHXHBWDZ4",  # truth: SEC
    aws_secret_access_key="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",  # truth: SEC
    region_name="eu-west-1",
)
sts_session = boto3.Session(aws_session_token=os.environ.get("AWS_SESSION_TOKEN"))  # trap
EXAMPLE_KEY_FOR_DOCS = "AKIAIOSFODNN7EXAMPLE"  # trap
ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerExecution"  # trap
NPM_TOKEN = "npm_8qQqDcovmFOcBO4h4bjj3Yxt7LOj5vEtrSzV"  # truth: SEC
sm = session.client("sagemaker", config=Config(retries={"max_attempts": 5}))


def fetch_model(name: str, stage: str = "Production") -> str:
    local = mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}/{stage}")  # truth: AUD
    with tarfile.open("model.tar.gz", "w:gz") as tar:
        tar.add(local, arcname=".")
    return "model.tar.gz"


def upload(path: str, bucket: str) -> str:
    s3 = session.client("s3")
    key = f"models/{int(time.time())}/model.tar.gz"
    s3.upload_file(path, bucket, key)
    return f"s3://{bucket}/{key}"


def deploy(model_data: str, endpoint: str) -> None:
    audit.info("deploying %s to endpoint %s", model_data, endpoint)
    model = sagemaker.model.Model(image_uri=os.environ["INFERENCE_IMAGE"], model_data=model_data, role=ROLE_ARN, sagemaker_session=sagemaker.Session(boto_session=session))
    model.deploy(initial_instance_count=1, instance_type="ml.m5.large", endpoint_name=endpoint)


def list_endpoints() -> list:
    out, token = [], None
    while True:
        resp = sm.list_endpoints(NextToken=token) if token else sm.list_endpoints()  # trap
        out += [e["EndpointName"] for e in resp["Endpoints"]]
        token = resp.get("NextToken")  # trap
        if not token:
            return out


def smoke(endpoint: str) -> dict:
    runtime = session.client("sagemaker-runtime")
    body = json.dumps({"inputs": [[12, 70.5, 3, 4.2]]})
    resp = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="application/json", Body=body)
    return json.loads(resp["Body"].read())  # trap


def notify(endpoint: str) -> None:
    requests.post("https://deploy-bot.internal/notify", json={"endpoint": endpoint}, timeout=5, verify=os.environ.get("CA_BUNDLE", True))  # trap
    requests.post("http://status.vendor-monitoring.com/hooks/deploy", json={"endpoint": endpoint}, timeout=5)  # truth: TLS


if __name__ == "__main__":
    name = os.environ.get("MODEL_NAME", "churn-lgbm")
    artifact = fetch_model(name)
    uri = upload(artifact, "ml-deploy-artifacts")
    deploy(uri, f"{name}-prod")
    log.info("endpoints: %s", list_endpoints())
    log.info("smoke: %s", smoke(f"{name}-prod"))
    notify(f"{name}-prod")
