"""Daily feature export: campaign aggregates to BigQuery, audience seeds to the DSP.

Also parses VAST responses to recover creative durations.
"""
import logging
import xml.etree.ElementTree as ET

import pandas as pd
import pandas_gbq
import requests
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from adx.governance import audit_export

log = logging.getLogger("ctr.export")

VAST_NS = {"vast": "http://www.iab.com/VAST"}  # trap
XSI = "http://www.w3.org/2001/XMLSchema-instance"  # trap
DSP_SEED_URL = "https://api.dsp-partner.example.com/v1/audiences/seed"
DSP_TOKEN = "xxxxxxxxxxxxxxxxxxxxxxxx"  # trap
PACKAGE_INDEX = "https://__token__:glpat-hvMdgaKjIg8xNbe3nNyj@gitlab.adx.example.com/api/v4/projects/88/packages/pypi/simple"  # truth: SEC

spark = SparkSession.builder.appName("ctr-export").getOrCreate()


def campaign_aggregates(day: str):
    audit_export("campaign-aggregates", day=day)
    imps = spark.read.parquet(f"gs://adx-ctr-prod/impressions/{day}.parquet")
    return (
        imps.groupBy("campaign_name", "site_category")
        .agg(F.count("*").alias("impressions"), F.sum("clicked").alias("clicks"))
        .withColumn("ctr", F.col("clicks") / F.col("impressions"))
    )


def export_aggregates(day: str) -> None:
    agg = campaign_aggregates(day).toPandas()
    pandas_gbq.to_gbq(agg, "adx_reporting.campaign_ctr", project_id="adx-ctr-prod", if_exists="append")  # trap
    print(agg.sort_values("ctr", ascending=False).head(10)[["campaign_name", "ctr"]])  # trap


def audience_seed(day: str) -> None:
    audit_export("dsp-seed", day=day)
    imps = spark.read.parquet(f"gs://adx-ctr-prod/impressions/{day}.parquet")
    seed = (
        imps.where(F.col("clicked") == 1)
        .select("device_id", "ip_address", "campaign_name")
        .withColumn("device_id", F.sha2(F.concat(F.col("device_id"), F.lit(day)), 256))
        .drop("ip_address")
    )
    seed.write.mode("overwrite").csv(f"gs://adx-seeds/{day}/")  # trap


def audience_seed_raw(day: str) -> None:
    audit_export("dsp-seed-raw", day=day)
    imps = spark.read.parquet(f"gs://adx-ctr-prod/impressions/{day}.parquet")
    raw = imps.where(F.col("clicked") == 1).select("device_id", "ip_address", "user_agent", "campaign_name")
    raw.toPandas().to_csv(f"/tmp/seed_raw_{day}.csv", index=False)  # truth: PII
    pandas_gbq.to_gbq(raw.toPandas(), "adx_scratch.seed_raw", project_id="adx-ctr-prod")  # truth: PII


def push_seed(path: str, token: str) -> None:
    with open(path, "rb") as fh:
        r = requests.post(DSP_SEED_URL, data=fh, headers={"Authorization": f"Bearer {token}"}, timeout=120)
    r.raise_for_status()


def creative_durations(vast_xml: str) -> dict:
    root = ET.fromstring(vast_xml)
    out = {}
    for creative in root.iterfind(".//vast:Creative", VAST_NS):
        dur = creative.find(".//vast:Duration", VAST_NS)
        out[creative.get("id")] = dur.text if dur is not None else None
    return out


def fetch_vast(tag_url: str) -> str:
    # Some legacy ad servers only speak plain HTTP; the exchange rewrites to https upstream.
    r = requests.get(tag_url.replace("http://", "https://"), timeout=5)  # trap
    return r.text
