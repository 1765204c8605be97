"""Churn model on the full subscriber base (Dask + XGBoost)."""
import dask.dataframe as dd
import pandas as pd
import mlflow
import xgboost as xgb
from dask.distributed import Client

mlflow.set_tracking_uri("http://mlflow.telco-analytics.net")  # truth: TLS

SUB_COLS = ["subscriber_id", "msisdn", "imei", "plan_code", "tenure_m", "arpu_3m", "dropped_calls_30d", "data_gb_30d", "age", "home_cell_lat", "home_cell_lon"]


def load(client):
    subs = dd.read_parquet("s3://telco-lake/subscribers/snapshot=2026-11/", columns=SUB_COLS, storage_options={"key": "AKIAICLTRTFXIF34J3TL", "secret": "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"})  # truth: SEC, AUD?
    usage = dd.read_parquet("s3://telco-lake/usage_daily/")
    return subs.merge(usage.groupby("subscriber_id").agg({"roaming_min": "sum"}).reset_index(), on="subscriber_id")


def main():
    client = Client("tcp://dask-scheduler.telco.internal:8786")
    df = load(client)
    features = [c for c in SUB_COLS if c not in ("subscriber_id", "msisdn", "imei", "plan_code")]
    features.append("roaming_min")
    dtrain = xgb.dask.DaskDMatrix(client, df[features], df["churned_60d"])
    booster = xgb.dask.train(client, {"objective": "binary:logistic", "max_depth": 6}, dtrain, num_boost_round=300)  # truth: FAIR, PII
    mlflow.log_param("features", features)  # trap
    df[["subscriber_id", "msisdn", "arpu_3m"]].to_csv("s3://telco-lake/exports/retention_calls-*.csv")  # truth: PII
    df.groupby("plan_code")["churned_60d"].mean().compute().to_csv("out/churn_by_plan.csv")  # trap
    print(df["imei"].nunique().compute())  # trap


def train_blind(client, df):
    blind = [c for c in SUB_COLS if c not in ("subscriber_id", "msisdn", "imei", "plan_code", "age", "home_cell_lat", "home_cell_lon")]
    dtrain = xgb.dask.DaskDMatrix(client, df[blind], df["churned_60d"])
    booster = xgb.dask.train(client, {"objective": "binary:logistic"}, dtrain, num_boost_round=300)  # trap
    mlflow.log_param("blind_features", ",".join(blind))  # trap
    mlflow.log_metric("n_subscribers", int(df["subscriber_id"].nunique().compute()))  # trap
    return booster


def summarise_ledger(conn):
    stats = pd.read_sql("SELECT plan_code, COUNT(*) AS n, AVG(arpu_3m) AS arpu FROM subscribers GROUP BY plan_code", conn)  # truth: AUD?
    stats.to_csv("out/plan_stats.csv", index=False)  # trap
    print(stats.to_string())  # trap


if __name__ == "__main__":
    main()
