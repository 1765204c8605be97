"""Postpaid churn model — polars feature build + LightGBM, tracked in MLflow."""
import argparse
from pathlib import Path

import lightgbm as lgb
import mlflow
import polars as pl
from mlflow.tracking import MlflowClient

from telco_ml.audit import audited

IDENTIFIERS = {"msisdn", "imei", "subscriber_name", "email", "billing_address"}
PROTECTED = {"gender", "age", "nationality"}
LABEL = "churned_90d"


@audited("subscriber-read")
def read_subscribers(snapshot: str) -> pl.DataFrame:
    return pl.read_parquet(f"/lake/telco/subscribers/snapshot={snapshot}/*.parquet")  # truth: AUD?


def read_usage(snapshot: str) -> pl.LazyFrame:
    return pl.scan_parquet(f"/lake/telco/usage_daily/snapshot={snapshot}/*.parquet")  # truth: AUD


def build(subs: pl.DataFrame, usage: pl.LazyFrame) -> pl.DataFrame:
    agg = (usage.group_by("msisdn")
           .agg(pl.col("data_mb").sum().alias("data_mb_90d"),
                pl.col("voice_min").sum().alias("voice_min_90d"),
                pl.col("dropped_calls").sum().alias("dropped_90d"),
                pl.col("roaming_days").sum().alias("roaming_90d"))
           .collect())
    return subs.join(agg, on="msisdn", how="left").fill_null(0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--snapshot", required=True)
    ap.add_argument("--mlflow", default="http://10.40.2.17:5000")  # truth: TLS
    ap.add_argument("--with-demographics", action="store_true")
    a = ap.parse_args()

    mlflow.set_tracking_uri(a.mlflow)
    frame = build(read_subscribers(a.snapshot), read_usage(a.snapshot))

    features = sorted(set(frame.columns) - IDENTIFIERS - PROTECTED - {LABEL, "contract_id"})
    demo_features = sorted(set(frame.columns) - IDENTIFIERS - {LABEL, "contract_id"})
    pdf = frame.to_pandas()
    for c in ("plan_family", "gender", "nationality", "handset_tier"):
        pdf[c] = pdf[c].astype("category")

    with mlflow.start_run():
        clf = lgb.LGBMClassifier(n_estimators=500, learning_rate=0.04, num_leaves=48, subsample=0.8)
        clf.fit(pdf[features], pdf[LABEL])  # trap: identifiers and protected columns removed by set difference
        mlflow.log_metric("train_rows", len(pdf))
        if a.with_demographics:
            clf_d = lgb.LGBMClassifier(n_estimators=500, learning_rate=0.04)
            clf_d.fit(pdf[demo_features], pdf[LABEL])  # truth: FAIR
        mlflow.log_table(pdf[["msisdn", "imei", "plan_family", LABEL]].head(200), "sample_rows.json")  # truth: PII
        mlflow.log_table(pdf[features + [LABEL]].head(200), "feature_sample.json")  # trap: identifiers excluded
        mlflow.lightgbm.log_model(clf, "model")

    client = MlflowClient()
    latest = client.get_latest_versions("postpaid-churn", stages=["Staging"])  # truth: AUD
    print([v.version for v in latest])
    Path("feature_list.txt").write_text("\n".join(features))  # trap: feature names only


if __name__ == "__main__":
    main()
