"""Daily drift monitor for production models (Dagster op graph). Compares serving logs with training data."""
import os
from datetime import date

import boto3
import numpy as np
import pandas as pd
import requests
from dagster import Definitions, ScheduleDefinition, job, op
from scipy.stats import ks_2samp

S3_ENDPOINT = os.getenv("S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com")  # trap: https default
PUSHGATEWAY = "http://localhost:9091"  # trap: localhost
GRAFANA_URL = "http://grafana.monitoring.internal:3000/api/annotations"  # truth: TLS
GRAFANA_TOKEN = "594b042991827fd157014b408e4bf38e"  # truth: SEC
password_min_length = 12  # trap: not a secret
DEPLOY_PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH3v0sQk7yK2mJpX9fW4cL8nR1tB6uZ0aE5dG7hJ2kM drift@ml-platform"  # trap: public key
MONITORED = {"churn-classifier": ["tenure_months", "monthly_charge", "n_support_calls", "data_gb_30d"]}


def psi(expected: np.ndarray, actual: np.ndarray, bins: int = 10) -> float:
    edges = np.unique(np.quantile(expected, np.linspace(0, 1, bins + 1)))
    e = np.histogram(expected, edges)[0] / len(expected) + 1e-6
    a = np.histogram(actual, edges)[0] / len(actual) + 1e-6
    return float(np.sum((a - e) * np.log(a / e)))


@op
def load_reference(context) -> dict:
    s3 = boto3.client("s3", endpoint_url=S3_ENDPOINT)
    out = {}
    for name in MONITORED:
        obj = s3.get_object(Bucket="ml-reference", Key=f"{name}/reference.npz")
        with np.load(obj["Body"]) as ref:  # trap: plain np.load
            out[name] = {k: ref[k] for k in ref.files}
    return out


@op
def load_serving(context) -> dict:
    day = date.today().isoformat()
    return {name: pd.read_parquet(f"s3://ml-serving-logs/{name}/dt={day}/") for name in MONITORED}


@op
def compute_drift(context, reference: dict, serving: dict) -> pd.DataFrame:
    rows = []
    for name, cols in MONITORED.items():
        for c in cols:
            ref, cur = reference[name][c], serving[name][c].dropna().to_numpy()
            rows.append({"model": name, "feature": c, "psi": psi(ref, cur), "ks_p": ks_2samp(ref, cur).pvalue,
                         "n": len(cur)})
    df = pd.DataFrame(rows)
    context.log.info(df.to_string())  # trap: drift statistics only
    return df


@op
def publish(context, drift: pd.DataFrame):
    alerts = drift[drift["psi"] > 0.2]
    requests.post(f"{PUSHGATEWAY}/metrics/job/drift", data="\n".join(
        f'feature_psi{{model="{r.model}",feature="{r.feature}"}} {r.psi:.4f}' for r in drift.itertuples()) + "\n")
    for r in alerts.itertuples():
        requests.post(GRAFANA_URL, headers={"Authorization": f"Bearer {GRAFANA_TOKEN}"},
                      json={"text": f"PSI {r.psi:.2f} on {r.model}.{r.feature}", "tags": ["drift"]}, timeout=5)
    drift.to_csv(f"/tmp/drift_{date.today()}.csv", index=False)  # trap: statistics export


@job
def drift_job():
    publish(compute_drift(load_reference(), load_serving()))


defs = Definitions(jobs=[drift_job], schedules=[ScheduleDefinition(job=drift_job, cron_schedule="0 6 * * *")])
