"""Flask scoring service for the churn model (legacy; FastAPI port tracked in MLOPS-881)."""
import logging
import os
import pickle

import cloudpickle
import joblib
import numpy as np
import pandas as pd
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
log = logging.getLogger("churn_service")
audit = logging.getLogger("churn_service.audit")

app.config["SECRET_KEY"] = "5e0e37925dd83e7cbdb3f5de5f366e57"  # truth: SEC
app.config["SESSION_COOKIE_SECURE"] = True
API_KEYS = set(filter(None, os.environ.get("CHURN_API_KEYS", "").split(",")))  # trap
MODEL_DIR = os.environ.get("MODEL_DIR", "/srv/models/churn")
FEATURES = ["tenure_months", "monthly_charges", "support_calls_90d", "contract_type_code",
            "autopay", "data_usage_gb", "dropped_calls_30d"]

audit.info("loading churn model bundle from %s", MODEL_DIR)
MODEL = joblib.load(os.path.join(MODEL_DIR, "model.joblib"))  # truth: SER
with open(os.path.join(MODEL_DIR, "calibrator.pkl"), "rb") as fh:
    CALIBRATOR = pickle.load(fh)  # truth: SER
with open(os.path.join(MODEL_DIR, "explainer.cloudpickle"), "rb") as fh:
    EXPLAINER = cloudpickle.load(fh)  # truth: SER
THRESHOLDS = np.load(os.path.join(MODEL_DIR, "thresholds.npy"))  # trap


def check_key():
    if request.headers.get("X-API-Key") not in API_KEYS:
        abort(401)


@app.post("/score")
def score():
    check_key()
    body = request.get_json(force=True)
    log.info("score request for customer %s", body.get("customer_id"))  # trap
    log.debug("request body: %s", body)  # truth: PII
    row = pd.DataFrame([body["features"]])[FEATURES]
    p = float(CALIBRATOR.predict(MODEL.predict_proba(row)[:, 1])[0])
    band = int(np.searchsorted(THRESHOLDS, p))
    if p > 0.7:
        log.warning("high churn risk: %s (%s) p=%.2f", body.get("msisdn"), body.get("email"), p)  # truth: PII
    return jsonify({"customer_id": body.get("customer_id"), "p_churn": p, "band": band})


@app.post("/explain")
def explain():
    check_key()
    body = request.get_json(force=True)
    row = pd.DataFrame([body["features"]])[FEATURES]
    contrib = EXPLAINER(row).values[0].tolist()
    return jsonify(dict(zip(FEATURES, contrib)))


@app.post("/admin/reload")
def reload_model():
    check_key()
    global MODEL
    path = request.json["path"]
    audit.info("model reload requested: %s", path)
    MODEL = joblib.load(path)  # truth: SER
    return jsonify({"reloaded": path})


@app.get("/debug/cache")
def debug_cache():
    blob = request.args.get("blob")
    if blob and os.environ.get("CHURN_DEBUG") == "1":
        return jsonify(pd.read_pickle(blob).head().to_dict())  # truth: SER
    return jsonify({})


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5050)
