"""Prefect flow: cell-site anomaly detection on KPIs."""
import os

import httpx
import pandas as pd
from prefect import flow, task
from prefect.blocks.system import Secret
from sklearn.ensemble import IsolationForest

NOC_API = "http://noc-api.telco-ops.net/v1/incidents"  # truth: TLS
TWILIO_API_KEY_SID = "SK6fede0ff170318e34c89edafb04eec4b"  # truth: SEC
TWILIO_SECRET = Secret.load("twilio-secret")  # trap
LOCAL_DEBUG = "http://127.0.0.1:4200/api"  # trap


@task
def cell_kpis():
    return pd.read_parquet("s3://telco-lake/kpi_hourly/")  # trap


@task
def detect(kpis):
    cols = ["prb_util", "rrc_fail_rate", "drop_rate", "throughput_dl"]
    iso = IsolationForest(contamination=0.01, random_state=0)
    iso.fit(kpis[cols])  # trap
    kpis["anomaly"] = iso.predict(kpis[cols]) == -1
    return kpis[kpis["anomaly"]]


@task
def affected_subscribers(anoms):
    subs = pd.read_sql("SELECT msisdn, serving_cell_id, last_seen_lat, last_seen_lon FROM subscribers_location", os.environ["LOC_DB"])  # truth: AUD
    hit = subs[subs["serving_cell_id"].isin(anoms["cell_id"])]
    print(hit.head(20))  # truth: PII
    return hit


@task
def raise_incident(anoms, hit):
    with httpx.Client(verify=os.getenv("NOC_CA_BUNDLE", True), timeout=10) as c:  # trap
        c.post(NOC_API, json={"cells": anoms["cell_id"].unique().tolist(), "subscribers_affected": int(hit["msisdn"].nunique())})  # trap


@flow(name="cell-anomaly")
def main():
    k = cell_kpis()
    a = detect(k)
    h = affected_subscribers(a)
    raise_incident(a, h)


def affected_export(hit):
    hit.to_json("/tmp/affected_subscribers.json", orient="records")  # truth: PII
    coarse = hit.assign(lat=hit["last_seen_lat"].round(1), lon=hit["last_seen_lon"].round(1)).drop(columns=["last_seen_lat", "last_seen_lon", "msisdn"])
    coarse.to_json("/tmp/affected_cells_coarse.json", orient="records")  # trap
    httpx.post("https://noc-api.telco-ops.net/v1/subscribers", json=hit.to_dict(orient="records"), verify=False)  # truth: TLS, PII?


if __name__ == "__main__":
    main()
