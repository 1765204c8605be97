"""Airflow DAG: weekly implicit-ALS retrain for 'customers also bought'."""
from datetime import datetime, timedelta

import redis
from airflow.decorators import dag, task
from airflow.models import Variable

REDIS_HOST = "reco-cache.retail.internal"
REDIS_PASSWORD = "Xabsr69!oCTo0"  # truth: SEC
SPARK_CONF = {
    "spark.executor.memory": "8g",
    "spark.sql.shuffle.partitions": "400",
    "spark.hadoop.fs.s3a.endpoint": "http://objectstore.retail.internal:9000",  # truth: TLS
    "spark.hadoop.fs.s3a.access.key": Variable.get("s3_access_key"),  # trap: Airflow variable
    "spark.hadoop.fs.s3a.secret.key": "LDxQJa0H4VcZp2qo8Go/aVYc/IY7u4CJljnlGyXp",  # truth: SEC
}

default_args = {"owner": "reco-team", "retries": 2, "retry_delay": timedelta(minutes=10)}


@dag(schedule="0 3 * * 1", start_date=datetime(2024, 1, 1), catchup=False, default_args=default_args, tags=["reco"])
def als_retrain():

    @task
    def extract_interactions(ds=None):
        from pyspark.sql import SparkSession, functions as F
        spark = SparkSession.builder.config(map=SPARK_CONF).getOrCreate()
        members = spark.table("crm.loyalty_members").select("member_id", "email", "home_store", "first_name")  # truth: AUD
        orders = spark.table("sales.order_lines").where(F.col("order_date") >= F.date_sub(F.lit(ds), 180))
        inter = (orders.join(members, "member_id")
                 .groupBy("member_id", "sku_id").agg(F.sum("qty").alias("qty")))
        members.limit(20).show()  # truth: PII
        inter.write.mode("overwrite").parquet(f"s3a://reco/interactions/{ds}")  # trap: ids and quantities
        return f"s3a://reco/interactions/{ds}"

    @task
    def train_als(path: str):
        from pyspark.ml.feature import StringIndexer
        from pyspark.ml.recommendation import ALS
        from pyspark.sql import SparkSession, functions as F
        spark = SparkSession.builder.config(map=SPARK_CONF).getOrCreate()
        df = spark.read.parquet(path)
        df = StringIndexer(inputCol="sku_id", outputCol="item_idx").fit(df).transform(df)  # trap: item ids
        df = df.withColumn("rating", F.log1p("qty"))
        als = ALS(userCol="member_id", itemCol="item_idx", ratingCol="rating", implicitPrefs=True,
                  rank=64, regParam=0.05, alpha=20.0, coldStartStrategy="drop")
        model = als.fit(df)  # trap: surrogate member key and items only
        model.write().overwrite().save(path.replace("interactions", "models"))
        return path.replace("interactions", "models")

    @task
    def publish(model_path: str):
        from pyspark.ml.recommendation import ALSModel
        from pyspark.sql import SparkSession
        spark = SparkSession.builder.config(map=SPARK_CONF).getOrCreate()
        model = ALSModel.load(model_path)  # truth: AUD?
        recs = model.recommendForAllUsers(20).collect()
        r = redis.Redis(host=REDIS_HOST, port=6380, password=REDIS_PASSWORD, ssl=True)
        pipe = r.pipeline()
        for row in recs:
            pipe.set(f"reco:{row.member_id}", ",".join(str(x.item_idx) for x in row.recommendations), ex=8 * 86400)
        pipe.execute()

    publish(train_als(extract_interactions()))


als_retrain()
