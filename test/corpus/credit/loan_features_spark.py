"""PySpark feature job for the mortgage default model (runs on the Databricks jobs cluster)."""
from pyspark.ml import Pipeline
from pyspark.ml.classification import GBTClassifier
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("mortgage-default-features").getOrCreate()
spark.conf.set("fs.azure.account.key.mortgagelake.dfs.core.windows.net", dbutils.secrets.get("lake", "account-key"))  # noqa: F821  # trap
spark.conf.set("spark.sql.shuffle.partitions", "400")

JDBC_URL = "jdbc:sqlserver://loans-sql.database.windows.net:1433;database=loans;user=etl_reader;password=L0ans#Reader2024"  # truth: SEC

applicants = spark.sql(
    "SELECT applicant_id, first_name, last_name, ssn, date_of_birth, marital_status, annual_income, "
    "loan_amount, property_value, ltv, dti, fico_band, defaulted FROM loans.applications"
)  # trap

# audit trail for the read above goes through the platform helper
audit_log = spark._jvm.org.apache.log4j.LogManager.getLogger("mortgage.audit")
audit_log.info("loans.applications read for feature build")

features = applicants.select("applicant_id", "loan_amount", "property_value", "ltv", "dti", "fico_band", "defaulted")
features.write.mode("overwrite").format("delta").saveAsTable("features.mortgage_default")  # trap

with_identity = applicants.select("applicant_id", "first_name", "last_name", "ssn", "ltv", "dti")
with_identity.write.mode("overwrite").format("delta").saveAsTable("features.mortgage_identity")  # truth: PII

with_identity.show(5)  # truth: PII
features.describe().show()  # trap

masked = applicants.withColumn("ssn", F.sha2(F.concat(F.col("ssn"), F.lit("pepper")), 256)).drop("first_name", "last_name", "date_of_birth", "annual_income")  # trap
masked.write.mode("overwrite").parquet("abfss://curated@mortgagelake.dfs.core.windows.net/applications_masked")  # trap

indexers = [StringIndexer(inputCol="fico_band", outputCol="fico_idx"), StringIndexer(inputCol="marital_status", outputCol="marital_idx")]
assembler = VectorAssembler(inputCols=["loan_amount", "property_value", "ltv", "dti", "fico_idx", "marital_idx"], outputCol="features")
gbt = GBTClassifier(labelCol="defaulted", featuresCol="features", maxIter=50)
pipeline = Pipeline(stages=indexers + [assembler, gbt])
model = pipeline.fit(applicants)  # truth: FAIR

neutral_assembler = VectorAssembler(inputCols=["loan_amount", "property_value", "ltv", "dti", "fico_idx"], outputCol="features")
neutral = Pipeline(stages=[indexers[0], neutral_assembler, GBTClassifier(labelCol="defaulted", featuresCol="features")])
neutral_model = neutral.fit(features)  # trap

income_assembler = VectorAssembler(inputCols=["loan_amount", "annual_income", "dti"], outputCol="features")
income_model = Pipeline(stages=[income_assembler, GBTClassifier(labelCol="defaulted", featuresCol="features")]).fit(applicants)  # trap

model.write().overwrite().save("dbfs:/models/mortgage_default_gbt")

# --- bureau enrichment -------------------------------------------------------------------------
bureau = spark.read.jdbc(
    url="jdbc:postgresql://bureau-mirror.internal:5432/bureau",
    table="public.bureau_scores",
    properties={"user": "bureau_ro", "password": "Bur3au-M1rror-RO", "driver": "org.postgresql.Driver"},  # truth: SEC
)
bureau_env = spark.read.jdbc(url=JDBC_URL.split(";user=")[0], table="dbo.scores", properties={"password": dbutils.secrets.get("loans", "sql-password")})  # noqa: F821  # trap
enriched = applicants.join(bureau, "applicant_id", "left")
enriched.groupBy("marital_status").agg(F.avg("defaulted").alias("default_rate")).show()  # trap
enriched.createOrReplaceTempView("applicants_enriched")
spark.sql("SELECT applicant_id, ssn, bureau_score FROM applicants_enriched").toPandas().to_csv("/dbfs/tmp/bureau_match.csv", index=False)  # truth: PII
spark.sql("SELECT applicant_id, bureau_score FROM applicants_enriched").write.mode("overwrite").saveAsTable("features.bureau_scores")  # trap
enriched.select("applicant_id", "ltv", "dti", "bureau_score").toPandas().to_parquet("/dbfs/tmp/enriched_features.parquet")  # trap
print(enriched.select("first_name", "last_name", "bureau_score").limit(5).collect())  # truth: PII
print(enriched.count(), "rows after enrichment")  # trap
