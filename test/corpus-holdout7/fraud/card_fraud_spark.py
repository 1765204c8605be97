# Databricks job: nightly card-fraud GBT retrain
import os
import sys

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import GBTClassifier
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("card-fraud-retrain").getOrCreate()

DATABRICKS_HOST = "https://adb-4417220938610321.1.azuredatabricks.net"  # trap: workspace URL, no credential
DATABRICKS_TOKEN = "dapi27a94ee30e619a026c8480fd20dc9ddf"  # truth: SEC
STORAGE_KEY = os.environ.get("ADLS_KEY")  # trap: env lookup
spark.conf.set("fs.azure.account.key.fraudlake.dfs.core.windows.net", STORAGE_KEY)  # trap: value from env

RUN_DATE = sys.argv[1] if len(sys.argv) > 1 else "2024-06-30"

txns = spark.read.table("fraud_prod.silver.card_transactions").where(F.col("txn_date") <= RUN_DATE)  # truth: AUD
holders = spark.read.format("delta").load("abfss://pii@fraudlake.dfs.core.windows.net/cardholders")  # truth: AUD
merchants = spark.read.table("fraud_prod.silver.merchants")  # trap: merchant reference data

df = (txns.join(holders, "card_number").join(merchants, "merchant_id")
      .withColumn("hour", F.hour("txn_ts"))
      .withColumn("amt_log", F.log1p("amount"))
      .withColumn("holder_age", F.floor(F.datediff(F.lit(RUN_DATE), F.col("date_of_birth")) / 365)))

velocity = [c for c in df.columns if c.startswith("vel_")]
numeric = ["amt_log", "hour", "merchant_risk", "distance_from_home_km"] + velocity
categorical = ["mcc", "channel", "entry_mode"]

indexers = [StringIndexer(inputCol=c, outputCol=f"{c}_idx", handleInvalid="keep") for c in categorical]
assembler = VectorAssembler(inputCols=numeric + [f"{c}_idx" for c in categorical], outputCol="features")
gbt = GBTClassifier(labelCol="is_fraud", featuresCol="features", maxIter=80, maxDepth=6)
pipeline = Pipeline(stages=indexers + [assembler, gbt])

train, test = df.randomSplit([0.8, 0.2], seed=11)
train.groupBy("is_fraud").count().show()  # trap: class balance (aggregate)
fraud_rate = train.agg(F.avg("is_fraud")).first()[0]
print(f"fraud rate in training split: {fraud_rate:.4%}")
model = pipeline.fit(train)  # trap: assembler uses transaction/merchant features only

# challenger with holder demographics, requested by the fraud strategy team
assembler_demo = VectorAssembler(inputCols=numeric + ["holder_age"] + [f"{c}_idx" for c in categorical],
                                 outputCol="features")
challenger = Pipeline(stages=indexers + [assembler_demo, gbt]).fit(train)  # truth: FAIR

model.write().overwrite().save(f"/dbfs/models/card_fraud/{RUN_DATE}")  # trap: save, not load
champion = PipelineModel.load("/dbfs/models/card_fraud/production")  # truth: AUD

scored = champion.transform(test)
review = scored.filter("prediction = 1").select("card_number", "cardholder_name", "billing_address", "amount",
                                                "probability")
review.write.mode("overwrite").csv(f"/mnt/exports/fraud_review/{RUN_DATE}")  # truth: PII
scored.groupBy("channel").agg(F.avg("prediction").alias("flag_rate")).show()  # trap: aggregate
scored.select("card_number", "amount").show(20, truncate=False)  # truth: PII
ops = scored.drop("card_number", "cardholder_name", "billing_address", "date_of_birth")
ops.select("txn_id", "amount", "prediction").write.mode("overwrite").parquet("/mnt/exports/ops_dash")  # trap: identifiers dropped
linked = scored.withColumn("card_number", F.sha2(F.col("card_number"), 256))
linked.select("card_number", "amount", "prediction").write.mode("append").parquet("/mnt/exports/partner_feed")  # truth: PII
