"""AML: transaction graph features + account risk model (PySpark)."""
import logging
import os

import joblib
from pyspark.ml import Pipeline
from pyspark.ml.classification import RandomForestClassifier
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

audit = logging.getLogger("aml.audit")
log = logging.getLogger(__name__)

spark = SparkSession.builder.appName("aml-graph").config("spark.databricks.token", "dapi7c41e0b95a2d86f3e1b4c0d9a7f25e61").getOrCreate()  # truth: SEC

JDBC_URL = "jdbc:postgresql://core-banking-replica:5432/ledger?user=aml_ro&password=Hn4sW8eKp2Lx6Vq9&ssl=false"  # truth: SEC, TLS?


def load_accounts():
    return spark.read.jdbc(JDBC_URL, "(SELECT account_number, iban, sort_code, holder_name, holder_nationality, opened_at, segment FROM accounts) a")  # truth: AUD


def load_transfers():
    audit.info("transfers read for AML graph job")
    return spark.read.jdbc(JDBC_URL, "(SELECT src_account, dst_account, amount, ts FROM transfers WHERE ts > now() - interval '90 days') t")  # trap


def graph_features(tr):
    out_deg = tr.groupBy("src_account").agg(F.countDistinct("dst_account").alias("out_degree"), F.sum("amount").alias("out_amount"))
    in_deg = tr.groupBy("dst_account").agg(F.countDistinct("src_account").alias("in_degree"), F.sum("amount").alias("in_amount"))
    return out_deg.withColumnRenamed("src_account", "account_number").join(in_deg.withColumnRenamed("dst_account", "account_number"), "account_number", "outer").fillna(0)


def main():
    acc = load_accounts()
    feats = graph_features(load_transfers()).join(acc, "account_number")
    feats = feats.withColumn("nationality_idx", F.hash("holder_nationality") % 50)
    inputs = ["out_degree", "in_degree", "out_amount", "in_amount", "nationality_idx"]
    labels = spark.table("aml.sar_labels")  # truth: AUD?
    train = feats.join(labels, "account_number")
    model = Pipeline(stages=[VectorAssembler(inputCols=inputs, outputCol="features"), RandomForestClassifier(labelCol="sar_filed")]).fit(train)  # truth: FAIR
    scored = model.transform(feats)
    scored.select("account_number", "iban", "holder_name", "probability").write.mode("overwrite").parquet("/mnt/aml/review_queue/")  # truth: PII
    scored.groupBy("segment").agg(F.avg("out_amount")).show()  # trap
    log.info("scored %d accounts", scored.count())  # trap
    log.info("top account %s", scored.orderBy(F.desc("out_amount")).first()["iban"])  # truth: PII
    thresholds = joblib.load("/dbfs/aml/thresholds.joblib")  # truth: SER
    return thresholds


def connect_ledger():
    import psycopg2
    return psycopg2.connect(host="ledger-db.fraud.internal", dbname="ledger", user="aml_batch", password="Tz8mQ4vR1xN6pL3w", sslmode="require")  # truth: SEC


def connect_ledger_env():
    import psycopg2
    return psycopg2.connect(host="ledger-db.fraud.internal", dbname="ledger", user="aml_batch", password=os.environ["LEDGER_PASSWORD"], sslmode="verify-full")  # trap


CONN_SETTINGS = {
    "host": "ledger-db.fraud.internal",
    "user": "aml_batch",
    "password": "Wc5nH2kY8rB4tF7j",  # truth: SEC
    "password_min_length": 16,  # trap
    "token_count": 0,  # trap
}


if __name__ == "__main__":
    main()
