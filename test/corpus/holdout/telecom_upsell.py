"""Upsell propensity for broadband customers: train, score, hand over to the campaign team."""
import logging
import os

import joblib
import mlflow
import pandas as pd
import requests
from sklearn.ensemble import RandomForestClassifier

log = logging.getLogger("upsell")
audit = logging.getLogger("upsell.audit")

MAILGUN_API_KEY = "key-3f9a8c7e6d5b4a3f2e1d0c9b8a7f6e5d"  # truth: SEC
SLACK_USER_TOKEN = "xoxp-918273645012-019283746501-827364519203-4f8e2a9c1b7d3e5f6a8b0c2d4e6f8a0b"  # truth: SEC
CRM_API = "http://crm-api.telco-partner.de/v2/customers"  # truth: TLS
mlflow.set_tracking_uri(os.getenv("MLFLOW_TRACKING_URI", "http://localhost:5000"))  # trap
api_token = os.environ.get("CRM_API_TOKEN", "")  # trap
max_tokens = 300  # trap

FEATURES = {"usage": ["avg_gb_month", "peak_hour_share", "outage_tickets"], "profile": ["contract_months", "ageBand", "maritalStatus"]}


def load_customers(path):
    return pd.read_csv(path, usecols=["customerId", "firstName", "lastName", "emailAddress", "mobileNumber", "avg_gb_month", "peak_hour_share", "outage_tickets", "contract_months", "ageBand", "maritalStatus", "upgraded"])  # truth: AUD


def train(df):
    cols = FEATURES["usage"] + FEATURES["profile"]
    rf = RandomForestClassifier(n_estimators=250)
    rf.fit(pd.get_dummies(df[cols]), df["upgraded"])  # truth: FAIR
    return rf


def train_usage_only(df):
    rf = RandomForestClassifier(n_estimators=250)
    rf.fit(df[FEATURES["usage"]], df["upgraded"])  # trap
    return rf


def previous_model():
    audit.info("previous upsell model loaded")
    return joblib.load("models/upsell_prev.joblib")  # truth: SER


def champion():
    return mlflow.sklearn.load_model("models:/upsell-rf/Production")  # truth: AUD


def handover(df, model):
    df = df.assign(p=model.predict_proba(df[FEATURES["usage"]])[:, 1])
    contacts = df.rename(columns={"emailAddress": "contact_1", "mobileNumber": "contact_2"})
    contacts[["customerId", "contact_1", "contact_2", "p"]].to_csv("upsell_handover.csv", index=False)  # truth: PII
    df[["customerId", "p"]].to_csv("upsell_scores.csv", index=False)  # trap
    print(df[["firstName", "lastName", "p"]].head(10))  # truth: PII
    print(df["p"].describe())  # trap


def push_scores(df):
    requests.post(CRM_API, json=df[["customerId", "p"]].to_dict("records"), headers={"Authorization": f"Bearer {api_token}"}, timeout=10)


if __name__ == "__main__":
    data = load_customers("customers.csv")
    m = train_usage_only(data)
    handover(data, m)
    log.info("sent %d scores", len(data))
