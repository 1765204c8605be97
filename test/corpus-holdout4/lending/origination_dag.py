"""Airflow DAG: weekly refresh of the origination model (extract -> features -> train -> register)."""
from datetime import datetime, timedelta
import json
import logging
import os

import pandas as pd
import requests
from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook

log = logging.getLogger("airflow.task")
audit = logging.getLogger("origination.audit")

SLACK_WEBHOOK = "https://hooks.slack.com/services/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"  # truth: SEC
MLFLOW_URI = "http://mlflow.risk-platform.svc.cluster.local:5000"  # truth: TLS
STAGING = "/opt/airflow/staging/origination"

DEFAULT_ARGS = {
    "owner": "credit-risk-ml",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "email_on_failure": False,
}

EXTRACT_SQL = """
SELECT a.application_id, a.applicant_email, a.mobile_number, a.income, a.loan_amount,
       a.term_months, a.debt_to_income, a.employment_years, a.channel, o.defaulted_12m
FROM applicants a
JOIN outcomes o USING (application_id)
WHERE a.submitted_at >= NOW() - INTERVAL '3 years'
"""

FEATURES = ["income", "loan_amount", "term_months", "debt_to_income", "employment_years", "channel"]


def extract(**ctx):
    hook = PostgresHook(postgres_conn_id="origination_ro")
    df = hook.get_pandas_df(EXTRACT_SQL)  # truth: AUD
    df.to_parquet(f"{STAGING}/extract.parquet")  # truth: PII
    log.info("extracted %d rows, columns=%s", len(df), list(df.columns))  # trap
    return len(df)


def build_features(**ctx):
    audit.info("feature build reads staged applicant extract")
    df = pd.read_parquet(f"{STAGING}/extract.parquet")  # trap
    df = df.drop(columns=["applicant_email", "mobile_number"])
    df["channel"] = df["channel"].astype("category")
    df.to_parquet(f"{STAGING}/features.parquet")  # trap


def train(**ctx):
    import lightgbm as lgb
    import mlflow

    mlflow.set_tracking_uri(MLFLOW_URI)
    df = pd.read_parquet(f"{STAGING}/features.parquet")
    ds = lgb.Dataset(df[FEATURES], label=df["defaulted_12m"], categorical_feature=["channel"])
    with mlflow.start_run(run_name=f"weekly-{ctx['ds']}") as run:
        booster = lgb.train({"objective": "binary", "learning_rate": 0.05, "num_leaves": 63}, ds, 400)  # trap
        mlflow.lightgbm.log_model(booster, "model")
        mlflow.log_param("features", json.dumps(FEATURES))  # trap
    ctx["ti"].xcom_push(key="run_id", value=run.info.run_id)


def register(**ctx):
    import mlflow

    mlflow.set_tracking_uri(MLFLOW_URI)
    run_id = ctx["ti"].xcom_pull(key="run_id", task_ids="train")
    mv = mlflow.register_model(f"runs:/{run_id}/model", "origination-pd")  # truth: AUD
    client = mlflow.tracking.MlflowClient()
    client.transition_model_version_stage("origination-pd", mv.version, "Staging")  # truth: AUD
    requests.post(SLACK_WEBHOOK, json={"text": f"origination-pd v{mv.version} -> Staging"}, timeout=5)


def notify_ops(**ctx):
    token = Variable.get("pagerduty_token")  # trap
    requests.post(
        "https://events.pagerduty.com/v2/enqueue",
        json={"routing_key": token, "event_action": "trigger",
              "payload": {"summary": "origination retrain finished", "severity": "info", "source": "airflow"}},
        timeout=5,
        verify=True,  # trap
    )


with DAG(
    dag_id="origination_model_weekly",
    default_args=DEFAULT_ARGS,
    start_date=datetime(2026, 1, 5),
    schedule="0 4 * * MON",
    catchup=False,
    tags=["credit", "ml"],
) as dag:
    t_extract = PythonOperator(task_id="extract", python_callable=extract)
    t_feat = PythonOperator(task_id="build_features", python_callable=build_features)
    t_train = PythonOperator(task_id="train", python_callable=train)
    t_reg = PythonOperator(task_id="register", python_callable=register)
    t_notify = PythonOperator(task_id="notify_ops", python_callable=notify_ops)
    t_extract >> t_feat >> t_train >> t_reg >> t_notify
