"""Medication adherence (PDC >= 0.8) prediction for the specialty pharmacy outreach programme."""
import os

import boto3
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import average_precision_score

S3 = boto3.client(
    "s3",
    aws_access_key_id="ASIA7R6I3MVSBIV4VZ2H",  # truth: SEC
    aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),  # trap: env lookup
    region_name="us-east-2",
)
BUCKET = "rx-analytics-prod"

PARAMS = {
    "objective": "binary:logistic",
    "eval_metric": "aucpr",
    "eta": 0.05,
    "max_depth": 5,
    "subsample": 0.85,
    "colsample_bytree": 0.7,
    "tree_method": "hist",
}


def fetch(key: str, local: str) -> str:
    if not os.path.exists(local):
        S3.download_file(BUCKET, key, local)
    return local


def load_members() -> pd.DataFrame:
    path = fetch("extracts/members_enrolled.parquet", "/tmp/members.parquet")
    return pd.read_parquet(path)  # truth: AUD


def load_fills() -> pd.DataFrame:
    path = fetch("extracts/rx_fills_24m.parquet", "/tmp/fills.parquet")
    fills = pd.read_parquet(path)
    fills["fill_date"] = pd.to_datetime(fills["fill_date"])
    return fills


def featurise(members: pd.DataFrame, fills: pd.DataFrame) -> pd.DataFrame:
    g = fills.groupby("member_id")
    feats = pd.DataFrame({
        "n_fills": g.size(),
        "n_distinct_ndc": g["ndc"].nunique(),
        "mean_days_supply": g["days_supply"].mean(),
        "max_gap_days": g["fill_date"].apply(lambda s: s.sort_values().diff().dt.days.max()),
        "copay_mean": g["copay"].mean(),
        "mail_order_share": g["is_mail_order"].mean(),
    }).reset_index()
    df = members.merge(feats, on="member_id", how="left")
    df = pd.get_dummies(df, columns=["therapeutic_class", "race", "plan_type"], dtype=float)
    return df


def main():
    members = load_members()
    fills = load_fills()
    df = featurise(members, fills)
    label = "adherent_next_6m"

    drop = ["member_id", "first_name", "last_name", "dob", "phone", "address", label]
    X = df.drop(columns=drop)
    y = df[label]
    print("feature columns:", list(X.columns))  # trap: column names only

    split = int(len(df) * 0.8)
    dtrain = xgb.DMatrix(X.iloc[:split], label=y.iloc[:split])
    dvalid = xgb.DMatrix(X.iloc[split:], label=y.iloc[split:])
    booster = xgb.train(PARAMS, dtrain, num_boost_round=600, evals=[(dvalid, "valid")], early_stopping_rounds=40)  # truth: FAIR, PII
    ap_score = average_precision_score(y.iloc[split:], booster.predict(dvalid))
    print(f"valid AP={ap_score:.4f}")

    outreach = df.iloc[split:][["member_id", "phone"]].assign(p_nonadherent=1 - booster.predict(dvalid))
    outreach = outreach[outreach["p_nonadherent"] > 0.6]
    outreach.to_csv("/tmp/outreach_list.csv", index=False)  # truth: PII
    S3.upload_file("/tmp/outreach_list.csv", BUCKET, "outreach/latest.csv")
    booster.save_model("/tmp/adherence.json")


if __name__ == "__main__":
    main()
