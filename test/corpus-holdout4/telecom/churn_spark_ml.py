"""Postpaid churn model on Spark ML (GBTClassifier), scored weekly for the retention team."""
import argparse
import logging

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import GBTClassifier, LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.ml.functions import vector_to_array
from pyspark.sql import SparkSession, functions as F

log = logging.getLogger("churn.spark")
audit = logging.getLogger("telco.audit")

spark = SparkSession.builder.appName("postpaid-churn").enableHiveSupport().getOrCreate()

USAGE = ["avg_data_gb_3m", "avg_voice_min_3m", "roaming_days_3m", "dropped_calls_30d", "topups_90d"]
ACCOUNT = ["tenure_months", "contract_months_left", "monthly_fee", "handset_age_months", "support_tickets_90d"]
CATS = ["plan_family", "acquisition_channel"]


SUBSCRIBER_SQL = """
        SELECT s.subscriber_id, s.msisdn, s.imei, s.first_name, s.last_name, s.birth_date, s.gender,
               s.plan_family, s.acquisition_channel, u.*, a.tenure_months, a.contract_months_left,
               a.monthly_fee, a.handset_age_months, a.support_tickets_90d, l.churned_60d
        FROM telco.subscribers s
        JOIN telco.usage_agg_3m u USING (subscriber_id)
        JOIN telco.account_state a USING (subscriber_id)
        JOIN telco.churn_labels l USING (subscriber_id)
"""


def load_subscribers():
    audit.info("reading subscriber base for churn training")
    return spark.sql(SUBSCRIBER_SQL)  # trap


def build_pipeline(numeric, cats, estimator):
    idx = [StringIndexer(inputCol=c, outputCol=f"{c}_idx", handleInvalid="keep") for c in cats]
    ohe = OneHotEncoder(inputCols=[f"{c}_idx" for c in cats], outputCols=[f"{c}_oh" for c in cats])
    asm = VectorAssembler(inputCols=numeric + [f"{c}_oh" for c in cats], outputCol="features")
    return Pipeline(stages=idx + [ohe, asm, estimator])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--include-demographics", action="store_true")
    args = ap.parse_args()

    df = load_subscribers()
    df = df.withColumn("age", F.floor(F.months_between(F.current_date(), F.col("birth_date")) / 12))
    train, test = df.randomSplit([0.8, 0.2], seed=17)

    gbt = GBTClassifier(labelCol="churned_60d", maxIter=80, maxDepth=6)
    model = build_pipeline(USAGE + ACCOUNT, CATS, gbt).fit(train)  # trap

    if args.include_demographics:
        lr = LogisticRegression(labelCol="churned_60d", maxIter=50)
        demo = build_pipeline(USAGE + ACCOUNT + ["age"], CATS + ["gender"], lr).fit(train)  # truth: FAIR
        auc_demo = BinaryClassificationEvaluator(labelCol="churned_60d").evaluate(demo.transform(test))
        log.info("demographic challenger auc=%.4f", auc_demo)

    auc = BinaryClassificationEvaluator(labelCol="churned_60d").evaluate(model.transform(test))
    log.info("gbt auc=%.4f", auc)  # trap
    model.write().overwrite().save("/models/churn/gbt_latest")

    scored = model.transform(df).select("subscriber_id", "msisdn", "first_name", "plan_family",
                                        vector_to_array("probability")[1].alias("p_churn"))  # trap
    scored.filter("p_churn > 0.6").write.mode("overwrite").saveAsTable("retention.churn_targets")  # truth: PII
    scored.groupBy("plan_family").agg(F.avg("p_churn")).show()  # trap
    df.select("subscriber_id", "imei", "tenure_months").show(10, truncate=False)  # truth: PII

    prev = PipelineModel.load("/models/churn/gbt_previous")  # trap
    log.info("previous model stages: %d", len(prev.stages))


if __name__ == "__main__":
    main()
