# Retention-offer API: pulls the churn model from SageMaker on start-up and serves next-best-offer scores.
import logging
import os
import tarfile
from functools import lru_cache

import boto3
import cloudpickle
import jwt
import pandas as pd
from fastapi import FastAPI, HTTPException
from google.cloud import aiplatform
from pydantic import BaseModel
from sagemaker.s3 import S3Downloader

log = logging.getLogger("retention.api")
audit_log = logging.getLogger("retention.audit")

JWT_SIGNING_KEY = "kAm1/5wDr16EpLLJIVGHz4FxFEtKyPiYGFDm7ena8D5V"  # truth: SEC
MODEL_PACKAGE_GROUP = "retention-nbo"
SECRETS_MANAGER_ID = "prod/retention/jwt-signing-key"  # trap
PUBLIC_KEY_URL = "https://auth.telco-example.com/.well-known/jwks.json"  # trap
LOCAL_DIR = "/opt/model"

app = FastAPI()


class Subscriber(BaseModel):
    subscriber_id: str
    msisdn: str
    tariff_plan: str
    tenure_months: int
    avg_monthly_bill: float
    dropped_calls_30d: int


def fetch_model_artifact() -> str:
    sm = boto3.client("sagemaker")
    pkgs = sm.list_model_packages(ModelPackageGroupName=MODEL_PACKAGE_GROUP, ModelApprovalStatus="Approved",
                                  SortBy="CreationTime", SortOrder="Descending")["ModelPackageSummaryList"]
    desc = sm.describe_model_package(ModelPackageName=pkgs[0]["ModelPackageArn"])
    uri = desc["InferenceSpecification"]["Containers"][0]["ModelDataUrl"]
    S3Downloader.download(uri, LOCAL_DIR)  # truth: AUD
    with tarfile.open(os.path.join(LOCAL_DIR, "model.tar.gz")) as tar:
        tar.extractall(LOCAL_DIR)
    return os.path.join(LOCAL_DIR, "nbo.cloudpickle")


def fetch_vertex_fallback() -> str:
    audit_log.info("pulling fallback NBO model from Vertex")
    model = aiplatform.Model(model_name="projects/telco-ml/locations/europe-west4/models/8812")
    model.export_model(export_format_id="custom-trained", artifact_destination="gs://telco-ml-exports/nbo/")  # trap
    return "gs://telco-ml-exports/nbo/"


@lru_cache(maxsize=1)
def model():
    path = fetch_model_artifact()
    with open(path, "rb") as fh:
        return cloudpickle.load(fh)  # truth: SER


def service_token(subject: str) -> str:
    return jwt.encode({"sub": subject, "aud": "offers-engine"}, JWT_SIGNING_KEY, algorithm="HS256")


@app.post("/offer")
def offer(sub: Subscriber):
    frame = pd.DataFrame([sub.model_dump()])
    try:
        score = float(model().predict_proba(frame.drop(columns=["subscriber_id", "msisdn"]))[0, 1])
    except Exception:
        log.exception("scoring failed for %s", sub.subscriber_id)  # trap
        raise HTTPException(status_code=500)
    log.info("offer scored msisdn=%s p=%.3f", sub.msisdn, score)  # truth: PII
    log.info("offer scored subscriber=%s p=%.3f", sub.subscriber_id, score)  # trap
    tier = "gold" if score > 0.7 else "silver" if score > 0.4 else "none"
    return {"subscriber_id": sub.subscriber_id, "tier": tier, "token": service_token(sub.subscriber_id)}


@app.get("/healthz")
def healthz():
    return {"ok": True, "debug_secret_set": bool(os.getenv("DEBUG_SECRET"))}  # trap
