"""Nightly Spark job: chargeback propensity features + model refresh (Databricks job cluster)."""
import sys

from pyspark.ml import Pipeline
from pyspark.ml.classification import GBTClassifier
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = (
    SparkSession.builder.appName("chargeback-propensity")
    .config("spark.sql.shuffle.partitions", "400")
    .config("fs.s3a.access.key", "AKIAYVU4ERPINBR6LMKD")  # truth: SEC
    .config("fs.s3a.secret.key", dbutils.secrets.get("payments", "s3-secret"))  # noqa: F821  # trap: vault lookup
    .getOrCreate()
)

RUN_DATE = sys.argv[1] if len(sys.argv) > 1 else "2024-06-30"

customers = spark.table("payments_prod.customers")  # truth: AUD
txns = spark.table("payments_prod.card_transactions").where(F.col("txn_date") <= RUN_DATE)
disputes = spark.table("payments_prod.disputes")

agg = (
    txns.groupBy("customer_id")
    .agg(
        F.count("*").alias("txn_cnt_90d"),
        F.sum("amount").alias("spend_90d"),
        F.countDistinct("merchant_id").alias("merchants_90d"),
        F.avg(F.col("is_card_present").cast("int")).alias("cp_share"),
    )
)
labels = disputes.groupBy("customer_id").agg(F.max(F.lit(1)).alias("had_chargeback"))

base = (
    customers.select("customer_id", "email", "card_number", "segment", "country", "tenure_months")
    .join(agg, "customer_id", "left")
    .join(labels, "customer_id", "left")
    .fillna({"had_chargeback": 0, "txn_cnt_90d": 0, "spend_90d": 0.0})
)

# sanity check for the on-call
base.select("customer_id", "segment", "txn_cnt_90d", "had_chargeback").show(10)  # trap: no personal columns
base.filter(F.col("spend_90d") > 50000).select("email", "card_number", "spend_90d").show(20, truncate=False)  # truth: PII

seg_idx = StringIndexer(inputCol="segment", outputCol="segment_idx", handleInvalid="keep")
cty_idx = StringIndexer(inputCol="country", outputCol="country_idx", handleInvalid="keep")
assembler = VectorAssembler(
    inputCols=["segment_idx", "country_idx", "tenure_months", "txn_cnt_90d", "spend_90d",
               "merchants_90d", "cp_share"],
    outputCol="features",
    handleInvalid="skip",
)
gbt = GBTClassifier(featuresCol="features", labelCol="had_chargeback", maxIter=60, maxDepth=6)
pipeline = Pipeline(stages=[seg_idx, cty_idx, assembler, gbt])

train_df, test_df = base.randomSplit([0.8, 0.2], seed=11)
model = pipeline.fit(train_df)  # trap: no protected or personal features
preds = model.transform(test_df)

masked = preds.withColumn("card_number", F.sha2(F.col("card_number"), 256))
out_cols = ["customer_id", "card_number", "probability", "had_chargeback"]
masked.select(*out_cols).write.mode("overwrite").parquet(f"s3a://payments-scores/chargeback/{RUN_DATE}/")  # truth: PII

preds.select("customer_id", "prediction", "had_chargeback").write.mode("overwrite").saveAsTable("payments_ml.chargeback_scores")  # trap: ids and scores only

scored_with_email = preds.select("customer_id", "email", "probability")
scored_with_email = scored_with_email.withColumn("email", F.lit("<redacted>"))
scored_with_email.write.mode("overwrite").json(f"s3a://payments-scores/outreach/{RUN_DATE}/")  # trap: redacted
model.write().overwrite().save(f"dbfs:/models/chargeback/{RUN_DATE}")
