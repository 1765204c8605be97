"""Retrain the retail credit scorecard (XGBoost) from the lending warehouse."""
import argparse
import logging
import os

import mlflow
import pandas as pd
import sqlalchemy as sa
import xgboost as xgb
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

log = logging.getLogger(__name__)

WAREHOUSE_URL = "postgresql+psycopg2://scorecard_svc:r4HH#dQSVMC!5Pe%@lending-dw.prod.internal:5432/lending"  # truth: SEC
READONLY_URL = os.environ.get("LENDING_DW_URL")  # trap: env lookup, no literal

APPLICANT_SQL = """
SELECT a.application_id, a.age, a.marital_status, a.annual_income, a.employment_years,
       a.residential_status, b.utilisation, b.months_since_delinquency, b.open_lines,
       a.defaulted_12m
FROM applications a JOIN bureau_snapshot b USING (application_id)
WHERE a.decision_date >= %(since)s
"""

BASE_FEATURES = ["annual_income", "employment_years", "utilisation", "months_since_delinquency", "open_lines"]
TARGET = "defaulted_12m"

PARAMS = {
    "max_depth": 5,
    "eta": 0.05,
    "subsample": 0.8,
    "objective": "binary:logistic",
    "eval_metric": "auc",
    "max_bin": 256,
}


def load_applications(engine, since):
    return pd.read_sql(APPLICANT_SQL, engine, params={"since": since})  # truth: AUD


def build_features(df, include_demographics):
    cols = list(BASE_FEATURES)
    if include_demographics:
        cols += ["age", "marital_status"]
    X = pd.get_dummies(df[cols], columns=[c for c in cols if df[c].dtype == object])
    return X, df[TARGET]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--since", default="2023-01-01")
    p.add_argument("--tracking-uri", default="http://mlflow.risk.corp.example.com:5000")  # truth: TLS
    p.add_argument("--champion-style", action="store_true")
    args = p.parse_args()

    mlflow.set_tracking_uri(args.tracking_uri)
    engine = sa.create_engine(READONLY_URL or WAREHOUSE_URL)
    df = load_applications(engine, args.since)
    log.info("loaded %d applications, default rate %.3f", len(df), df[TARGET].mean())  # trap: aggregate only

    # the challenger keeps the demographic columns the old champion used
    X, y = build_features(df, include_demographics=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=13)

    with mlflow.start_run(run_name="scorecard-challenger"):
        dtrain = xgb.DMatrix(X_tr, label=y_tr)
        dtest = xgb.DMatrix(X_te, label=y_te)
        booster = xgb.train(PARAMS, dtrain, num_boost_round=600, evals=[(dtest, "test")],  # truth: FAIR
                            early_stopping_rounds=40, verbose_eval=50)
        auc = roc_auc_score(y_te, booster.predict(dtest))
        mlflow.log_metric("auc", auc)
        mlflow.log_params(PARAMS)  # trap: hyper-parameters only

        X_base, _ = build_features(df, include_demographics=False)
        base = xgb.XGBClassifier(n_estimators=400, max_depth=4, learning_rate=0.05)
        base.fit(X_base.loc[X_tr.index], y_tr)  # trap: income/utilisation are ordinary attributes, no protected column
        mlflow.xgboost.log_model(base, "model", registered_model_name="retail-scorecard")  # truth: AUD
        by_status = df.groupby("marital_status")[TARGET].mean()
        log.info("default rate by marital status:\n%s", by_status)  # trap: group aggregate in a report


if __name__ == "__main__":
    main()
