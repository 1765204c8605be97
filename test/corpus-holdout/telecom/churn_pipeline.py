"""Spark job: monthly churn features + propensity model for the retention campaign."""
import logging
import os

import requests
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from telco_platform.audit import audit_event

log = logging.getLogger("churn")

spark = (
    SparkSession.builder.appName("churn-monthly")
    .config("spark.sql.shuffle.partitions", "400")
    .getOrCreate()
)
spark.conf.set("fs.azure.account.key.telcolake.dfs.core.windows.net", "<storage-account-key>")  # trap

JDBC_URL = "jdbc:postgresql://billing-ro.telco.internal:5432/billing"
JDBC_PROPS = {"user": "churn_reader", "password": "YlV#vsSKuvinX!", "driver": "org.postgresql.Driver"}  # truth: SEC
CAMPAIGN_API = "http://campaigns.telco-marketing.net/api/v1/audiences"  # truth: TLS


def subscribers(month: str) -> DataFrame:
    audit_event("subscriber-read", dataset="crm.subscribers", month=month)
    return spark.read.table("crm.subscribers").where(F.col("snapshot_month") == month)  # trap


def billing(month: str) -> DataFrame:
    audit_event("billing-read", dataset="billing.invoices", month=month)
    return spark.read.jdbc(JDBC_URL, "billing.invoices", properties=JDBC_PROPS).where(F.col("month") == month)


def build_features(month: str) -> DataFrame:
    subs = subscribers(month)
    bills = billing(month).groupBy("subscriber_id").agg(
        F.avg("amount").alias("avg_bill"), F.sum("late_payments").alias("late_payments")
    )
    return (
        subs.join(bills, "subscriber_id", "left")
        .withColumn("tenure_months", F.months_between(F.current_date(), F.col("activation_date")))
        .withColumn("dropped_calls_rate", F.col("dropped_calls") / F.greatest(F.col("total_calls"), F.lit(1)))
    )


def export_for_retention(features: DataFrame, month: str) -> None:
    # The retention vendor matches on hashed MSISDN only.
    masked = features.withColumn("msisdn", F.sha2(F.col("msisdn"), 256)).select("msisdn", "tenure_months", "avg_bill", "churn_score")
    masked.write.mode("overwrite").parquet(f"abfss://exports@telcolake.dfs.core.windows.net/retention/{month}")  # truth: PII


def export_for_call_centre(features: DataFrame, month: str) -> None:
    callers = features.select("msisdn", "email", "first_name", "plan_name", "churn_score")
    callers.write.mode("overwrite").parquet(f"abfss://exports@telcolake.dfs.core.windows.net/callcentre/{month}")  # truth: PII


def train(features: DataFrame):
    gender_idx = StringIndexer(inputCol="gender", outputCol="gender_idx", handleInvalid="keep")
    plan_idx = StringIndexer(inputCol="plan_name", outputCol="plan_idx", handleInvalid="keep")
    onehot = OneHotEncoder(inputCols=["gender_idx", "plan_idx"], outputCols=["gender_vec", "plan_vec"])
    assembler = VectorAssembler(
        inputCols=["tenure_months", "avg_bill", "late_payments", "dropped_calls_rate", "gender_vec", "plan_vec"],
        outputCol="features",
    )
    lr = LogisticRegression(labelCol="churned", featuresCol="features", maxIter=50)
    pipeline = Pipeline(stages=[gender_idx, plan_idx, onehot, assembler, lr])
    return pipeline.fit(features)  # truth: FAIR


def train_without_demographics(features: DataFrame):
    plan_idx = StringIndexer(inputCol="plan_name", outputCol="plan_idx", handleInvalid="keep")
    assembler = VectorAssembler(inputCols=["tenure_months", "avg_bill", "late_payments", "plan_idx"], outputCol="features")
    lr = LogisticRegression(labelCol="churned", featuresCol="features", maxIter=50)
    return Pipeline(stages=[plan_idx, assembler, lr]).fit(features)  # trap


def push_audience(month: str, n: int) -> None:
    token = os.environ["CAMPAIGN_API_TOKEN"]  # trap
    resp = requests.post(CAMPAIGN_API, json={"month": month, "size": n}, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    resp.raise_for_status()


if __name__ == "__main__":
    month = os.environ.get("CHURN_MONTH", "2024-05")
    feats = build_features(month).cache()
    model = train_without_demographics(feats)
    export_for_retention(model.transform(feats).withColumnRenamed("probability", "churn_score"), month)
    push_audience(month, feats.count())
