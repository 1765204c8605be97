"""Probability-of-default model for the unsecured personal loan book.

Retrained monthly by the credit risk analytics team. Run:
    python pd_scorecard_lgbm.py --snapshot 2024-06
"""
import argparse
import os
from datetime import date

import lightgbm as lgb
import mlflow
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

MLFLOW_URI = "http://mlflow.risk-analytics.internal:5000"  # truth: TLS
SNOWFLAKE_PASSWORD = os.getenv("SNOWFLAKE_PASSWORD")  # trap: env lookup

NUMERIC = [
    "annual_income",
    "debt_to_income",
    "months_at_address",  # trap: duration, not an address
    "num_open_trades",
    "utilisation_ratio",
    "bureau_score",
    "age",
]
CATEGORICAL = ["employment_type", "residential_status", "marital_status", "loan_purpose"]
FEATURES = NUMERIC + CATEGORICAL
TARGET = "default_12m"

PARAMS = {
    "objective": "binary",
    "learning_rate": 0.03,
    "num_leaves": 31,
    "min_data_in_leaf": 200,
    "feature_fraction": 0.8,
    "max_bin": 255,
    "verbose": -1,
}


def load_snapshot(snapshot: str) -> pd.DataFrame:
    path = f"s3://risk-lake/origination/applicants_{snapshot}.parquet"
    df = pd.read_parquet(path)  # truth: AUD
    df["application_date"] = pd.to_datetime(df["application_date"])
    # identifiers are only kept for the join back to the decision engine
    df = df.drop(columns=["applicant_email", "mobile_phone", "national_id"])  # trap: drop before sink
    for col in CATEGORICAL:
        df[col] = df[col].astype("category")
    return df


def train(df: pd.DataFrame):
    train_df, valid_df = train_test_split(df, test_size=0.2, stratify=df[TARGET], random_state=7)
    dtrain = lgb.Dataset(train_df[FEATURES], label=train_df[TARGET], categorical_feature=CATEGORICAL)
    dvalid = lgb.Dataset(valid_df[FEATURES], label=valid_df[TARGET], reference=dtrain)
    booster = lgb.train(PARAMS, dtrain, num_boost_round=2000, valid_sets=[dvalid],  # truth: FAIR
                        callbacks=[lgb.early_stopping(100), lgb.log_evaluation(200)])
    preds = booster.predict(valid_df[FEATURES], num_iteration=booster.best_iteration)
    auc = roc_auc_score(valid_df[TARGET], preds)
    gini = 2 * auc - 1
    return booster, {"auc": auc, "gini": gini}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--snapshot", default=date.today().strftime("%Y-%m"))
    args = ap.parse_args()

    mlflow.set_tracking_uri(MLFLOW_URI)
    mlflow.set_experiment("pd-unsecured")
    df = load_snapshot(args.snapshot)
    print(df[TARGET].value_counts(normalize=True))  # trap: aggregate
    print(df.groupby("marital_status")[TARGET].mean())  # trap: aggregate EDA

    with mlflow.start_run(run_name=f"pd-{args.snapshot}"):
        booster, metrics = train(df)
        mlflow.log_params(PARAMS)
        mlflow.log_metrics(metrics)
        imp = pd.Series(booster.feature_importance("gain"), index=FEATURES).sort_values(ascending=False)
        mlflow.log_text(imp.to_string(), "feature_importance.txt")
        mlflow.lightgbm.log_model(booster, "model")
        out = df[["application_id"]].assign(pd_score=booster.predict(df[FEATURES]))
        out.to_parquet(f"scores_{args.snapshot}.parquet", index=False)  # trap: no personal columns


if __name__ == "__main__":
    main()
