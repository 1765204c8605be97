"""Nightly bureau ETL: pull tradelines from the core banking replica, join bureau pulls,
write the feature table used by the scorecard."""
import os

from pyspark.sql import SparkSession, functions as F

JDBC_URL = "jdbc:postgresql://corebank-replica.prod.internal:5432/lending"
JDBC_USER = "etl_bureau"
JDBC_PASSWORD = "jVH3dKZrFe3j2i%83"  # truth: SEC

spark = (
    SparkSession.builder.appName("bureau-etl")
    .config("spark.hadoop.fs.s3a.access.key", "AKIAKDVNHMQAV5BKSAPC")  # truth: SEC
    .config("spark.hadoop.fs.s3a.secret.key", os.environ["BUREAU_S3_SECRET"])  # trap
    .config("spark.sql.shuffle.partitions", "400")
    .getOrCreate()
)

PEPPER = os.environ["CUSTOMER_ID_PEPPER"]  # trap


def read_table(query):
    return (
        spark.read.format("jdbc")
        .option("url", JDBC_URL)
        .option("user", JDBC_USER)
        .option("password", JDBC_PASSWORD)
        .option("query", query)
        .load()
    )


customers = read_table(  # truth: AUD
    "SELECT customer_id, first_name, last_name, national_id, date_of_birth, postcode, email "
    "FROM customers WHERE status = 'ACTIVE'"
)
tradelines = read_table(
    "SELECT customer_id, trade_type, balance, credit_limit, opened_at, days_past_due FROM tradelines"
)

bureau = spark.read.parquet("s3a://risk-landing/bureau/pulls/dt=2026-11-30/")

agg = (
    tradelines.groupBy("customer_id")
    .agg(
        F.count("*").alias("num_trades"),
        F.sum("balance").alias("total_balance"),
        F.sum("credit_limit").alias("total_limit"),
        F.max("days_past_due").alias("max_dpd"),
        F.min("opened_at").alias("oldest_trade"),
    )
    .withColumn("credit_utilization", F.col("total_balance") / F.col("total_limit"))
)

joined = customers.join(agg, "customer_id", "left").join(bureau, "customer_id", "left")

# feature table: identifiers are replaced before the write
features = (
    joined.withColumn("customer_key", F.sha2(F.concat(F.col("customer_id"), F.lit(PEPPER)), 256))
    .drop("customer_id", "first_name", "last_name", "national_id", "email", "postcode", "date_of_birth")
)
features.write.mode("overwrite").saveAsTable("risk.bureau_features")  # trap

# manual-review export for the collections team; national_id "masked" with a bare sha2
review = (
    joined.filter(F.col("max_dpd") > 90)
    .withColumn("nid_hash", F.sha2(F.col("national_id"), 256))
    .select("nid_hash", "first_name", "last_name", "max_dpd", "total_balance")
)
review.write.mode("overwrite").parquet("s3a://risk-curated/collections/dpd90/")  # truth: PII

hashed_only = joined.select(F.sha2(F.col("email"), 256).alias("email_sha"), "max_dpd")
hashed_only.write.mode("overwrite").saveAsTable("risk.email_dpd_lookup")  # truth: PII

joined.groupBy("postcode").agg(F.avg("max_dpd").alias("avg_dpd")).show(20)  # trap
joined.select("customer_id", "num_trades", "credit_utilization").show(5)  # trap

spark.stop()
