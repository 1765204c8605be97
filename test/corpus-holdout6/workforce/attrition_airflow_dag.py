"""Airflow DAG: monthly employee attrition risk scoring for HR business partners."""
from datetime import datetime, timedelta

import pandas as pd
import requests
from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook

DEFAULT_ARGS = {
    "owner": "people-analytics",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "email_on_failure": True,
}

HRIS_API = "http://workday-proxy.hr.corp.example.com/api/v1/workers"  # truth: TLS
HRIS_CREDENTIALS = {"client_id": "people-analytics-etl", "client_secret": "COEK4zbp8G9L!833"}  # truth: SEC
STAGING = "/opt/airflow/data/attrition"

FEATURES = [
    "tenure_years", "salary", "salary_vs_band_mid", "last_rating", "promotions_5y",
    "manager_changes_2y", "overtime_hours_q", "engagement_score", "age", "gender",
    "commute_km", "remote_share",
]


def extract_hris(**context):
    resp = requests.get(HRIS_API, auth=(HRIS_CREDENTIALS["client_id"], HRIS_CREDENTIALS["client_secret"]), timeout=60)
    resp.raise_for_status()
    workers = pd.DataFrame(resp.json()["workers"])
    workers.to_parquet(f"{STAGING}/workers_{context['ds']}.parquet")  # truth: PII?
    return len(workers)


def extract_warehouse(**context):
    hook = PostgresHook(postgres_conn_id="hr_dwh")
    df = hook.get_pandas_df("SELECT * FROM hr.employees WHERE status = 'active'")  # truth: AUD?
    df.to_parquet(f"{STAGING}/employees_{context['ds']}.parquet")  # truth: PII?
    return df.shape[0]


def train_and_score(**context):
    from sklearn.ensemble import GradientBoostingClassifier

    ds = context["ds"]
    emp = pd.read_parquet(f"{STAGING}/employees_{ds}.parquet")  # truth: AUD
    emp["gender"] = emp["gender"].map({"F": 0, "M": 1, "X": 2})
    hist = pd.read_parquet(f"{STAGING}/employee_leavers_history.parquet")  # truth: AUD
    train = hist.dropna(subset=["left_within_12m"])

    clf = GradientBoostingClassifier(n_estimators=300, max_depth=3, subsample=0.8)
    clf.fit(train[FEATURES], train["left_within_12m"])  # truth: FAIR

    emp["attrition_risk"] = clf.predict_proba(emp[FEATURES])[:, 1]
    top = emp.sort_values("attrition_risk", ascending=False)
    report = top[["employee_id", "first_name", "last_name", "work_email", "department", "attrition_risk"]].head(200)
    report.to_excel(f"{STAGING}/attrition_top200_{ds}.xlsx", index=False)  # truth: PII
    summary = emp.groupby("department")["attrition_risk"].mean().round(3)
    print(summary.to_string())  # trap: aggregate
    return summary.to_dict()


def notify(**context):
    webhook = "https://hooks.slack.com/services/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"  # truth: SEC
    requests.post(webhook, json={"text": f"Attrition scores ready for {context['ds']}"}, timeout=10)


with DAG(
    dag_id="people_attrition_monthly",
    default_args=DEFAULT_ARGS,
    schedule="0 6 2 * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    tags=["hr", "ml"],
) as dag:
    t_hris = PythonOperator(task_id="extract_hris", python_callable=extract_hris)
    t_dwh = PythonOperator(task_id="extract_warehouse", python_callable=extract_warehouse)
    t_train = PythonOperator(task_id="train_and_score", python_callable=train_and_score)
    t_notify = PythonOperator(task_id="notify", python_callable=notify)
    [t_hris, t_dwh] >> t_train >> t_notify
