"""Nightly AML transaction-monitoring scoring job (Databricks, PySpark)."""
from pyspark.sql import SparkSession, functions as F, Window
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer, OneHotEncoder, VectorAssembler
from pyspark.ml.classification import GBTClassifier

spark = SparkSession.builder.appName("aml-tm-scoring").getOrCreate()

JDBC_URL = "jdbc:sqlserver://kyc-sql.corp.internal:1433;databaseName=kyc"
JDBC_PROPS = {
    "user": "svc_aml_ro",
    "password": "Ztdsf10*XHqgt",  # truth: SEC
    "driver": "com.microsoft.sqlserver.jdbc.SQLServerDriver",
}

RUN_DATE = spark.conf.get("spark.aml.run_date", "2024-06-30")
LOOKBACK_DAYS = 30

customers = spark.table("core_banking.customers").select(  # truth: AUD
    "customer_id", "full_name", "nationality", "country_of_residence", "segment", "iban", "onboarding_date")
kyc = spark.read.jdbc(JDBC_URL, "dbo.kyc_customer_risk", properties=JDBC_PROPS)  # truth: AUD
txn = (spark.table("core_banking.transactions")
       .where(F.col("booking_date") > F.date_sub(F.lit(RUN_DATE), LOOKBACK_DAYS)))

w = Window.partitionBy("customer_id")
agg = (txn.groupBy("customer_id")
       .agg(F.count("*").alias("n_txn"),
            F.sum(F.when(F.col("direction") == "OUT", F.col("amount_eur"))).alias("out_eur"),
            F.sum(F.when(F.col("direction") == "IN", F.col("amount_eur"))).alias("in_eur"),
            F.countDistinct("counterparty_country").alias("n_cp_countries"),
            F.sum(F.when(F.col("channel") == "CASH", 1).otherwise(0)).alias("n_cash"),
            F.max("amount_eur").alias("max_amount")))

feat = (customers.join(kyc.select("customer_id", "pep_flag", "risk_rating"), "customer_id", "left")
        .join(agg, "customer_id", "left")
        .fillna(0, subset=["n_txn", "out_eur", "in_eur", "n_cp_countries", "n_cash", "max_amount"])
        .withColumn("in_out_ratio", F.col("in_eur") / (F.col("out_eur") + F.lit(1.0)))
        .withColumn("tenure_days", F.datediff(F.lit(RUN_DATE), F.col("onboarding_date"))))

labels = spark.table("aml_cases.sar_outcomes").select("customer_id", F.col("sar_filed").cast("int").alias("label"))
train_df = feat.join(labels, "customer_id", "inner")

indexers = [StringIndexer(inputCol=c, outputCol=f"{c}_idx", handleInvalid="keep")
            for c in ["nationality", "country_of_residence", "segment", "risk_rating"]]
encoder = OneHotEncoder(inputCols=[f"{c}_idx" for c in ["nationality", "country_of_residence", "segment", "risk_rating"]],
                        outputCols=[f"{c}_ohe" for c in ["nationality", "country_of_residence", "segment", "risk_rating"]])
assembler = VectorAssembler(
    inputCols=["n_txn", "out_eur", "in_eur", "n_cp_countries", "n_cash", "max_amount", "in_out_ratio",
               "tenure_days", "pep_flag", "nationality_ohe", "country_of_residence_ohe", "segment_ohe", "risk_rating_ohe"],
    outputCol="features")
gbt = GBTClassifier(labelCol="label", featuresCol="features", maxIter=80, maxDepth=5)
pipeline = Pipeline(stages=indexers + [encoder, assembler, gbt])
model = pipeline.fit(train_df)  # truth: FAIR

scored = model.transform(feat).withColumn("p_sar", F.udf(lambda v: float(v[1]), "double")("probability"))
alerts = scored.where(F.col("p_sar") > 0.35)

alerts.select("customer_id", "full_name", "iban", "p_sar").orderBy(F.desc("p_sar")).show(50, truncate=False)  # truth: PII
alerts.groupBy("segment").count().show()  # trap: aggregate

alerts.select("customer_id", "iban", "p_sar", "risk_rating").write.mode("overwrite").parquet(  # truth: PII
    f"abfss://aml@lakeprod.dfs.core.windows.net/alerts/run_date={RUN_DATE}")

alerts.select("customer_id", "p_sar").write.mode("overwrite").saveAsTable("aml_alerts.daily_scores")  # trap: key and score only
