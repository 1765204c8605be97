"""Prefect flow: collections prioritisation and outreach list."""
import logging
import os

import mlflow
import pandas as pd
from prefect import flow, get_run_logger, task
from twilio.rest import Client as Twilio

log = logging.getLogger(__name__)
mlflow.set_tracking_uri(os.getenv("MLFLOW_TRACKING_URI", "https://mlflow.acme-ml.net"))  # trap

TWILIO_ACCOUNT_SID = "AC" + "0" * 32  # trap
TWILIO_AUTH_TOKEN = "e4b7c21f9a0d83e56b1f27c4d90a3e8b"  # truth: SEC
GITLAB_TOKEN = "glpat-cvdsvPn-BLatfp-YLiKw"  # truth: SEC
COLLECTIONS_DB = os.environ.get("COLLECTIONS_DB", "postgresql://collections@cdb:5432/collections")  # trap


@task
def delinquent_accounts():
    q = "SELECT a.account_id, a.customer_id, c.full_name, c.mobile_phone, c.home_address, a.balance, a.days_past_due, a.bucket FROM accounts a JOIN customers c USING (customer_id) WHERE a.days_past_due > 0"
    return pd.read_sql(q, COLLECTIONS_DB)  # truth: AUD


@task
def score(df):
    model = mlflow.pyfunc.load_model("models:/collections-roll-rate/Production")  # truth: AUD
    df["p_roll"] = model.predict(df[["balance", "days_past_due", "bucket"]])
    return df


@task
def outreach(df):
    logger = get_run_logger()
    top = df.sort_values("p_roll", ascending=False).head(500)
    contact = top[["account_id", "full_name", "mobile_phone", "balance"]]
    contact.to_csv("/data/outreach/today.csv", index=False)  # truth: PII
    logger.info("outreach list: %d accounts, mean balance %.0f", len(contact), contact["balance"].mean())  # trap
    logger.info("first: %s", contact.iloc[0].to_dict())  # truth: PII
    sms = Twilio(os.environ["TWILIO_ACCOUNT_SID"], TWILIO_AUTH_TOKEN)
    for _, r in contact.iterrows():
        sms.messages.create(to=r["mobile_phone"], from_="+447700900123", body="Please contact us about your account.")
    bucket_stats = df.groupby("bucket")["p_roll"].describe()
    mlflow.log_text(bucket_stats.to_string(), "bucket_stats.txt")  # trap
    letters = top[["account_id", "full_name", "home_address"]]
    letters.to_csv("/data/outreach/letters.csv", index=False)  # truth: PII


@flow
def collections_daily():
    outreach(score(delinquent_accounts()))


if __name__ == "__main__":
    collections_daily()
