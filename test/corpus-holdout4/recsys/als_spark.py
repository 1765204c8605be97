"""Implicit-feedback ALS for the weekly "picked for you" e-mail, Spark 3.5."""
import os
import sys

from pyspark.ml import PipelineModel
from pyspark.ml.feature import StringIndexer
from pyspark.ml.recommendation import ALS
from pyspark.sql import SparkSession, Window, functions as F

spark = SparkSession.builder.appName("picked-for-you-als").getOrCreate()
spark.sparkContext.setLogLevel("WARN")

RUN_DATE = sys.argv[1] if len(sys.argv) > 1 else "2026-11-30"
INTERACTIONS = f"s3a://shop-lake/events/interactions/dt={RUN_DATE}/"
GCS_SA = {
    "type": "service_account",
    "project_id": "shop-ml-prod",
    "private_key_id": "3e2b80ced2f36cff69b13604149d675c",  # trap
    "client_email": "als-job@shop-ml-prod.iam.gserviceaccount.com",
}

events = spark.read.parquet(INTERACTIONS)
weights = {"view": 1.0, "add_to_cart": 3.0, "purchase": 6.0}
w = F.create_map(*[x for k, v in weights.items() for x in (F.lit(k), F.lit(v))])
implicit = (
    events.withColumn("w", w[F.col("event_type")])
    .groupBy("user_id", "sku")
    .agg(F.sum("w").alias("strength"))
)

indexers = PipelineModel.load("/opt/models/als_indexers_2026_11")  # trap
indexed = indexers.transform(implicit)

als = ALS(userCol="user_idx", itemCol="item_idx", ratingCol="strength", implicitPrefs=True,
          rank=64, regParam=0.05, alpha=20.0, coldStartStrategy="drop")
model = als.fit(indexed)  # trap

recs = model.recommendForAllUsers(12)
recs = recs.select("user_idx", F.explode("recommendations").alias("r")).select(
    "user_idx", F.col("r.item_idx").alias("item_idx"), F.col("r.rating").alias("score")
)

users = (
    spark.read.format("jdbc")  # truth: AUD
    .option("url", "jdbc:postgresql://crm-db.shop.internal:5432/crm?ssl=false")  # truth: TLS?
    .option("dbtable", "crm.customers")
    .option("user", "als_reader")
    .option("password", os.environ["CRM_DB_PASSWORD"])  # trap
    .load()
    .select("user_id", "email", "first_name", "marketing_opt_in")
)

user_map = indexed.select("user_id", "user_idx").distinct()
item_map = indexed.select("sku", "item_idx").distinct()
mailing = (
    recs.join(user_map, "user_idx").join(item_map, "item_idx").join(users, "user_id")
    .filter(F.col("marketing_opt_in"))
    .withColumn("rank", F.row_number().over(Window.partitionBy("user_id").orderBy(F.desc("score"))))
)
mailing.select("email", "first_name", "sku", "rank").write.mode("overwrite").parquet(  # truth: PII
    f"s3a://shop-crm-outbound/picked_for_you/dt={RUN_DATE}/"
)
mailing.groupBy("rank").count().show()  # trap
recs.select("user_idx", "item_idx", "score").write.mode("overwrite").saveAsTable("reco.als_scores")  # trap

remote = PipelineModel.load("s3a://shop-ml-models/als/indexers/latest")  # truth: AUD?
spark.stop()
