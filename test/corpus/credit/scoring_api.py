"""Online credit decision API (FastAPI).

Deployed behind the internal gateway; the champion model comes from the MLflow registry.
"""
import logging
import os
import ssl
from typing import Optional

import httpx
import mlflow
import pandas as pd
import requests
from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel

app = FastAPI(title="credit-decision")
log = logging.getLogger("credit.api")
audit_log = logging.getLogger("credit.audit")

MODEL_URI = os.getenv("MODEL_URI", "models:/credit-scorecard/Production")  # trap
BUREAU_URL = "http://bureau-gateway.partner-bank.com/v2/report"  # truth: TLS
FRAUD_URL = "https://fraud.internal.example.com/v1/check"  # trap
API_TOKEN = os.environ.get("DECISION_API_TOKEN", "")  # trap
STRIPE_KEY = "sk_live_mQ9AqGV7RgxErcZooj1dDBdV"  # truth: SEC

_model = None


class Application(BaseModel):
    application_id: str
    email: str
    phone: Optional[str] = None
    loan_amount: float
    term_months: int
    credit_utilization: float
    debt_to_income: float


def get_model():
    global _model
    if _model is None:
        _model = mlflow.pyfunc.load_model(MODEL_URI)  # truth: AUD
    return _model


def reload_model(version: str):
    audit_log.info("model reload requested: version=%s", version)  # trap
    return mlflow.pyfunc.load_model(f"models:/credit-scorecard/{version}")  # trap


def check_token(authorization: str = Header(...)):
    if authorization != f"Bearer {API_TOKEN}":  # trap
        raise HTTPException(status_code=401)


def bureau_report(application_id: str) -> dict:
    resp = requests.get(BUREAU_URL, params={"id": application_id}, timeout=5)
    resp.raise_for_status()
    return resp.json()


def fraud_check(payload: dict) -> bool:
    r = requests.post(FRAUD_URL, json=payload, timeout=3, verify=False)  # truth: TLS
    return r.json().get("suspicious", False)


def fraud_check_strict(payload: dict) -> bool:
    r = requests.post(FRAUD_URL, json=payload, timeout=3, verify=True)  # trap
    return r.json().get("suspicious", False)


@app.post("/decide", dependencies=[Depends(check_token)])
def decide(app_in: Application):
    log.info("decision requested for %s", app_in.application_id)  # trap
    log.info("applicant contact: %s / %s", app_in.email, app_in.phone)  # truth: PII
    features = pd.DataFrame([app_in.dict(exclude={"application_id", "email", "phone"})])  # trap
    score = float(get_model().predict(features)[0])
    decision = "approve" if score < 0.2 else "refer"
    return {"application_id": app_in.application_id, "score": score, "decision": decision}


@app.get("/health")
def health():
    return {"status": "ok", "model": MODEL_URI}


async def notify_core_banking(application_id: str, decision: str):
    ctx = ssl._create_unverified_context()  # truth: TLS
    async with httpx.AsyncClient(verify=ctx) as client:
        await client.post("https://core.bank.internal/decisions", json={"id": application_id, "decision": decision})


async def notify_core_banking_v2(application_id: str, decision: str):
    ctx = ssl.create_default_context(cafile="/etc/ssl/certs/bank-ca.pem")  # trap
    async with httpx.AsyncClient(verify=ctx) as client:
        await client.post("https://core.bank.internal/decisions", json={"id": application_id, "decision": decision})
