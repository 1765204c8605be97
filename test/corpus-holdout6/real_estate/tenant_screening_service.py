"""Tenant screening microservice (Flask). Wraps the production screening model and a KYC vendor."""
import logging
import os

import joblib
import pandas as pd
import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
log = logging.getLogger("screening")

KYC_ENDPOINT = "https://kyc.vendor-example.com/v1/verify"
KYC_API_KEY = os.environ.get("KYC_API_KEY", "your-kyc-key-here")  # trap: placeholder default
LANDLORD_PORTAL = "http://portal.rentals-example.com/api/decisions"  # truth: TLS
MODEL_PATH = os.environ.get("SCREENING_MODEL", "/models/prod/tenant_screening_v7.joblib")

model = joblib.load(MODEL_PATH)  # truth: SER, AUD

FEATURES = ["monthly_income", "rent_to_income", "months_at_current_address", "prior_evictions",
            "credit_score", "open_collections", "employment_months", "household_size"]


def kyc_check(applicant: dict) -> dict:
    payload = {k: applicant[k] for k in ("full_name", "date_of_birth", "ssn", "current_address")}
    r = requests.post(KYC_ENDPOINT, json=payload, headers={"Authorization": f"Bearer {KYC_API_KEY}"},  # trap: KYC vendor over https
                      timeout=15, verify=os.environ.get("REQUESTS_CA_BUNDLE", True))  # trap: CA bundle or True
    r.raise_for_status()
    return r.json()


@app.post("/screen")
def screen():
    applicant = request.get_json(force=True)
    if not applicant or "ssn" not in applicant:
        abort(400)
    kyc = kyc_check(applicant)
    if not kyc.get("identity_verified"):
        log.info("KYC failed for %s (dob %s, ssn %s)", applicant["full_name"], applicant["date_of_birth"], applicant["ssn"])  # truth: PII
        return jsonify({"decision": "refer", "reason": "identity"}), 200
    row = pd.DataFrame([{f: applicant.get(f) for f in FEATURES}])
    score = float(model.predict_proba(row)[0, 1])
    decision = "accept" if score < 0.2 else ("refer" if score < 0.5 else "decline")
    requests.post(LANDLORD_PORTAL, json={"application_ref": applicant["application_ref"], "decision": decision},
                  timeout=10)
    log.info("application %s decision=%s score=%.3f", applicant["application_ref"], decision, score)  # trap: reference only
    return jsonify({"decision": decision, "score": score})


@app.post("/rescore-batch")
def rescore_batch():
    path = request.args.get("path", "/data/screening/pending_applicants.csv")
    pending = pd.read_csv(path)  # truth: AUD
    pending["score"] = model.predict_proba(pending[FEATURES])[:, 1]
    flagged = pending[pending["score"] >= 0.5]
    log.info("rescored %d applicants, %d flagged", len(pending), len(flagged))  # trap: counts
    flagged[["application_ref", "full_name", "current_address", "score"]].to_csv("/data/screening/flagged.csv", index=False)  # truth: PII
    return jsonify({"rescored": len(pending), "flagged": len(flagged)})


@app.get("/healthz")
def healthz():
    return {"ok": True, "model": os.path.basename(MODEL_PATH)}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080)  # trap: bind address, not a URL
