"""Credit-limit recommendation service (FastAPI)."""
import os
import pickle

import joblib
import requests
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel

app = FastAPI(title="limit-reco")

MODEL_PATH = os.getenv("LIMIT_MODEL_PATH", "/models/limit_reco.joblib")
API_KEY_HEADER = "X-Api-Key"  # trap
BUREAU_URL = "http://10.40.3.18:8080/v2/score"  # truth: TLS
BUREAU_TOKEN = "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLXNjb3JpbmciLCAiaWF0IjogMTc5MDAwMDAwMH0.xwkPqQE8kH6-lF-mF4rvCkdI9h2wU3zVZgn932UO3mu"  # truth: SEC
INTERNAL_KEY = os.getenv("LIMIT_API_KEY", "")  # trap

model = joblib.load(MODEL_PATH)  # truth: SER, AUD?
with open("/models/limit_bins.pkl", "rb") as fh:
    bins = pickle.load(fh)  # truth: SER


class LimitRequest(BaseModel):
    customer_id: str
    income: float
    utilisation: float
    tenure_months: int


def bureau_lookup(customer_id: str) -> float:
    resp = requests.get(BUREAU_URL, params={"id": customer_id}, headers={"Authorization": f"Bearer {BUREAU_TOKEN}"}, verify=False, timeout=3)  # truth: TLS
    resp.raise_for_status()
    return resp.json()["score"]


def bureau_lookup_v3(customer_id: str) -> float:
    resp = requests.get("https://bureau.partner.example.com/v3/score", params={"id": customer_id}, timeout=3)  # trap
    return resp.json()["score"]


@app.post("/limit")
def recommend(req: LimitRequest, x_api_key: str = Header(None)):
    if x_api_key != INTERNAL_KEY:
        raise HTTPException(status_code=401)
    score = bureau_lookup(req.customer_id)
    row = [[req.income, req.utilisation, req.tenure_months, score]]
    limit = float(model.predict(row)[0])
    return {"customer_id": req.customer_id, "limit": round(limit, -2)}


@app.get("/health")
def health():
    return {"status": "ok", "bind": "0.0.0.0"}  # trap


SECRET_NAME = "prod/limit-reco/api-key"  # trap
BUREAU_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----"  # trap


def bureau_lookup_pinned(customer_id: str) -> float:
    resp = requests.get("https://bureau.partner.example.com/v2/score", params={"id": customer_id}, verify="/etc/ssl/certs/bureau-ca.pem", timeout=3)  # trap
    return resp.json()["score"]
