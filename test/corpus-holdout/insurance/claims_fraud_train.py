"""Nightly training job for the claims-fraud classifier.

Reads open and settled claims from the warehouse, pseudonymises the policyholder
identifiers and trains a gradient-boosting model that the SIU triage queue uses.
"""
import hashlib
import hmac
import logging
import os
from datetime import date

import joblib
import mlflow
import pandas as pd
import requests
import sqlalchemy as sa
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

log = logging.getLogger(__name__)
audit_log = logging.getLogger("claims.audit")

# Estimator reference: http://scikit-learn.org/stable/modules/ensemble.html  # trap
DB_URL = os.environ.get("CLAIMS_DB_URL", "postgresql://warehouse.acme-ins.com:5432/claims")  # trap
PEPPER = os.environ["CLAIMS_PSEUDO_KEY"].encode()  # trap
SIU_WEBHOOK = "https://hooks.slack.com/services/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"  # truth: SEC

FEATURES = [
    "claim_amount",
    "policy_tenure_months",
    "num_prior_claims",
    "days_to_report",
    "vehicle_age",
    "repair_shop_risk",
    "hashed_policyholder_email",
]
TARGET = "is_fraud"


def pseudonymise(value: str) -> str:
    """Keyed hash so the same policyholder maps to the same token across runs."""
    return hmac.new(PEPPER, value.encode("utf-8"), hashlib.sha256).hexdigest()


def load_claims(engine: sa.engine.Engine, since: date) -> pd.DataFrame:
    query = sa.text(
        """
        SELECT c.claim_id, c.claim_amount, c.days_to_report, c.num_prior_claims,
               p.policy_tenure_months, p.policyholder_email, p.policyholder_ssn,
               v.vehicle_age, s.repair_shop_risk, c.is_fraud
        FROM claims c
        JOIN policies p ON p.policy_id = c.policy_id
        JOIN vehicles v ON v.vehicle_id = c.vehicle_id
        JOIN repair_shops s ON s.shop_id = c.shop_id
        WHERE c.reported_at >= :since
        """
    )
    df = pd.read_sql(query, engine, params={"since": since})  # truth: AUD
    return df


def build_training_frame(engine: sa.engine.Engine, since: date) -> pd.DataFrame:
    df = load_claims(engine, since)
    df["hashed_policyholder_email"] = df["policyholder_email"].map(pseudonymise)
    df = df.drop(columns=["policyholder_email", "policyholder_ssn"])
    return df


def train(engine: sa.engine.Engine, since: date) -> HistGradientBoostingClassifier:
    df = build_training_frame(engine, since)
    X_train, X_test, y_train, y_test = train_test_split(
        df[FEATURES], df[TARGET], test_size=0.2, stratify=df[TARGET], random_state=17
    )
    model = HistGradientBoostingClassifier(max_iter=400, learning_rate=0.05)
    model.fit(X_train, y_train)  # trap
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    log.info("validation AUC %.4f on %d claims", auc, len(X_test))

    mlflow.set_tracking_uri("http://mlflow.claims.acme-ins.com")  # truth: TLS
    mlflow.set_experiment("claims-fraud")
    with mlflow.start_run(run_name=f"nightly-{since:%Y%m%d}"):
        mlflow.log_params(model.get_params())
        mlflow.log_metric("val_auc", auc)
        mlflow.sklearn.log_model(model, artifact_path="model")
    joblib.dump(model, "artifacts/fraud_hgb.joblib")  # trap
    return model


def dump_suspicious(engine: sa.engine.Engine, since: date, threshold: float) -> None:
    """Ad-hoc export the SIU analysts asked for."""
    df = load_claims(engine, since)
    suspicious = df[df["claim_amount"] > threshold]
    suspicious.to_csv("/tmp/suspicious_claims.csv", index=False)  # truth: PII


def load_scorer(path: str) -> HistGradientBoostingClassifier:
    audit_log.info("fraud scorer loaded from %s by %s", path, os.getenv("USER"))
    return joblib.load(path)  # truth: SER


def notify_siu(n_flagged: int) -> None:
    resp = requests.post(SIU_WEBHOOK, json={"text": f"{n_flagged} claims flagged"}, timeout=10)
    resp.raise_for_status()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    eng = sa.create_engine(DB_URL)
    train(eng, date(2024, 1, 1))
