"""Prefect flow: nightly churn scoring and CRM export."""
import datetime as dt
import hashlib
import io
import logging
import os

import boto3
import joblib
import pandas as pd
from prefect import flow, get_run_logger, task

audit = logging.getLogger("churn.audit")

s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIALEUHQXR22EPPW246",  # truth: SEC
    aws_secret_access_key="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",  # truth: SEC
    region_name="eu-west-1",
)
s3_from_env = boto3.client(
    "s3",
    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],  # trap
    aws_secret_access_key=os.getenv("AWS_SECRET_ACCESS_KEY"),  # trap
)
# Example from the AWS docs, kept for the onboarding page: AKIAIOSFODNN7EXAMPLE
BUCKET = "crm-snapshots"


@task(retries=2)
def extract_customers(day: dt.date) -> pd.DataFrame:
    audit.info("extract customers snapshot %s", day)  # trap
    obj = s3.get_object(Bucket=BUCKET, Key=f"customers/{day:%Y-%m-%d}.parquet")
    cols = ["customer_id", "email", "phone_number", "postcode", "tenure_months", "monthly_charges", "num_support_calls"]
    return pd.read_parquet(io.BytesIO(obj["Body"].read()), columns=cols)  # trap


@task
def list_snapshots(prefix: str) -> list:
    keys, token = [], None
    while True:
        kwargs = {"Bucket": BUCKET, "Prefix": prefix}
        if token:
            kwargs["ContinuationToken"] = token  # trap
        page = s3.list_objects_v2(**kwargs)
        keys += [o["Key"] for o in page.get("Contents", [])]
        token = page.get("NextContinuationToken")  # trap
        if not token:
            return keys


@task
def load_model(path: str):
    audit.info("loading churn model %s", path)
    return joblib.load(path)  # truth: SER


@task
def score(df: pd.DataFrame, model) -> pd.DataFrame:
    feats = ["tenure_months", "monthly_charges", "num_support_calls"]
    out = df.copy()
    out["p_churn"] = model.predict_proba(out[feats])[:, 1]
    return out


@task
def export_to_crm(scored: pd.DataFrame, day: dt.date) -> str:
    logger = get_run_logger()
    campaign = scored[scored["p_churn"] > 0.6][["customer_id", "email", "phone_number", "p_churn"]]
    path = f"/mnt/crm-drop/churn_campaign_{day:%Y%m%d}.csv"
    campaign.to_csv(path, index=False)  # truth: PII
    logger.info("exported %d customers to %s", len(campaign), path)
    return path


@task
def export_to_lake(scored: pd.DataFrame, day: dt.date) -> None:
    lake = scored.copy()
    lake["email"] = lake["email"].map(lambda e: hashlib.sha256(e.lower().encode()).hexdigest())  # trap
    lake = lake.drop(columns=["phone_number", "postcode"])  # trap
    lake.to_parquet(f"s3://datalake/churn/scores/{day:%Y-%m-%d}.parquet")  # truth: PII


@task
def log_summary(scored: pd.DataFrame) -> None:
    logger = get_run_logger()
    logger.info("scored %d customers, mean p_churn %.3f", len(scored), scored["p_churn"].mean())  # trap
    top = scored.nlargest(3, "p_churn")
    logger.info("top risk: %s", top[["customer_id", "email"]].values.tolist())  # truth: PII


@flow(name="churn-nightly")
def churn_nightly(day: dt.date | None = None, model_path: str = "models/churn.joblib"):
    day = day or dt.date.today()
    customers = extract_customers(day)
    model = load_model(model_path)
    scored = score(customers, model)
    export_to_crm(scored, day)
    export_to_lake(scored, day)
    log_summary(scored)


if __name__ == "__main__":
    churn_nightly()
