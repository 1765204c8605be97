"""Next-basket propensity with a pyspark.ml pipeline."""
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import GBTClassifier
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

builder = SparkSession.builder.appName("basket-propensity")
builder = builder.config("spark.hadoop.fs.s3a.access.key", "AKIAICLTRTFXIF34J3TL")  # truth: SEC
builder = builder.config("spark.hadoop.fs.s3a.secret.key", "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")  # truth: SEC
builder = builder.config("spark.hadoop.fs.s3a.endpoint", "http://s3.retail-dc.acme-corp.net")  # truth: TLS
spark = builder.getOrCreate()

loyalty = spark.sql("SELECT member_id, card_number, first_name, email, birth_date, gender, home_store, lat, lon FROM retail.loyalty_members")  # truth: AUD
baskets = spark.table("retail.basket_lines")

member = loyalty.withColumn("age", F.floor(F.datediff(F.current_date(), F.col("birth_date")) / 365.25)).select("member_id", "age", "gender", "home_store")
agg = baskets.groupBy("member_id").agg(F.countDistinct("basket_id").alias("n_baskets"), F.sum("amount").alias("spend"), F.max("ts").alias("last_ts"))
train = agg.join(member, "member_id").withColumn("days_since", F.datediff(F.current_date(), "last_ts"))
train = train.join(spark.table("retail.labels_next30"), "member_id")

idx = StringIndexer(inputCols=["gender", "home_store"], outputCols=["gender_i", "store_i"])
ohe = OneHotEncoder(inputCols=["gender_i", "store_i"], outputCols=["gender_v", "store_v"])
vec = VectorAssembler(inputCols=["n_baskets", "spend", "days_since", "age", "gender_v", "store_v"], outputCol="features")
pipe = Pipeline(stages=[idx, ohe, vec, GBTClassifier(labelCol="bought_30d", maxIter=60)])
model = pipe.fit(train)  # truth: FAIR
model.write().overwrite().save("s3a://retail-models/basket_propensity/")

prev = PipelineModel.load("s3a://retail-models/basket_propensity_prev/")  # truth: AUD?
loyalty.select("member_id", "lat", "lon").write.mode("overwrite").parquet("s3a://retail-geo/members_exact/")  # truth: PII
loyalty.select("member_id", F.round("lat", 2).alias("lat2"), F.round("lon", 2).alias("lon2")).write.mode("overwrite").parquet("s3a://retail-geo/members_coarse/")  # truth: PII?
loyalty.groupBy("home_store").agg(F.count("*").alias("members")).show()  # trap
loyalty.select(F.sha2(F.col("card_number"), 256).alias("card_h"), "member_id").write.mode("overwrite").csv("s3a://retail-partner/cards/")  # truth: PII
