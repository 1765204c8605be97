"""Train the retail credit scorecard (gradient boosting) from the warehouse extract.

Usage: python train_scorecard.py --since 2024-01-01
Estimator docs: https://scikit-learn.org/stable/modules/ensemble.html
"""
import argparse
import logging
import os

import joblib
import mlflow
import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sqlalchemy import create_engine

log = logging.getLogger(__name__)
audit = logging.getLogger("credit.audit")

WAREHOUSE_URL = "postgresql://scoring_svc:Tr0ub4dor-Risk-2024@warehouse.internal:5432/credit"  # truth: SEC
MLFLOW_URI = os.environ.get("MLFLOW_TRACKING_URI", "http://localhost:5000")  # trap
PASSWORD_MIN_LENGTH = 12  # trap
max_tokens = 512  # trap

FEATURES = [
    "loan_amount",
    "term_months",
    "credit_utilization",
    "num_open_accounts",
    "num_late_payments_12m",
    "debt_to_income",
    "employment_years",
    "age",
    "marital_status",
]
TARGET = "defaulted"


def load_applications(engine, since):
    audit.info("reading credit.applications since %s for scorecard training", since)  # trap
    query = (
        "SELECT application_id, applicant_email, loan_amount, term_months, credit_utilization, "
        "num_open_accounts, num_late_payments_12m, debt_to_income, employment_years, age, "
        "marital_status, defaulted FROM credit.applications WHERE created_at >= %(since)s"
    )
    return pd.read_sql(query, engine, params={"since": since})  # trap


def split(df):
    X = df[FEATURES]
    y = df[TARGET]
    return train_test_split(X, y, test_size=0.2, stratify=y, random_state=7)


def train(df):
    X_train, X_test, y_train, y_test = split(df)
    model = GradientBoostingClassifier(n_estimators=300, max_depth=3, learning_rate=0.05)
    model.fit(X_train, y_train)  # truth: FAIR
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    log.info("holdout AUC %.4f", auc)
    return model, auc


def export_rejections(df, model):
    scored = df.copy()
    scored["pd_score"] = model.predict_proba(scored[FEATURES])[:, 1]
    rejected = scored[scored["pd_score"] > 0.35]
    rejected[["application_id", "applicant_email", "pd_score"]].to_csv("rejections.csv", index=False)  # truth: PII
    rejected[["application_id", "pd_score"]].to_csv("rejections_internal.csv", index=False)  # trap


def warm_start(path):
    # previous champion, written by this same job last month
    audit.info("loading previous champion from %s", path)
    return joblib.load(path)  # truth: SER


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--since", default="2024-01-01")
    parser.add_argument("--champion", default=None)
    args = parser.parse_args()

    engine = create_engine(WAREHOUSE_URL)
    mlflow.set_tracking_uri(MLFLOW_URI)
    df = load_applications(engine, args.since)
    log.info("loaded %d applications", len(df))
    log.info("columns: %s", list(df.columns))  # trap

    with mlflow.start_run(run_name="scorecard-gbm"):
        model, auc = train(df)
        mlflow.log_metric("auc", auc)
        mlflow.log_params({"n_estimators": 300, "max_depth": 3})
        mlflow.log_param("features", ",".join(FEATURES))
        joblib.dump(model, "scorecard.joblib")  # trap
        mlflow.log_artifact("scorecard.joblib")

    if args.champion:
        champion = warm_start(args.champion)
        X = df[FEATURES]
        delta = np.mean(model.predict(X) != champion.predict(X))
        log.info("disagreement with champion: %.3f", delta)

    export_rejections(df, model)


if __name__ == "__main__":
    main()
