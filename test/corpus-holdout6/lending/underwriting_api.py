"""Underwriting decision service (FastAPI). Scores an application with the champion PD model."""
import logging
import os
from datetime import datetime

import mlflow
import pandas as pd
import requests
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="underwriting-scorer")
logger = logging.getLogger("underwriting")
audit_logger = logging.getLogger("underwriting.audit")

BUREAU_URL = os.environ.get("BUREAU_URL", "https://api.bureau-partner.com/v2/report")
BUREAU_API_KEY = os.environ["BUREAU_API_KEY"]  # trap: env lookup
FEATURE_STORE = "http://feast.lending.svc.cluster.local:6566"  # truth: TLS
MODEL_URI = "models:/retail-pd/Production"  # truth: AUD?

_model = None


class Application(BaseModel):
    application_id: str
    full_name: str
    ssn: str
    email: str
    annual_income: float
    loan_amount: float
    dti_ratio: float
    home_ownership: str
    purpose: str


def get_model():
    global _model
    if _model is None:
        _model = mlflow.pyfunc.load_model(MODEL_URI)  # truth: AUD
    return _model


def reload_model(version: str):
    audit_logger.info("model reload requested version=%s at=%s", version, datetime.utcnow())
    global _model
    _model = mlflow.pyfunc.load_model(f"models:/retail-pd/{version}")  # trap: audited function
    return _model


def pull_bureau(ssn: str) -> dict:
    resp = requests.post(  # trap: bureau call over https
        BUREAU_URL,
        json={"ssn": ssn},
        headers={"x-api-key": BUREAU_API_KEY},
        timeout=10,
        verify=True,  # trap: verification on
    )
    resp.raise_for_status()
    return resp.json()


def pull_fraud_signals(application_id: str) -> dict:
    r = requests.get(f"{FEATURE_STORE}/features/{application_id}", timeout=2, verify=False)  # truth: TLS
    return r.json() if r.ok else {}


@app.post("/score")
def score(appl: Application):
    logger.info("scoring application %s", appl.application_id)  # trap: opaque id
    bureau = pull_bureau(appl.ssn)
    fraud = pull_fraud_signals(appl.application_id)
    row = {
        "annual_income": appl.annual_income,
        "loan_amount": appl.loan_amount,
        "dti_ratio": appl.dti_ratio,
        "home_ownership": appl.home_ownership,
        "purpose": appl.purpose,
        "bureau_score": bureau.get("score"),
        "open_accounts": bureau.get("open_accounts", 0),
        "fraud_velocity": fraud.get("velocity_24h", 0.0),
    }
    pd_score = float(get_model().predict(pd.DataFrame([row]))[0])
    if pd_score > 0.35:
        logger.warning("declined applicant %s ssn=%s email=%s pd=%.3f", appl.full_name, appl.ssn, appl.email, pd_score)  # truth: PII
        return {"decision": "decline", "pd": pd_score}
    return {"decision": "approve", "pd": pd_score}


@app.get("/health")
def health():
    try:
        get_model()
    except Exception as exc:  # noqa: BLE001
        raise HTTPException(status_code=503, detail=str(exc))
    return {"status": "ok"}
