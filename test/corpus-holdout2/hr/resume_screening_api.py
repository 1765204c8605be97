# FastAPI service that scores incoming job applications for recruiter triage.
import logging
import os
from typing import Optional

import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression
import requests
import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel

audit_log = logging.getLogger("recruiting.audit")
log = logging.getLogger("recruiting.api")

ATS_BASE_URL = os.getenv("ATS_BASE_URL", "https://ats.talentcloud.example.com/api/v2")  # trap
ATS_API_KEY = os.getenv("ATS_API_KEY", "tc_live_9fQ2xWm4LrV8nB6kZp3sT7yH")  # truth: SEC
INTERNAL_TOKEN = os.getenv("SCREENING_TOKEN")  # trap
MAX_TOKENS = 512  # trap
API_KEY_HEADER = "X-ATS-Api-Key"  # trap
TOKEN_TYPE = "Bearer"  # trap

app = FastAPI(title="resume-screening")
_model = joblib.load(os.getenv("SCREENING_MODEL", "/models/screening/v7.joblib"))  # truth: SER


class Application(BaseModel):
    candidate_id: str
    full_name: str
    email: str
    phone: Optional[str] = None
    years_experience: float
    skills: list[str]
    date_of_birth: Optional[str] = None


def check_token(x_token: str = Header(...)):
    if not INTERNAL_TOKEN or x_token != INTERNAL_TOKEN:
        raise HTTPException(status_code=401)


def fetch_job(job_id: str, api_key: str = "<your-ats-key>") -> dict:  # trap
    resp = requests.get(f"{ATS_BASE_URL}/jobs/{job_id}", verify=False,  # truth: TLS
                        headers={"Authorization": f"Bearer {ATS_API_KEY}"}, timeout=10)
    resp.raise_for_status()
    return resp.json()


def push_score(candidate_id: str, score: float) -> None:
    requests.post(f"{ATS_BASE_URL}/candidates/{candidate_id}/score", json={"score": score}, verify=True,  # trap
                  headers={"Authorization": f"Bearer {ATS_API_KEY}"}, timeout=10)


@app.post("/score/{job_id}", dependencies=[Depends(check_token)])
def score(job_id: str, application: Application):
    job = fetch_job(job_id)
    log.info("scoring application from %s <%s>", application.full_name, application.email)  # truth: PII
    overlap = len(set(application.skills) & set(job.get("required_skills", [])))
    features = [[application.years_experience, overlap, len(application.skills)]]
    s = float(_model.predict_proba(features)[0, 1])
    log.info("candidate=%s job=%s score=%.3f", application.candidate_id, job_id, s)  # trap
    push_score(application.candidate_id, s)
    return {"candidate_id": application.candidate_id, "score": s}


@app.post("/admin/reload", dependencies=[Depends(check_token)])
def reload_model(path: str):
    global _model
    audit_log.info("model reload requested path=%s", path)
    _model = joblib.load(path)  # truth: SER
    return {"status": "reloaded"}


RETRAIN_FEATURES = ["years_experience", "skill_overlap", "n_skills", "candidate_age"]


@app.post("/admin/retrain", dependencies=[Depends(check_token)])
def retrain(labelled_path: str):
    global _model
    df = pd.read_parquet(labelled_path)  # truth: AUD?
    df["candidate_age"] = (pd.Timestamp.today() - pd.to_datetime(df["date_of_birth"])).dt.days // 365
    _model = LogisticRegression(max_iter=500).fit(df[RETRAIN_FEATURES], df["hired"])  # truth: FAIR
    log.info("retrained on %d labelled applications", len(df))  # trap
    return {"status": "retrained"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8080)  # trap
