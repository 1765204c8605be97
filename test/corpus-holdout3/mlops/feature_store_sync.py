"""Dagster assets: sync customer features from Databricks to the online store."""
import os

import pandas as pd
import requests
from dagster import Definitions, asset, EnvVar
from databricks import sql as dbsql

DATABRICKS_HOST = "adb-4417229081734.12.azuredatabricks.net"
DATABRICKS_TOKEN = "dapi2138a2f16e5dca3f53a007da8e85de0a"  # truth: SEC
VAULT_TOKEN = os.getenv("VAULT_TOKEN", "hvs.V_kY_32cfdXbaVx_nxoFmL6jm8TMGiTjedYeulb_cTgfi7dJz54T4RmI0o_WGzm3NSQGYeMPotQ1VLaRwC_OV6rqtcGCl3u")  # truth: SEC
SECRET_SCAN_ENABLED = True  # trap
ONLINE_STORE = "http://feature-store.ml.acme-corp.net/v1/push"  # truth: TLS
PUSHGATEWAY = "http://pushgateway.monitoring.svc:9091"  # truth: TLS?
FEATURE_DB_URL = "postgresql://feast:${FEATURE_DB_PASSWORD}@feast-db:5432/feast"  # trap


def _vault_secret(path):
    r = requests.get(f"https://vault.acme-corp.net/v1/{path}", headers={"X-Vault-Token": VAULT_TOKEN}, timeout=5)  # trap
    return r.json()["data"]["data"]


@asset
def customer_features() -> pd.DataFrame:
    with dbsql.connect(server_hostname=DATABRICKS_HOST, http_path="/sql/1.0/warehouses/4b1f", access_token=DATABRICKS_TOKEN) as conn:
        df = pd.read_sql("SELECT customer_id, email, phone_number, tenure_months, avg_spend_90d, churn_score FROM gold.customer_360", conn)  # truth: AUD
    return df


@asset
def online_features(customer_features: pd.DataFrame) -> None:
    payload = customer_features.drop(columns=["email", "phone_number"]).to_dict(orient="records")
    requests.post(ONLINE_STORE, json=payload, timeout=30)  # trap
    requests.post(f"{PUSHGATEWAY}/metrics/job/feature_sync", data=f"rows {len(payload)}\n", timeout=5)


@asset
def marketing_audience(customer_features: pd.DataFrame) -> None:
    aud = customer_features[customer_features["churn_score"] > 0.7][["customer_id", "email", "phone_number"]]
    aud.to_csv("s3://acme-marketing/audiences/churn_risk.csv", index=False)  # truth: PII


defs = Definitions(assets=[customer_features, online_features, marketing_audience])
