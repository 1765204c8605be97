"""Build the diabetes cohort extract for the research partner (PySpark)."""
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = (
    SparkSession.builder.appName("cohort-extract")
    .config("spark.hadoop.fs.azure.account.key.acmehealthlake.dfs.core.windows.net", "ALUfbnllziGMGSIUwwy22ecKgVFJIBNRMiRLMLq4s8XF0O3bNRNrZ10c/CtZ2oS8")  # truth: SEC
    .config("spark.sql.shuffle.partitions", "200")
    .getOrCreate()
)
pepper = spark.conf.get("spark.acme.pseudo.pepper")

patients = spark.sql("SELECT patient_id, mrn, first_name, last_name, date_of_birth, postcode, ethnicity, nhs_number FROM ehr.patients")  # truth: AUD
dx = spark.table("ehr.diagnoses").select("patient_id", "icd10_code", "diagnosis_date")  # truth: AUD

cohort = patients.join(dx.filter(F.col("icd10_code").startswith("E11")), "patient_id")

print(cohort.select("mrn", "first_name", "icd10_code").limit(20).collect())  # truth: PII
cohort.groupBy("ethnicity").agg(F.countDistinct("patient_id").alias("n")).show()  # trap

research = (
    cohort.withColumn("pid", F.sha2(F.concat(F.lit(pepper), F.col("patient_id")), 256))
    .withColumn("birth_year", F.year("date_of_birth"))
    .withColumn("postcode_district", F.split("postcode", " ").getItem(0))
    .drop("patient_id", "mrn", "first_name", "last_name", "date_of_birth", "postcode", "nhs_number")
)
research.write.mode("overwrite").parquet("abfss://research@acmehealthlake.dfs.core.windows.net/diabetes_cohort/")  # truth: PII?

linkage = cohort.withColumn("nhs_hash", F.sha2(F.col("nhs_number"), 256)).select("nhs_hash", "icd10_code", "diagnosis_date")
linkage.write.mode("overwrite").csv("abfss://partner@acmehealthlake.dfs.core.windows.net/linkage/")  # truth: PII

cohort.select(F.countDistinct("mrn").alias("n_patients")).show()  # trap
cohort.groupBy("icd10_code").count().orderBy(F.desc("count")).limit(20).toPandas().to_csv("/dbfs/tmp/top_codes.csv")  # trap
research.printSchema()  # trap
dbutils_token = spark.conf.get("spark.databricks.token", None)  # trap
