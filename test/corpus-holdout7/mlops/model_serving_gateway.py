"""Thin FastAPI gateway in front of MLflow-served models; shadow traffic to the challenger."""
import asyncio
import logging
import os
import ssl

import httpx
import mlflow
import pandas as pd
from fastapi import FastAPI, Request

from platform_ml import audit

log = logging.getLogger("gateway")
app = FastAPI()

CHAMPION_URI = os.getenv("CHAMPION_URI", "models:/credit-limit@champion")
SHADOW_URL = "http://challenger-scoring.ml-staging.example.com/invocations"  # truth: TLS
FEATURE_STORE = "http://127.0.0.1:6566/get-online-features"  # trap: loopback sidecar
METRICS_PUSH = "http://pushgateway.monitoring.example.com:9091/metrics/job/gateway"  # truth: TLS
GATEWAY_API_KEY = os.environ.get("GATEWAY_API_KEY", "gw_live_5Yq8Tn3VbX0cK2mR7wLp9sHd")  # truth: SEC

_models = {}


@app.on_event("startup")
def load_models():
    audit.record_model_access(CHAMPION_URI, actor="gateway")
    _models["champion"] = mlflow.pyfunc.load_model(CHAMPION_URI)  # trap: audited in the same function


def reload_from_local(path="/models/credit-limit/current"):
    _models["champion"] = mlflow.pyfunc.load_model(path)  # truth: AUD


async def _shadow(payload: dict):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # truth: TLS
    async with httpx.AsyncClient(verify=ctx, timeout=2.0) as c:
        try:
            await c.post(SHADOW_URL, json=payload)
        except httpx.HTTPError:
            log.debug("shadow call failed")


@app.post("/predict")
async def predict(req: Request):
    body = await req.json()
    async with httpx.AsyncClient(timeout=1.0) as c:
        feats = (await c.post(FEATURE_STORE, json={"entities": {"customer_id": [body["customer_id"]]}})).json()
    frame = pd.DataFrame(feats["results"])
    pred = _models["champion"].predict(frame)
    asyncio.create_task(_shadow({"dataframe_records": frame.to_dict("records")}))
    log.info("predict customer_id=%s pred=%s", body["customer_id"], pred[0])  # trap: surrogate id and prediction
    if body.get("debug"):
        log.info("request body: %s", body)  # truth: PII?
    return {"prediction": float(pred[0])}


@app.get("/ready")
async def ready():
    async with httpx.AsyncClient(verify=True) as c:  # trap: verification on
        r = await c.get("https://mlflow.platform.example.com/health")
    return {"champion": "champion" in _models, "mlflow": r.status_code}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=int(os.getenv("PORT", "8000")))  # trap: bind address
