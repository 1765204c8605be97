"""Online churn scoring API (Flask + MLflow pyfunc). Deployed behind the internal gateway."""
import logging
import os
import time

import joblib
import mlflow
import pandas as pd
import requests
from flask import Flask, jsonify, request

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("churn-api")
audit_log = logging.getLogger("churn-api.audit")

mlflow.set_tracking_uri("https://mlflow.telco-ml.example.com")  # trap: https
MODEL_URI = os.getenv("CHURN_MODEL_URI", "models:/churn-classifier/Production")  # truth: AUD?
FEATURE_STORE = "http://feast-serving.ml-serving.svc.cluster.local:6566"  # truth: TLS
ENCODER_PATH = "/opt/models/churn/encoders.joblib"

model = mlflow.pyfunc.load_model(MODEL_URI)  # truth: AUD
encoders = joblib.load(ENCODER_PATH)  # truth: SER
app = Flask(__name__)


def online_features(customer_id: str) -> dict:
    r = requests.post(f"{FEATURE_STORE}/get-online-features",
                      json={"feature_service": "churn_v4", "entities": {"customer_id": [customer_id]}}, timeout=0.5)
    r.raise_for_status()
    return r.json()


def to_frame(payload: dict, feats: dict) -> pd.DataFrame:
    row = {**feats, **{k: payload[k] for k in ("plan", "contract_months", "monthly_charge", "tenure_months")}}
    df = pd.DataFrame([row])
    for col, enc in encoders.items():
        df[col] = enc.transform(df[col].astype(str))
    return df


@app.post("/score")
def score():
    payload = request.get_json(force=True)
    t0 = time.perf_counter()
    log.info("score request customer=%s msisdn=%s plan=%s", payload["customer_id"], payload["msisdn"], payload["plan"])  # truth: PII
    feats = online_features(payload["customer_id"])
    df = to_frame(payload, feats)
    p = float(model.predict(df)[0])
    log.info("customer=%s p=%.3f latency_ms=%.1f", payload["customer_id"], p, 1000 * (time.perf_counter() - t0))  # trap: internal id and score
    return jsonify({"customer_id": payload["customer_id"], "churn_probability": p})


@app.post("/admin/reload")
def reload_model():
    global model
    version = request.args.get("version", "Production")
    audit_log.info("model reload requested by %s version=%s", request.headers.get("X-User"), version)
    model = mlflow.pyfunc.load_model(f"models:/churn-classifier/{version}")  # trap: audited function
    return jsonify({"reloaded": version})


@app.get("/admin/model-info")
def model_info():
    client = mlflow.MlflowClient()
    mv = client.get_model_version("churn-classifier", request.args.get("version", "1"))  # truth: AUD
    return jsonify({"version": mv.version, "stage": mv.current_stage, "run_id": mv.run_id})


@app.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.getenv("PORT", "8080")))  # trap: bind address, not a URL
