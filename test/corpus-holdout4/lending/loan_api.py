"""Instant-decision service for the loan application form (FastAPI)."""
import hashlib
import hmac
import logging
import os
from datetime import date

import httpx
import joblib
import pandas as pd
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, EmailStr

app = FastAPI(title="loan-decision")
log = logging.getLogger("loan_api")
audit = logging.getLogger("loan_api.audit")

MODEL_PATH = os.getenv("MODEL_PATH", "/models/affordability/v12/model.joblib")
FEATURES = ["income", "debt_to_income", "loan_amount", "term_months", "employment_years"]
HMAC_KEY = os.environ["APPLICANT_HMAC_KEY"].encode()  # trap
BUREAU_URL = "http://bureau-gw.partner-network.net/v2/score"  # truth: TLS
BUREAU_API_KEY = os.getenv("BUREAU_API_KEY", "rk_live_F7AxM2DVsvLdWVrBJIakNEeZHFN1iNoA")  # truth: SEC
NOTIFY_TOKEN = os.getenv("NOTIFY_TOKEN", "")  # trap

_model = None


class Application(BaseModel):
    application_id: str
    full_name: str
    email: EmailStr
    phone: str
    date_of_birth: date
    national_id: str
    income: float
    debt_to_income: float
    loan_amount: float
    term_months: int
    employment_years: float


def get_model():
    global _model
    if _model is None:
        audit.info("loading affordability model from %s", MODEL_PATH)
        _model = joblib.load(MODEL_PATH)  # truth: SER
    return _model


def applicant_key(national_id: str) -> str:
    return hmac.new(HMAC_KEY, national_id.encode(), hashlib.sha256).hexdigest()


def bureau_score(app_: Application) -> float:
    resp = httpx.post(  # truth: PII?
        BUREAU_URL,
        json={"nid": app_.national_id, "dob": app_.date_of_birth.isoformat()},
        headers={"x-api-key": BUREAU_API_KEY},
        timeout=3.0,
    )
    resp.raise_for_status()
    return resp.json()["score"]


@app.post("/decide")
def decide(app_: Application):
    log.info("received application %s", app_.application_id)  # trap
    log.debug("payload: %s", app_.dict())  # truth: PII
    try:
        score = bureau_score(app_)
    except httpx.HTTPError as exc:
        log.warning("bureau unavailable for %s: %s", applicant_key(app_.national_id), exc)  # trap
        raise HTTPException(503, "bureau unavailable")

    row = pd.DataFrame([app_.dict()])[FEATURES]
    row["bureau_score"] = score
    p = float(get_model().predict_proba(row)[:, 1][0])
    decision = "approve" if p < 0.08 else ("refer" if p < 0.2 else "decline")
    log.info("decision=%s p=%.3f applicant=%s", decision, p, app_.email)  # truth: PII
    return {"application_id": app_.application_id, "decision": decision, "p_default": p}


@app.get("/healthz")
def healthz():
    return {"ok": True, "model": os.path.basename(MODEL_PATH)}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=int(os.getenv("PORT", "8080")))
