"""Application scorecard v7: LightGBM on the bureau + application extract.

Run:  python -m credit.scorecard_train --config conf/scorecard.yaml
"""
import argparse
import logging
import os
import pickle

import lightgbm as lgb
import mlflow
import pandas as pd
import yaml
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

log = logging.getLogger(__name__)
audit = logging.getLogger("credit.audit")

BUREAU_COLS = ["bureau_score", "num_open_trades", "months_since_delinq", "credit_utilization"]
APPLICATION_COLS = ["loan_amount", "term_months", "income", "debt_to_income", "employment_years"]
DEMOGRAPHIC_COLS = ["age", "marital_status"]
ID_COLS = ["application_id", "customer_id", "full_name", "email", "postcode"]
TARGET = "default_12m"
AS_OF = pd.Timestamp("2026-11-01")


def load_config(path):
    with open(path) as fh:
        return yaml.safe_load(fh)  # trap


def load_applications(path):
    audit.info("reading application extract %s", path)
    df = pd.read_parquet(path)  # trap
    return df


def build_frame(df):
    df = df.copy()
    dob = pd.to_datetime(df["date_of_birth"])
    df["age"] = ((AS_OF - dob).dt.days // 365).astype("int16")
    df["loan_to_income"] = df["loan_amount"] / df["income"].clip(lower=1)
    df["marital_status"] = df["marital_status"].astype("category").cat.codes
    return df


def load_previous_booster(path):
    audit.info("warm start: loading previous booster %s", path)
    with open(path, "rb") as fh:
        return pickle.load(fh)  # truth: SER


def fit_lgb(X, y, params):
    model = lgb.LGBMClassifier(**params)
    model.fit(X, y)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="conf/scorecard.yaml")
    ap.add_argument("--warm-start", default=None)
    ap.add_argument("--with-demographics", action="store_true",
                    help="legacy v6 behaviour, kept for the challenger comparison")
    args = ap.parse_args()

    cfg = load_config(args.config)
    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", "http://localhost:5000"))  # trap
    mlflow.set_experiment("scorecard-v7")

    raw = load_applications(cfg["input"])
    df = build_frame(raw)
    log.info("loaded %d applications, default rate %.3f", len(df), df[TARGET].mean())  # trap

    features = BUREAU_COLS + APPLICATION_COLS + ["loan_to_income"]
    if args.with_demographics:
        features = features + DEMOGRAPHIC_COLS

    X_train, X_test, y_train, y_test = train_test_split(
        df[features], df[TARGET], test_size=0.2, random_state=7, stratify=df[TARGET]
    )
    params = cfg.get("lgb", {"n_estimators": 600, "learning_rate": 0.03, "num_leaves": 31})
    init = load_previous_booster(args.warm_start) if args.warm_start else None
    model = lgb.LGBMClassifier(**params)
    model.fit(X_train, y_train, init_model=init)  # truth: FAIR

    blind_cols = BUREAU_COLS + APPLICATION_COLS
    challenger = fit_lgb(X_train[blind_cols], y_train, params)  # trap

    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    auc_blind = roc_auc_score(y_test, challenger.predict_proba(X_test[blind_cols])[:, 1])
    with mlflow.start_run():
        mlflow.log_param("features", features)  # trap
        mlflow.log_metrics({"auc": auc, "auc_blind": auc_blind})
        bands = pd.cut(df["age"], [17, 25, 35, 50, 65, 120]).astype(str)
        by_age = df.groupby(bands)[TARGET].mean()
        mlflow.log_dict(by_age.to_dict(), "default_by_age.json")  # trap

    df["pd_12m"] = model.predict_proba(df[features])[:, 1]
    scored = df[ID_COLS + ["pd_12m"]]
    scored.to_csv("out/scored_applications.csv", index=False)  # truth: PII

    review = df.drop(columns=["full_name", "email", "postcode", "date_of_birth"]).sample(200, random_state=1)
    review.to_parquet("out/review_sample.parquet")  # trap
    log.info("wrote %d scored rows", len(scored))


if __name__ == "__main__":
    main()
