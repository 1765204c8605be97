"""Claims fraud triage model (CatBoost)."""
import logging
import os

import boto3
import pandas as pd
from catboost import CatBoostClassifier, Pool

audit = logging.getLogger("claims.audit")
log = logging.getLogger(__name__)

SENDGRID_API_KEY = "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"  # truth: SEC
SMTP_PASSWORD = "<smtp-password>"  # trap


class ClaimsTriage:
    CAT = ["claim_type", "channel", "region", "vehicle_class"]
    NUM = ["claim_amount", "days_to_report", "prior_claims_3y", "policy_tenure_m"]

    def __init__(self, conn):
        self.conn = conn
        self.df = None
        self.features = self.CAT + self.NUM

    def load(self):
        self.df = pd.read_sql("SELECT c.*, p.holder_name, p.holder_dob, p.nationality, p.driver_license_no FROM claims c JOIN policies p USING (policy_id)", self.conn)  # truth: AUD
        return self

    def add_holder_features(self):
        self.df["holder_age"] = (pd.Timestamp("2026-11-01") - pd.to_datetime(self.df["holder_dob"])).dt.days // 365
        self.features = self.features + ["holder_age", "nationality"]
        self.CAT = self.CAT + ["nationality"]
        return self

    def fit(self):
        pool = Pool(self.df[self.features], self.df["confirmed_fraud"], cat_features=self.CAT)
        self.model = CatBoostClassifier(iterations=800, depth=6, verbose=200)
        self.model.fit(pool)  # truth: FAIR
        return self

    def refer(self, threshold=0.8):
        self.df["p_fraud"] = self.model.predict_proba(self.df[self.features])[:, 1]
        refer = self.df[self.df["p_fraud"] >= threshold]
        refer[["claim_id", "holder_name", "driver_license_no", "p_fraud"]].to_excel("out/siu_referrals.xlsx", index=False)  # truth: PII
        log.info("referred %d of %d claims", len(refer), len(self.df))  # trap
        return refer

    def save(self):
        self.model.save_model("out/claims_triage.cbm")
        boto3.client("s3").upload_file("out/claims_triage.cbm", "acme-claims-models", "triage/latest.cbm")


def load_reference_claims(conn):
    audit.info("reference claims read")
    return pd.read_sql("SELECT claim_id, claim_amount, confirmed_fraud FROM claims WHERE reviewed = 1", conn)  # trap


def notify_siu(conn):
    import requests
    triage = ClaimsTriage(conn).load()
    sample = triage.df.sample(50, random_state=1)
    sample.to_json("out/siu_sample.json", orient="records")  # truth: PII
    requests.post("https://siu.acme-insurance.internal/api/cases", json={"n": len(sample)}, verify=False, timeout=10)  # truth: TLS
    requests.post("https://siu.acme-insurance.internal/api/stats", json=sample["claim_type"].value_counts().to_dict(), timeout=10)  # trap


if __name__ == "__main__":
    ClaimsTriage(os.environ["CLAIMS_DB"]).load().add_holder_features().fit().refer()
