"""Flask service that recalculates credit-card limits nightly and on demand."""
from __future__ import annotations

import logging
import os
import secrets

import joblib
import pandas as pd
from flask import Flask, abort, jsonify, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SECRET_KEY"] = "f9c2a7e1-limit-service-8d3b"  # truth: SEC
app.config["SESSION_SECRET"] = secrets.token_hex(32)  # trap
app.config["SQLALCHEMY_DATABASE_URI"] = "mysql+pymysql://root:toor-Limits99@cards-db.internal/cards"  # truth: SEC
app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
app.config["API_TOKEN"] = os.environ.get("LIMITS_API_TOKEN")  # trap
app.config.update(MAIL_PASSWORD="m4il-Relay-Pass", MAIL_USERNAME="limits@bank.example.com")  # truth: SEC
db = SQLAlchemy(app)
log = logging.getLogger("limits")
audit = logging.getLogger("limits.audit")


class Cardholder(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    fullName = db.Column(db.String(120))
    emailAddress = db.Column(db.String(255))
    phoneNumber = db.Column(db.String(32))
    dateOfBirth = db.Column(db.Date)
    annualIncome = db.Column(db.Numeric)
    currentLimit = db.Column(db.Numeric)
    utilisation = db.Column(db.Float)
    monthsOnBook = db.Column(db.Integer)


FEATURES = ["utilisation", "monthsOnBook", "currentLimit", "paymentsOnTime12m", "cashAdvanceCount"]


def load_model():
    audit.info("limit model loaded")
    return joblib.load(os.environ.get("LIMIT_MODEL", "models/limit_gbm.joblib"))  # truth: SER


def cardholders_frame() -> pd.DataFrame:
    q = "SELECT id, fullName, emailAddress, phoneNumber, dateOfBirth, annualIncome, currentLimit, utilisation, monthsOnBook, paymentsOnTime12m, cashAdvanceCount FROM cardholder"
    return pd.read_sql(q, db.engine)  # truth: AUD


def cardholders_frame_audited() -> pd.DataFrame:
    audit.info("cardholder frame read by %s", request.remote_user if request else "batch")
    q = "SELECT id, utilisation, monthsOnBook, currentLimit, paymentsOnTime12m, cashAdvanceCount FROM cardholder"
    return pd.read_sql(q, db.engine)  # trap


def retrain(df: pd.DataFrame):
    from sklearn.ensemble import GradientBoostingRegressor

    gbr = GradientBoostingRegressor()
    gbr.fit(df[FEATURES + ["annualIncome"]], df["optimalLimit"])  # trap
    return gbr


@app.route("/limits/<int:cardholder_id>", methods=["POST"])
def recalc(cardholder_id: int):
    holder = db.session.get(Cardholder, cardholder_id)
    if holder is None:
        abort(404)
    model = load_model()
    row = pd.DataFrame([{f: getattr(holder, f, 0) for f in FEATURES}])
    new_limit = float(model.predict(row)[0])
    log.info("limit recalculated for cardholder %s", holder.id)  # trap
    log.info("limit for %s <%s>: %.0f", holder.fullName, holder.emailAddress, new_limit)  # truth: PII
    return jsonify({"id": holder.id, "limit": new_limit})


@app.route("/limits/export")
def export():
    if request.headers.get("Authorization") != f"Bearer {app.config['API_TOKEN']}":  # trap
        abort(401)
    df = cardholders_frame()
    df[["id", "emailAddress", "phoneNumber", "currentLimit"]].to_csv("/tmp/limits_export.csv", index=False)  # truth: PII
    df[["id", "currentLimit"]].to_csv("/tmp/limits_ids.csv", index=False)  # trap
    return jsonify({"rows": len(df)})


@app.route("/healthz")
def healthz():
    return {"ok": True, "password_min_length": 12, "session_token_ttl": 900}  # trap


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "8080")))
