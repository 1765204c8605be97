# Postpaid churn model on Spark ML: subscriber features from the CDR mart, pipeline training and scoring.
import logging

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.ml.functions import vector_to_array
from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

log = logging.getLogger("churn.spark")

JOB = {
    "source_sql": """
        SELECT s.subscriber_id, s.msisdn, s.imsi, s.customer_name, s.gender, s.birth_year, s.tariff_plan,
               s.tenure_months, s.contract_end_in_days, m.avg_monthly_bill, m.dropped_calls_30d,
               m.data_gb_30d, m.roaming_days_90d, s.churned_next_60d
        FROM telco.subscribers s JOIN telco.usage_monthly m USING (subscriber_id)
        WHERE m.month = '{month}'
    """,
    "categorical": ["tariff_plan", "gender"],
    "numeric": ["tenure_months", "contract_end_in_days", "avg_monthly_bill", "dropped_calls_30d",
                "data_gb_30d", "roaming_days_90d", "age"],
    "label": "churned_next_60d",
    "scores_table": "telco_mart.churn_scores",
}


def subscribers(spark, month):
    df = spark.sql(JOB["source_sql"].format(month=month))  # truth: AUD
    return df.withColumn("age", F.year(F.current_date()) - F.col("birth_year"))


def build_pipeline():
    idx = [StringIndexer(inputCol=c, outputCol=f"{c}_idx", handleInvalid="keep") for c in JOB["categorical"]]
    ohe = OneHotEncoder(inputCols=[f"{c}_idx" for c in JOB["categorical"]],
                        outputCols=[f"{c}_ohe" for c in JOB["categorical"]])
    asm = VectorAssembler(inputCols=JOB["numeric"] + [f"{c}_ohe" for c in JOB["categorical"]], outputCol="raw")
    scaler = StandardScaler(inputCol="raw", outputCol="features")
    lr = LogisticRegression(labelCol=JOB["label"], featuresCol="features", regParam=0.01, elasticNetParam=0.2)
    return Pipeline(stages=idx + [ohe, asm, scaler, lr])


def main(month="2024-05"):
    spark = (SparkSession.builder.appName("churn-train")
             .config("spark.hadoop.fs.s3a.endpoint", "http://s3.dc1.telco-net.com")  # truth: TLS
             .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
             .getOrCreate())
    subs = subscribers(spark, month).cache()
    log.info("subscribers=%d churn_rate=%.4f", subs.count(), subs.agg(F.avg(JOB["label"])).first()[0])  # trap
    subs.groupBy("tariff_plan", "gender").agg(F.avg(JOB["label"]).alias("churn")).show()  # trap

    train, test = subs.randomSplit([0.8, 0.2], seed=42)
    subs.select(F.countDistinct("msisdn").alias("lines"), F.countDistinct("imsi").alias("sims")).show()  # trap
    log.info("distinct tariff plans: %d", subs.select("tariff_plan").distinct().count())  # trap
    model = build_pipeline().fit(train)  # truth: FAIR
    model.write().overwrite().save(f"/models/churn/{month}")

    pipe = build_pipeline()
    grid = ParamGridBuilder().addGrid(pipe.getStages()[-1].regParam, [0.001, 0.01, 0.1]).build()
    cv = CrossValidator(estimator=pipe, estimatorParamMaps=grid, numFolds=3,
                        evaluator=BinaryClassificationEvaluator(labelCol=JOB["label"]))
    cv_model = cv.fit(train)  # truth: FAIR
    log.info("cv metrics: %s", cv_model.avgMetrics)

    scored = model.transform(subs).select("subscriber_id", "msisdn", "customer_name",
                                          vector_to_array("probability")[1].alias("p_churn"))
    scored.write.mode("overwrite").saveAsTable(JOB["scores_table"])  # truth: PII
    scored.filter("p_churn > 0.8").show(50, truncate=False)  # truth: PII
    scored.drop("msisdn", "customer_name").write.mode("overwrite").parquet(f"/exports/churn/{month}")  # trap

    previous = PipelineModel.load(f"/models/churn/prev")  # trap
    log.info("previous stages: %d", len(previous.stages))


if __name__ == "__main__":
    main()
