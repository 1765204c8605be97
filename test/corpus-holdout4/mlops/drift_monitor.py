"""Daily drift monitor: compares yesterday's scoring inputs with the training reference,
pushes metrics to Prometheus and opens a ticket when PSI crosses the threshold."""
import logging
import os
from datetime import date, timedelta

import numpy as np
import pandas as pd
import requests
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway
from sqlalchemy import create_engine, text

log = logging.getLogger("drift")
audit = logging.getLogger("drift.audit")

PUSHGATEWAY = "http://pushgateway.monitoring.prod.example.net:9091"  # truth: TLS
JIRA_URL = "https://jira.example.net/rest/api/2/issue"
JIRA_USER = "svc-drift"
JIRA_API_TOKEN = os.environ["JIRA_API_TOKEN"]  # trap
WAREHOUSE = create_engine(
    "snowflake://svc_drift:hhpmyti83NyzBM@acme-eu.snowflakecomputing.com/ANALYTICS/SCORING?warehouse=MONITOR_XS"  # truth: SEC
)
MONITORED = ["tenure_months", "monthly_charges", "support_calls_90d", "data_usage_gb", "dropped_calls_30d"]
PSI_ALERT = 0.2


def psi(ref, cur, bins=10):
    qs = np.unique(np.quantile(ref.dropna(), np.linspace(0, 1, bins + 1)))
    r = np.histogram(ref.dropna(), qs)[0] / max(len(ref.dropna()), 1) + 1e-6
    c = np.histogram(cur.dropna(), qs)[0] / max(len(cur.dropna()), 1) + 1e-6
    return float(np.sum((c - r) * np.log(c / r)))


def load_scoring_inputs(day: date) -> pd.DataFrame:
    audit.info("drift monitor reads scoring inputs for %s", day)
    q = text("SELECT * FROM scoring_inputs WHERE score_date = :d")
    with WAREHOUSE.connect() as conn:
        return pd.read_sql(q, conn, params={"d": day.isoformat()})


def main():
    day = date.today() - timedelta(days=1)
    cur = load_scoring_inputs(day)
    ref = pd.read_parquet("reference/churn_train_reference.parquet")

    reg = CollectorRegistry()
    g = Gauge("feature_psi", "PSI vs training reference", ["model", "feature"], registry=reg)
    alerts = {}
    for f in MONITORED:
        v = psi(ref[f], cur[f])
        g.labels("churn", f).set(v)
        if v > PSI_ALERT:
            alerts[f] = v
    push_to_gateway(PUSHGATEWAY, job="drift-churn", registry=reg)

    log.info("drift summary: %s", cur[MONITORED].describe().T.to_dict())  # trap
    log.info("null rates: %s", cur.isna().mean().round(3).to_dict())  # trap
    outliers = cur[cur["monthly_charges"] > cur["monthly_charges"].quantile(0.999)]
    log.info("extreme monthly_charges rows:\n%s", outliers[["customer_id", "msisdn", "monthly_charges"]])  # truth: PII

    if alerts:
        body = {"fields": {"project": {"key": "MLOPS"}, "issuetype": {"name": "Task"},
                           "summary": f"Churn drift {day}: " + ", ".join(sorted(alerts)),
                           "description": "\n".join(f"{k}: PSI={v:.3f}" for k, v in alerts.items())}}
        r = requests.post(JIRA_URL, json=body, auth=(JIRA_USER, JIRA_API_TOKEN), timeout=30)  # trap
        r.raise_for_status()
    legacy = requests.get("https://legacy-metrics.example.net/api/churn/ref", timeout=30, verify=False)  # truth: TLS
    log.info("legacy ref status %s", legacy.status_code)


if __name__ == "__main__":
    main()
