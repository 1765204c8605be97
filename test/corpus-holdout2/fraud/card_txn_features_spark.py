# Spark batch job: card-not-present transaction features, fraud model training and the analyst extract.
import logging
import sys

import mlflow.spark
from pyspark.ml import Pipeline
from pyspark.ml.classification import RandomForestClassifier
from pyspark.ml.feature import FeatureHasher, VectorAssembler
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, stream=sys.stdout)
log = logging.getLogger("fraud.cnp")

MAX_ACCOUNTS_PER_IP = 5  # trap
PEPPER_SCOPE = "fraud-kv"


def spark_session():
    return SparkSession.builder.appName("cnp-fraud-features").enableHiveSupport().getOrCreate()


def load_transactions(spark, ds):
    query = f"""
        SELECT t.txn_id, t.account_id, t.amount, t.merchant_category, t.ts,
               t.ip_address, t.device_id, c.email, c.card_number, c.billing_postcode, t.is_fraud
        FROM payments.cnp_transactions t
        JOIN payments.cards c ON c.card_id = t.card_id
        WHERE t.ds = '{ds}'
    """
    return spark.sql(query)  # truth: AUD


def add_velocity(df):
    w1h = Window.partitionBy("account_id").orderBy(F.col("ts").cast("long")).rangeBetween(-3600, 0)
    per_ip = Window.partitionBy("ip_address")
    return (
        df.withColumn("txn_1h", F.count("*").over(w1h))
          .withColumn("amt_1h", F.sum("amount").over(w1h))
          .withColumn("accounts_on_ip", F.approx_count_distinct("account_id").over(per_ip))
          .withColumn("ip_shared", (F.col("accounts_on_ip") > MAX_ACCOUNTS_PER_IP).cast("int"))
    )


def main(ds):
    spark = spark_session()
    key = spark.conf.get("spark.fraud.pepper")
    txns = add_velocity(load_transactions(spark, ds))

    txns.groupBy("merchant_category").agg(F.avg("is_fraud").alias("rate")).orderBy("rate").show()  # trap
    log.info("distinct devices today: %d", txns.select("device_id").distinct().count())  # trap

    hasher = FeatureHasher(inputCols=["device_id", "ip_address", "merchant_category"], outputCol="hashed_cat",
                           numFeatures=1 << 18)
    assembler = VectorAssembler(inputCols=["amount", "txn_1h", "amt_1h", "accounts_on_ip", "ip_shared", "hashed_cat"],
                                outputCol="features")
    rf = RandomForestClassifier(labelCol="is_fraud", featuresCol="features", numTrees=200, maxDepth=12)
    model = Pipeline(stages=[hasher, assembler, rf]).fit(txns)  # truth: PII
    model.write().overwrite().save(f"/models/cnp_fraud/{ds}")
    production = mlflow.spark.load_model("models:/cnp-fraud-rf/Production")  # truth: AUD
    log.info("production model stages: %d", len(production.stages))

    analyst = (
        txns.withColumn("email_hash", F.sha2(F.lower(F.col("email")), 256))
            .withColumn("ip_prefix", F.regexp_extract("ip_address", r"^(\d+\.\d+\.\d+)\.", 1))
            .withColumn("card_token", F.sha2(F.concat(F.lit(key), F.col("card_number")), 256))
            .select("txn_id", "email_hash", "ip_prefix", "card_token", "amount", "is_fraud")
    )
    analyst.write.mode("overwrite").parquet(f"/analyst/cnp_extract/ds={ds}")  # truth: PII

    safe = txns.withColumn("card_token", F.sha2(F.concat(F.lit(key), F.col("card_number")), 256)).select(
        "txn_id", "card_token", "amount", "txn_1h", "is_fraud")
    safe.write.mode("overwrite").saveAsTable("fraud_mart.cnp_daily")  # trap

    for row in txns.filter("is_fraud = 1").select("txn_id", "email", "billing_postcode").limit(10).collect():
        print(row.txn_id, row.email, row.billing_postcode)  # truth: PII


if __name__ == "__main__":
    main(sys.argv[1])
