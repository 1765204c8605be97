"""Prefect flow: monthly retrain of the propensity model with gated registration."""
import json
import os

import mlflow
import pandas as pd
import requests
from prefect import flow, get_run_logger, task
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from ml_governance.audit import audit

SLACK_WEBHOOK = "https://hooks.slack.com/services/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"  # truth: SEC
GITLAB_TOKEN = "glpat-qo-uWZ92-NkNqSVA9GSH"  # truth: SEC
GITLAB_API = "https://gitlab.corp.example.com/api/v4"
MLFLOW_URI = "http://10.40.2.15:5000"  # truth: TLS
PLACEHOLDER_TOKEN = "<set-in-prefect-block>"  # trap: placeholder
REGISTRY_PASSWORD = "${REGISTRY_PASSWORD}"  # trap: template placeholder
DEFAULT_DB_PASSWORD = "changeme"  # trap: obvious placeholder
FEATURES = ["recency_days", "frequency_90d", "monetary_90d", "n_sessions_30d", "email_open_rate", "n_returns"]


@task(retries=2)
def extract() -> pd.DataFrame:
    df = pd.read_parquet("gs://marketing-ml/snapshots/customers_features_latest.parquet")  # truth: AUD
    return df


@task
def train(df: pd.DataFrame):
    X_tr, X_te, y_tr, y_te = train_test_split(df[FEATURES], df["converted_30d"], test_size=0.2, random_state=0)
    model = GradientBoostingClassifier(n_estimators=300, max_depth=3)
    model.fit(X_tr, y_tr)  # trap: behavioural features only
    auc = roc_auc_score(y_te, model.predict_proba(X_te)[:, 1])
    return model, auc


@task
def register(model, auc: float, threshold: float = 0.74):
    logger = get_run_logger()
    mlflow.set_tracking_uri(MLFLOW_URI)
    with mlflow.start_run(run_name="propensity-monthly") as run:
        mlflow.log_metric("auc", auc)
        mlflow.sklearn.log_model(model, "model")
    if auc < threshold:
        logger.warning("auc %.3f below threshold, not registering", auc)
        return None
    audit(event="register_model", model="propensity", run_id=run.info.run_id, auc=auc)
    mv = mlflow.register_model(f"runs:/{run.info.run_id}/model", "propensity")  # trap: audited task
    return mv.version


@task
def open_mr(version):
    r = requests.post(f"{GITLAB_API}/projects/412/merge_requests", verify=False, timeout=30,  # truth: TLS
                      headers={"PRIVATE-TOKEN": GITLAB_TOKEN},
                      json={"source_branch": f"bump-propensity-{version}", "target_branch": "main",
                            "title": f"Deploy propensity v{version}"})
    return r.json().get("web_url")


@task
def notify(msg: str):
    requests.post(SLACK_WEBHOOK, data=json.dumps({"text": msg}), timeout=10)


@flow(name="propensity-retrain")
def retrain():
    df = extract()
    model, auc = train(df)
    version = register(model, auc)
    if version:
        url = open_mr(version)
        notify(f"propensity v{version} registered (auc={auc:.3f}); MR: {url}")
    else:
        notify(f"propensity retrain finished, auc={auc:.3f}, not registered")


if __name__ == "__main__":
    retrain()
