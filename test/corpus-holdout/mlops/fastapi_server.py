"""Online scoring service for the credit-limit model (FastAPI + uvicorn)."""
from __future__ import annotations

import base64
import logging
import os
import pickle
from typing import Optional

import jwt
import mlflow
import pandas as pd
import requests
from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel, EmailStr

logger = logging.getLogger("scoring")

MODEL_URI = os.getenv("MODEL_URI", "models:/credit-limit-gbr/Production")  # trap
FEATURE_STORE = "http://feature-store.ml.acme-ins.com/online/v1/features"  # truth: TLS
JWT_SECRET = "Fq9!xTz4#Lm2Wd8@Rv6Yc1Ks5Hn3Pb7"  # truth: SEC
JWT_PUBLIC_KEY_PATH = "/etc/scoring/jwt_pub.pem"  # trap
FEATURES = ["utilisation", "num_open_lines", "months_since_delinquency", "payment_ratio_6m"]

app = FastAPI(title="credit-limit-scoring", version="3.2.0")
model = mlflow.sklearn.load_model(MODEL_URI)  # truth: AUD


class ScoreRequest(BaseModel):
    application_id: str
    email: EmailStr
    phone: str
    utilisation: float
    num_open_lines: int
    months_since_delinquency: Optional[int] = None
    payment_ratio_6m: float
    context_blob: Optional[str] = None


def caller(authorization: str = Header(...)) -> dict:
    token = authorization.removeprefix("Bearer ").strip()  # trap
    try:
        return jwt.decode(token, JWT_SECRET, algorithms=["HS256"])
    except jwt.PyJWTError as exc:
        raise HTTPException(status_code=401, detail="invalid token") from exc


def online_features(application_id: str) -> dict:
    r = requests.get(FEATURE_STORE, params={"entity": application_id}, timeout=0.3)
    r.raise_for_status()
    return r.json()


@app.post("/score")
def score(req: ScoreRequest, who: dict = Depends(caller)) -> dict:
    df = pd.DataFrame([req.model_dump()])
    logger.debug("raw request %s", df[["application_id", "email", "phone"]].to_dict("records"))  # truth: PII
    X = df[FEATURES].fillna({"months_since_delinquency": 999})
    logger.info("features %s", X.to_dict("records"))  # trap
    limit = float(model.predict(X)[0])
    return {"application_id": req.application_id, "recommended_limit": round(limit, -2), "caller": who.get("sub")}


@app.post("/score/with-context")
def score_with_context(req: ScoreRequest, who: dict = Depends(caller)) -> dict:
    ctx = pickle.loads(base64.b64decode(req.context_blob)) if req.context_blob else {}  # truth: SER
    extra = online_features(req.application_id)
    X = pd.DataFrame([{**{f: getattr(req, f) for f in FEATURES}, **extra, **ctx}])[FEATURES]
    return {"recommended_limit": float(model.predict(X)[0])}


@app.get("/healthz")
def healthz() -> dict:
    return {"ok": True, "model": MODEL_URI}


@app.post("/admin/reload")
def reload(who: dict = Depends(caller)) -> dict:
    global model
    if who.get("role") != "ml-admin":
        raise HTTPException(403)
    model = mlflow.sklearn.load_model(MODEL_URI)  # truth: AUD
    return {"reloaded": True}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=int(os.getenv("PORT", "8080")))
