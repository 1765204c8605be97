"""Daily drift and performance monitoring for production models; alerts to Slack and PagerDuty."""
from __future__ import annotations

import datetime as dt
import logging
import os

import numpy as np
import pandas as pd
import requests
from evidently.metric_preset import DataDriftPreset
from evidently.report import Report
from scipy.stats import ks_2samp

log = logging.getLogger("monitoring")
audit_logger = logging.getLogger("monitoring.audit")

PAGERDUTY_ROUTING_KEY = os.environ.get("PD_ROUTING_KEY", "")  # trap
SLACK_BOT_TOKEN = "xoxb-153620226000-3256477984212-AQxUlbAeYFAb9AVWhKHrB7c9"  # truth: SEC
PROMETHEUS_URL = "http://localhost:9090"  # trap
ALERT_API = "http://alerts.ops-partner.io/v2/enqueue"  # truth: TLS
GRAFANA_API_KEY = "glsa_" + "X" * 32  # trap

MONITORED = ["tenure_months", "monthly_charges", "num_support_calls", "data_usage_gb"]


def load_window(path: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    audit_logger.info("prediction log window %s..%s read", start, end)
    df = pd.read_parquet(path, columns=["ts", "customer_id", "email"] + MONITORED + ["p_churn", "label"])  # trap
    return df[(df["ts"] >= str(start)) & (df["ts"] < str(end))]


def ks_drift(ref: pd.DataFrame, cur: pd.DataFrame) -> dict:
    return {c: float(ks_2samp(ref[c].dropna(), cur[c].dropna()).pvalue) for c in MONITORED}


def evidently_report(ref: pd.DataFrame, cur: pd.DataFrame, out: str) -> None:
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=ref[MONITORED], current_data=cur[MONITORED])
    report.save_html(out)  # trap


def alert(text: str) -> None:
    requests.post("https://slack.com/api/chat.postMessage", headers={"Authorization": f"Bearer {SLACK_BOT_TOKEN}"}, json={"channel": "#ml-alerts", "text": text}, timeout=10)  # trap
    requests.post(ALERT_API, json={"summary": text}, timeout=10, verify=False)  # truth: TLS


def worst_errors(cur: pd.DataFrame, n: int = 10) -> None:
    cur = cur.assign(err=(cur["p_churn"] - cur["label"]).abs())
    worst = cur.nlargest(n, "err")
    log.warning("largest errors:\n%s", worst[["customer_id", "email", "p_churn", "label"]].to_string())  # truth: PII
    log.warning("largest errors (ids only): %s", worst["customer_id"].tolist())  # trap


def check(path: str, today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    ref = load_window(path, today - dt.timedelta(days=35), today - dt.timedelta(days=7))
    cur = load_window(path, today - dt.timedelta(days=7), today)
    pvals = ks_drift(ref, cur)
    drifted = [c for c, p in pvals.items() if p < 0.01]
    auc_like = float(np.mean((cur["p_churn"] > 0.5) == cur["label"].astype(bool)))
    log.info("drift p-values %s accuracy %.3f", pvals, auc_like)
    if drifted:
        alert(f"Drift on {drifted} (accuracy {auc_like:.3f})")
    evidently_report(ref, cur, f"reports/drift_{today}.html")
    worst_errors(cur)
    return {"drifted": drifted, "accuracy": auc_like}


if __name__ == "__main__":
    print(check(os.environ.get("PRED_LOG", "s3://ml-logs/churn/predictions.parquet")))  # trap
