"""Nightly batch scoring on SageMaker Processing: pull approved package, score customers, write back."""
import io
import json
import logging
import os
import tarfile
import tempfile

import boto3
import joblib
import numpy as np
import pandas as pd
import yaml

REGION = os.environ.get("AWS_REGION", "eu-west-1")
sm = boto3.client("sagemaker", region_name=REGION)
s3 = boto3.client("s3", region_name=REGION)
log = logging.getLogger("batch-scoring")
audit = logging.getLogger("mlops.batch.audit")

GROUP = "customer-propensity"
SNOWFLAKE = {
    "account": "acme-eu1",
    "user": "SVC_BATCH_SCORING",
    "password": "0ump@VlC@WlUuDd6zEk",  # truth: SEC
    "warehouse": "SCORING_WH",
    "role": "SCORING_ROLE",
}
PRIVATE_KEY_PATH = "/opt/ml/secrets/rsa_key.p8"  # trap: path to a key file, not key material


def latest_approved_package(group: str) -> str:
    resp = sm.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Approved",  # truth: AUD
                                  SortBy="CreationTime", SortOrder="Descending", MaxResults=1)
    return resp["ModelPackageSummaryList"][0]["ModelPackageArn"]


def fetch_model(arn: str):
    audit.info("fetch model package %s", arn)
    pkg = sm.describe_model_package(ModelPackageName=arn)  # trap: audited in this function
    bucket, key = pkg["InferenceSpecification"]["Containers"][0]["ModelDataUrl"][5:].split("/", 1)
    buf = io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    d = tempfile.mkdtemp()
    with tarfile.open(fileobj=buf) as tf:
        tf.extractall(d)
    return joblib.load(os.path.join(d, "model.joblib"))  # truth: SER


def load_settings(path="/opt/ml/processing/input/config/scoring.yaml"):
    with open(path) as fh:
        return yaml.load(fh)  # truth: SER


def load_customers(conn) -> pd.DataFrame:
    q = ("SELECT customer_id, email, phone_number, tenure_months, products_held, balance_avg_3m, "
         "digital_logins_30d FROM analytics.customer_features")
    return pd.read_sql(q, conn)  # truth: AUD


def main():
    import snowflake.connector

    cfg = load_settings()
    model = fetch_model(latest_approved_package(GROUP))
    conn = snowflake.connector.connect(**SNOWFLAKE)
    cust = load_customers(conn)
    feats = cfg["features"]  # tenure_months, products_held, balance_avg_3m, digital_logins_30d
    cust["score"] = model.predict_proba(cust[feats])[:, 1]
    out = cust[["customer_id", "score"]]
    out.to_parquet("/opt/ml/processing/output/scores.parquet")  # trap: id and score only
    top = cust.nlargest(1000, "score")[["customer_id", "email", "phone_number", "score"]]
    top.to_csv("/opt/ml/processing/output/campaign_top1000.csv", index=False)  # truth: PII
    log.info("score distribution: %s", json.dumps(np.percentile(cust.score, [5, 50, 95]).tolist()))  # trap: percentiles
    sm.update_model_package(ModelPackageArn=latest_approved_package(GROUP),  # truth: AUD
                            CustomerMetadataProperties={"last_batch_run": pd.Timestamp.utcnow().isoformat()})


if __name__ == "__main__":
    main()
