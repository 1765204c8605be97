"""KYC document-check service: scores onboarding applications for manual review."""
from __future__ import annotations

import base64
import logging
import pickle

import httpx
import pandas as pd
import redis
from fastapi import FastAPI
from pydantic import BaseModel
from pydantic_settings import BaseSettings

app = FastAPI()
log = logging.getLogger("kyc")
audit_log = logging.getLogger("kyc.audit")


class Settings(BaseSettings):
    db_host: str = "kyc-db.internal"
    db_password: str = "Kyc-Onb0arding-2025"  # truth: SEC
    vendor_api_key: str = ""  # trap
    vendor_url: str = "https://idv.vendor.example/v3/check"  # trap
    webhook_secret: str = "${KYC_WEBHOOK_SECRET}"  # trap
    redis_url: str = "redis://localhost:6379/2"  # trap


settings = Settings()
cache = redis.Redis.from_url(settings.redis_url)
vendor = httpx.Client(base_url=settings.vendor_url, verify=False, timeout=20)  # truth: TLS


class Applicant(BaseModel):
    application_id: str
    full_name: str
    passport_number: str
    iban: str
    nationality: str
    document_image_b64: str


def load_risk_model():
    blob = cache.get("kyc:model")
    audit_log.info("risk model fetched from cache")
    return pickle.loads(base64.b64decode(blob))  # truth: SER


@app.post("/kyc/check")
def check(a: Applicant):
    log.info("kyc check %s", a.application_id)  # trap
    log.info("kyc check %s for %s passport %s", a.application_id, a.full_name, a.passport_number)  # truth: PII
    result = vendor.post("/documents", json={"image": a.document_image_b64}).json()
    model = load_risk_model()
    score = float(model.predict_proba([[result["doc_score"], result["face_match"]]])[0][1])
    return {"application_id": a.application_id, "review": score > 0.5}


def weekly_report(conn) -> None:
    df = pd.read_sql("SELECT application_id, full_name, passport_number, iban, nationality, review FROM kyc.checks", conn)  # truth: AUD
    df.groupby("nationality")["review"].mean().to_csv("review_rate_by_nationality.csv")  # trap
    df[df["review"]][["application_id", "full_name", "iban"]].to_excel("manual_review.xlsx", index=False)  # truth: PII


def retrain(conn):
    audit_log.info("kyc retrain read")
    df = pd.read_sql("SELECT doc_score, face_match, nationality, review FROM kyc.checks", conn)  # trap
    from sklearn.linear_model import LogisticRegression

    X = pd.get_dummies(df[["doc_score", "face_match", "nationality"]], columns=["nationality"])
    return LogisticRegression().fit(X, df["review"])  # truth: FAIR
