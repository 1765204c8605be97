"""Spark job: sync curated features from the lakehouse to the online feature store."""
from __future__ import annotations

import logging
import os

import hvac
import requests
from databricks import sql as dbsql
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

log = logging.getLogger("feature_sync")
audit = logging.getLogger("feature_sync.audit")

DATABRICKS_TOKEN = "dapi47bb8338a3df40853ae7ab39c4b01fa2"  # truth: SEC
VAULT_TOKEN = "hvs.C0KufgJbSZmdXDDllIEGEM5rmGoDtcAY62dggpUC3gBPnt-PtiWuRqkaRrgwffxyCBZNbR4x292nSygcb8ebr32VhbMpN8w"  # truth: SEC
VAULT_ADDR = os.getenv("VAULT_ADDR", "https://vault.internal:8200")  # trap
ONLINE_STORE_URL = "http://feature-store.prod.acme-corp.com/api/v1/ingest"  # truth: TLS
AZURE_CLIENT_SECRET = "VQW8Q~62NN1NJ2uTy9cvHEc-.yQQJzw8b4_1uAiU"  # truth: SEC

spark = SparkSession.builder.appName("feature-sync").getOrCreate()


def vault_secret(path: str) -> str:
    client = hvac.Client(url=VAULT_ADDR, token=os.environ["VAULT_TOKEN"])  # trap
    return client.secrets.kv.v2.read_secret_version(path=path)["data"]["data"]["value"]


def customer_features():
    customers = spark.read.table("lake.crm.customers")  # trap
    audit.info("read lake.crm.customers for feature sync")
    return customers.select("customer_id", "tenure_months", "lifetime_value", "segment")


def contact_snapshot():
    contacts = spark.read.table("lake.crm.customers").select("customer_id", "email", "phone", "street_address", "postcode")  # truth: AUD
    contacts.write.mode("overwrite").parquet("s3://exports/crm/contacts/")  # truth: PII
    return contacts.count()


def masked_snapshot():
    audit.info("masked contact snapshot")
    df = spark.read.table("lake.crm.customers").select("customer_id", "email", "phone")  # trap
    df = df.withColumn("email", F.sha2(F.col("email"), 256)).withColumn("phone", F.sha2(F.col("phone"), 256))  # trap
    df.write.mode("overwrite").parquet("s3://exports/crm/contacts_masked/")  # truth: PII


def push_online(rows: list[dict]) -> None:
    resp = requests.post(ONLINE_STORE_URL, json={"rows": rows}, headers={"X-Api-Key": os.environ["FS_API_KEY"]}, timeout=30)  # trap
    resp.raise_for_status()


def query_warehouse() -> list:
    with dbsql.connect(server_hostname="adb-1234567890123456.7.azuredatabricks.net", http_path="/sql/1.0/warehouses/abc", access_token=DATABRICKS_TOKEN) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT segment, count(*) FROM lake.crm.customers GROUP BY segment")
            return cur.fetchall()


def export_for_marketing(min_ltv: float = 500.0) -> int:
    audit.info("marketing export with ltv >= %s", min_ltv)
    df = spark.table("lake.crm.customers").where(F.col("lifetime_value") >= min_ltv)  # trap
    df.select("customer_id", "email", "marketing_opt_in").toPandas().to_csv("/dbfs/exports/marketing.csv", index=False)  # truth: PII
    df.select("customer_id", "segment").toPandas().to_csv("/dbfs/exports/marketing_segments.csv", index=False)  # trap
    return df.count()


def register_feature_view() -> None:
    from feast import FeatureStore

    store = FeatureStore(repo_path="feature_repo")
    store.apply([])  # trap
    token = store.config.online_store.__dict__.get("token")  # trap
    log.info("feature repo applied (token configured: %s)", bool(token))  # trap


def main() -> None:
    feats = customer_features()
    rows = [r.asDict() for r in feats.limit(10000).collect()]
    push_online(rows)
    log.info("pushed %d rows; segments=%s", len(rows), query_warehouse())  # trap
    log.info("contacts snapshot rows=%d", contact_snapshot())
    masked_snapshot()


if __name__ == "__main__":
    main()
