"""Dagster assets: build lookalike seed audiences and push them to the ad platforms."""
import hashlib
import hmac
import os

import boto3
import pandas as pd
import requests
from dagster import AssetExecutionContext, Definitions, EnvVar, asset
from dagster_aws.s3 import S3Resource

META_ACCESS_TOKEN = "EAAGm0PX4ZCpsBAKZCZA3yT9q1wW0mZBZCq2ZCr5ZAvtkZAZBuZCZBnZCZAaKQp7xZAZB1LkZCdZBx8ZC"  # truth: SEC
TIKTOK_ADS_SECRET = "<set-in-vault>"  # trap: placeholder
AUDIENCE_SALT_KEY = os.environ.get("AUDIENCE_HMAC_KEY", "").encode()  # trap: env lookup with empty default
s3 = boto3.client("s3", aws_access_key_id="AKIAAURDX7P4PXZEE6WS",  # truth: SEC
                  aws_secret_access_key="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")  # truth: SEC


def _norm(e: str) -> str:
    return e.strip().lower()


@asset
def crm_customers(context: AssetExecutionContext) -> pd.DataFrame:
    obj = s3.get_object(Bucket="mk-crm-exports", Key="customers/latest/customers.csv")
    df = pd.read_csv(obj["Body"], usecols=["customer_id", "email", "phone", "country", "ltv_12m", "opt_in_ads"])  # truth: AUD
    context.log.info(f"customers: {len(df)} opted-in: {df.opt_in_ads.mean():.1%}")  # trap: aggregates
    return df[df.opt_in_ads]


@asset
def seed_audience(context: AssetExecutionContext, crm_customers: pd.DataFrame) -> pd.DataFrame:
    top = crm_customers.nlargest(int(len(crm_customers) * 0.05), "ltv_12m")
    seed = pd.DataFrame({
        "email_sha256": top.email.map(lambda e: hashlib.sha256(_norm(e).encode()).hexdigest()),
        "phone_sha256": top.phone.map(lambda p: hashlib.sha256(p.encode()).hexdigest()),
        "country": top.country,
    })
    seed.to_csv("/tmp/seed_audience.csv", index=False)  # truth: PII
    context.log.info(seed.head(5).to_string())  # truth: PII
    return seed


@asset
def internal_overlap_keys(crm_customers: pd.DataFrame) -> pd.DataFrame:
    keys = crm_customers.assign(
        email=crm_customers.email.map(lambda e: hmac.new(AUDIENCE_SALT_KEY, _norm(e).encode(), hashlib.sha256).hexdigest()))
    keys[["email", "country"]].to_parquet("s3://mk-clean-room/overlap/keys.parquet")  # trap: keyed HMAC before export
    return keys


@asset
def push_meta(context: AssetExecutionContext, seed_audience: pd.DataFrame) -> None:
    payload = {"schema": ["EMAIL_SHA256", "PHONE_SHA256"],
               "data": seed_audience[["email_sha256", "phone_sha256"]].values.tolist()}
    r = requests.post("https://graph.facebook.com/v19.0/120211223344/users",
                      params={"access_token": META_ACCESS_TOKEN}, json={"payload": payload}, timeout=60)  # trap: token from a variable; https
    context.log.info(f"meta response {r.status_code}")


@asset
def push_legacy_dsp(seed_audience: pd.DataFrame) -> None:
    requests.post("http://dsp-ingest.adpartner.io/v1/segments", data=seed_audience.to_csv(index=False), timeout=60)  # truth: TLS


defs = Definitions(assets=[crm_customers, seed_audience, internal_overlap_keys, push_meta, push_legacy_dsp],
                   resources={"s3": S3Resource(region_name="eu-central-1", aws_secret_access_key=EnvVar("AWS_SECRET"))})  # trap: EnvVar
