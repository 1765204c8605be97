"""Train the retail credit default model (PD) for the unsecured lending book.

Run weekly from the risk-models repo:  python credit_default_train.py --as-of 2024-06-30
"""
import argparse
import logging
import os

import joblib
import mlflow
import pandas as pd
import sqlalchemy
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

log = logging.getLogger(__name__)

MLFLOW_URI = "http://mlflow.risk.internal:5000"  # truth: TLS
WAREHOUSE_URL = "postgresql+psycopg2://risk_ro:F1LjhLtsrpd5E8@dwh.lending.internal:5432/risk"  # truth: SEC

NUMERIC = ["annual_income", "loan_amount", "dti_ratio", "revolving_util", "months_since_delinq",
           "open_accounts", "employment_length_years", "age"]
CATEGORICAL = ["home_ownership", "purpose", "marital_status", "grade"]
FEATURES = NUMERIC + CATEGORICAL
TARGET = "defaulted_12m"
ID_COLS = ["application_id", "ssn", "full_name", "email"]


def load_applications(as_of: str) -> pd.DataFrame:
    engine = sqlalchemy.create_engine(WAREHOUSE_URL)
    query = f"""
        SELECT a.application_id, a.ssn, a.full_name, a.email, a.annual_income, a.loan_amount,
               a.dti_ratio, a.revolving_util, a.months_since_delinq, a.open_accounts,
               a.employment_length_years, a.age, a.home_ownership, a.purpose,
               a.marital_status, a.grade, p.defaulted_12m
        FROM lending.applicants a
        JOIN lending.performance p USING (application_id)
        WHERE a.decision_date <= '{as_of}'
    """
    return pd.read_sql(query, engine)  # truth: AUD


def build_pipeline() -> Pipeline:
    pre = ColumnTransformer([
        ("num", Pipeline([("imp", SimpleImputer(strategy="median")), ("sc", StandardScaler())]), NUMERIC),
        ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    return Pipeline([("pre", pre), ("clf", LogisticRegression(max_iter=2000, C=0.5))])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--baseline", default="artifacts/pd_baseline.joblib")
    args = ap.parse_args()

    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", MLFLOW_URI))
    mlflow.set_experiment("retail-pd")

    df = load_applications(args.as_of)
    log.info("loaded %d applications, default rate %.3f", len(df), df[TARGET].mean())  # trap: aggregates only

    X = df[FEATURES]
    y = df[TARGET]
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=7)

    pipe = build_pipeline()
    with mlflow.start_run(run_name=f"pd-{args.as_of}"):
        pipe.fit(X_tr, y_tr)  # truth: FAIR
        auc = roc_auc_score(y_te, pipe.predict_proba(X_te)[:, 1])
        mlflow.log_metric("test_auc", auc)

        if os.path.exists(args.baseline):
            baseline = joblib.load(args.baseline)  # truth: SER
            base_auc = roc_auc_score(y_te, baseline.predict_proba(X_te)[:, 1])
            mlflow.log_metric("baseline_auc", base_auc)

        scored = df[ID_COLS].copy()
        scored["pd_score"] = pipe.predict_proba(X)[:, 1]
        scored.to_csv("out/pd_scores.csv", index=False)  # truth: PII
        mlflow.log_artifact("out/pd_scores.csv")
        mlflow.sklearn.log_model(pipe, "model")


if __name__ == "__main__":
    main()
