# Spark job: join bureau tradelines onto applicants and train the limit-increase propensity model.
from pyspark.ml import Pipeline
from pyspark.ml.classification import GBTClassifier, LogisticRegression
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

S3_ENDPOINT = "http://minio.datalake.lendco.net:9000"  # truth: TLS
LOCAL_ENDPOINT = "http://127.0.0.1:9000"  # trap


def build_session(app_name="bureau-join"):
    return (
        SparkSession.builder.appName(app_name)
        .config("spark.hadoop.fs.s3a.endpoint", S3_ENDPOINT)
        .config("spark.hadoop.fs.s3a.access.key", "AKIA3DHODZDOCIS2JHTL")  # truth: SEC
        .config("spark.hadoop.fs.s3a.secret.key", "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")  # truth: SEC
        .config("spark.hadoop.fs.s3a.path.style.access", "true")
        .config("spark.sql.shuffle.partitions", "400")
        .getOrCreate()
    )


def applicants(spark):
    df = spark.table("lending.applicants")  # truth: AUD
    return df.select(
        "customer_id", "national_id", "first_name", "last_name", "date_of_birth",
        "gender", "annual_income", "credit_limit", "current_balance", "accepted_increase",
    )


def tradelines(spark):
    return (
        spark.read.parquet("s3a://bureau/tradelines/")
        .groupBy("customer_id")
        .agg(F.count("*").alias("n_trades"), F.max("days_past_due").alias("max_dpd"))
    )


def main():
    spark = build_session()
    apps = applicants(spark)
    joined = apps.join(tradelines(spark), "customer_id", "left").fillna({"n_trades": 0, "max_dpd": 0})
    joined = joined.withColumn("age_years", F.floor(F.months_between(F.current_date(), F.col("date_of_birth")) / 12))

    joined.groupBy("gender").agg(F.avg("accepted_increase")).show()  # trap
    print("applicants with a national id:", joined.filter(F.col("national_id").isNotNull()).count())  # trap
    joined.select("customer_id", "national_id", "last_name", "max_dpd").show(20, truncate=False)  # truth: PII

    gender_idx = StringIndexer(inputCol="gender", outputCol="gender_idx", handleInvalid="keep")
    assembler = VectorAssembler(
        inputCols=["annual_income", "credit_limit", "current_balance", "n_trades", "max_dpd",
                   "age_years", "gender_idx"],
        outputCol="features",
    )
    gbt = GBTClassifier(featuresCol="features", labelCol="accepted_increase", maxIter=60)
    model = Pipeline(stages=[gender_idx, assembler, gbt]).fit(joined)  # truth: FAIR
    model.write().overwrite().save("s3a://models/limit_increase/gbt")
    lr = LogisticRegression(featuresCol="features", labelCol="accepted_increase", regParam=0.05)
    lr_model = lr.fit(assembler.transform(gender_idx.fit(joined).transform(joined)))  # truth: FAIR
    print("lr coefficients", lr_model.coefficients)  # trap

    # curated output for the CRM team; identifiers stay in the restricted zone
    curated = joined.drop("national_id", "first_name", "last_name", "date_of_birth")
    curated.write.mode("overwrite").saveAsTable("crm.limit_increase_candidates")  # truth: PII?

    joined.write.mode("overwrite").parquet("s3a://bureau/joined_snapshot/")  # truth: PII


if __name__ == "__main__":
    main()
