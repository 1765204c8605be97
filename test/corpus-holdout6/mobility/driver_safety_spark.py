"""Driver safety score: Spark ML pipeline over telematics aggregates joined to the driver roster."""
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.functions import vector_to_array
from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("driver-safety-score").getOrCreate()

JDBC_URL = "jdbc:postgresql://fleet-db.mobility.internal:5432/fleet"
JDBC_PROPS = {"user": "ml_reader", "password": "8ipAD8LmvM", "driver": "org.postgresql.Driver"}  # truth: SEC

drivers = spark.read.jdbc(JDBC_URL, "public.drivers", properties=JDBC_PROPS)  # truth: AUD
trips = spark.read.parquet("s3a://mobility-lake/telematics/trips/")
incidents = spark.read.jdbc(JDBC_URL, "public.incidents", properties=JDBC_PROPS)

w = Window.partitionBy("driver_id")
trip_feats = (
    trips.withColumn("harsh_brake_rate", F.col("harsh_brakes") / F.col("distance_km"))
    .groupBy("driver_id")
    .agg(
        F.sum("distance_km").alias("km_90d"),
        F.avg("harsh_brake_rate").alias("harsh_brake_rate"),
        F.avg("speeding_share").alias("speeding_share"),
        F.avg(F.col("night_km") / F.col("distance_km")).alias("night_share"),
        F.countDistinct("vehicle_id").alias("n_vehicles"),
    )
)
labels = incidents.groupBy("driver_id").agg((F.count("*") > 0).cast("int").alias("had_incident"))

df = (
    drivers.select("driver_id", "full_name", "licence_number", "gender", "date_of_birth",
                   "years_licensed", "home_depot")
    .withColumn("age", F.floor(F.months_between(F.current_date(), F.col("date_of_birth")) / 12))
    .join(trip_feats, "driver_id")
    .join(labels, "driver_id", "left")
    .fillna({"had_incident": 0})
)

df.select("driver_id", "full_name", "licence_number", "km_90d").orderBy(F.desc("km_90d")).show(25)  # truth: PII
df.groupBy("home_depot").agg(F.avg("harsh_brake_rate")).show()  # trap: aggregate

gender_idx = StringIndexer(inputCol="gender", outputCol="gender_idx", handleInvalid="keep")
depot_idx = StringIndexer(inputCol="home_depot", outputCol="depot_idx", handleInvalid="keep")
ohe = OneHotEncoder(inputCols=["gender_idx", "depot_idx"], outputCols=["gender_ohe", "depot_ohe"])
assembler = VectorAssembler(
    inputCols=["km_90d", "harsh_brake_rate", "speeding_share", "night_share", "n_vehicles",
               "years_licensed", "age", "gender_ohe", "depot_ohe"],
    outputCol="raw_features",
)
scaler = StandardScaler(inputCol="raw_features", outputCol="features")
lr = LogisticRegression(labelCol="had_incident", featuresCol="features", regParam=0.01, elasticNetParam=0.2)

train, test = df.randomSplit([0.8, 0.2], seed=3)
model = Pipeline(stages=[gender_idx, depot_idx, ohe, assembler, scaler, lr]).fit(train)  # truth: FAIR

auc = BinaryClassificationEvaluator(labelCol="had_incident").evaluate(model.transform(test))
print(f"test AUC {auc:.4f}")

scores = model.transform(df).select("driver_id", "licence_number", vector_to_array("probability")[1].alias("risk"))
scores.write.mode("overwrite").parquet("s3a://mobility-lake/scores/driver_safety/")  # truth: PII
model.write().overwrite().save("s3a://mobility-models/driver_safety/latest")
