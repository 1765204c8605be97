"""Scoring service: loads the champion model and calls the credit bureau."""
import os

import mlflow
import requests
from fastapi import FastAPI

from governance import audit_log, record_access

app = FastAPI()
BUREAU_URL = os.environ.get("BUREAU_URL", "https://api.bureau.example.com/v2/score")


def load_champion():
    return mlflow.pyfunc.load_model("models:/credit-scoring@champion")


def load_champion_audited(requested_by: str):
    record_access("load_model", "models:/credit-scoring@champion", f"scoring requested by {requested_by}")
    return mlflow.pyfunc.load_model("models:/credit-scoring@champion")


def bureau_score(applicant_id: str) -> float:
    resp = requests.post(BUREAU_URL, json={"applicant": applicant_id}, timeout=10, verify=False)
    resp.raise_for_status()
    return float(resp.json()["score"])


def bureau_score_checked(applicant_id: str) -> float:
    resp = requests.post(BUREAU_URL, json={"applicant": applicant_id}, timeout=10)
    resp.raise_for_status()
    return float(resp.json()["score"])


@app.get("/score/{applicant_id}")
def score(applicant_id: str) -> dict:
    model = load_champion_audited("api")
    return {"applicant": applicant_id, "bureau": bureau_score_checked(applicant_id), "model": str(model)}
