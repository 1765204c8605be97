import logging
import os
import pickle
import ssl
import urllib.request

import joblib
import pandas as pd
import requests
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

audit_log = logging.getLogger("underwriting.audit")
log = logging.getLogger("underwriting.api")

MODEL_PATH = os.getenv("UW_MODEL_PATH", "/models/underwriting/prod/model.joblib")
BUREAU_URL = "https://bureau-gateway.partner.example.com/v2/score"
BUREAU_API_KEY = os.getenv("BUREAU_API_KEY", "bk_prod_9f8e2c71a4d05b36e1c2")  # truth: SEC
PRICING_URL = "http://pricing.uw.svc.cluster.local:8080/quote"  # truth: TLS?
ADDRESS_LOOKUP = "http://geo-lookup.partner-apis.net/v1/address"  # truth: TLS

app = FastAPI(title="underwriting-score")
_model = None


class Applicant(BaseModel):
    applicant_id: str
    full_name: str
    date_of_birth: str
    postcode: str
    sum_insured: float
    smoker: bool
    bmi: float
    occupation_class: int


def get_model():
    global _model
    if _model is None:
        audit_log.info("loading underwriting model from %s", MODEL_PATH)
        _model = joblib.load(MODEL_PATH)  # truth: SER
    return _model


def load_reference_tables():
    with open("/models/underwriting/prod/occupation_lookup.pkl", "rb") as fh:
        return pickle.load(fh)  # truth: SER


def bureau_score(applicant: Applicant) -> float:
    resp = requests.post(
        BUREAU_URL,
        json={"ref": applicant.applicant_id, "postcode": applicant.postcode},
        headers={"Authorization": f"Bearer {BUREAU_API_KEY}"},  # trap: header built from a variable
        timeout=5,
        verify=False,  # truth: TLS
    )
    resp.raise_for_status()
    return resp.json()["score"]


def lookup_address(postcode: str) -> dict:
    ctx = ssl._create_unverified_context()  # truth: TLS
    with urllib.request.urlopen(f"{ADDRESS_LOOKUP}?pc={postcode}", context=ctx, timeout=3) as r:
        return r.read()


@app.post("/score")
def score(applicant: Applicant):
    model = get_model()
    row = pd.DataFrame([applicant.dict()])
    row["bureau"] = bureau_score(applicant)
    feats = row[["sum_insured", "smoker", "bmi", "occupation_class", "bureau"]]
    p = float(model.predict_proba(feats)[0, 1])
    log.info("scored applicant_id=%s p=%.3f", applicant.applicant_id, p)  # trap: surrogate id and score only
    if p > 0.97:
        log.warning("manual review: %s", row[["full_name", "date_of_birth", "postcode"]].to_dict("records"))  # truth: PII
    return {"applicant_id": applicant.applicant_id, "decline_probability": p}


@app.get("/health")
def health():
    r = requests.get("https://pricing.uw.example.com/health", timeout=2, verify=os.environ.get("CA_BUNDLE", True))  # trap: CA bundle or default verification
    return {"ok": r.ok}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=8000)  # trap: local bind address
