"""Weekly churn retrain DAG (TaskFlow API).

extract_features -> train -> evaluate -> register -> notify
"""
# Operator docs: http://airflow.apache.org/docs/apache-airflow/stable/tutorial/taskflow.html  # trap
from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta

import mlflow
import pandas as pd
from airflow.decorators import dag, task
from airflow.models import Variable
from airflow.operators.bash import BashOperator
from slack_sdk import WebClient

log = logging.getLogger(__name__)

SLACK_BOT_TOKEN = "xoxb-45957117777-4121547280385-jSI6bWHtP3fS2qHx6kwXoIIX"  # truth: SEC
MLFLOW_URI = Variable.get("mlflow_tracking_uri", default_var="https://mlflow.ml.acme-ins.com")  # trap
FEATURES = ["tenure_months", "avg_bill", "late_payments", "dropped_calls_rate", "plan_idx"]


@dag(
    dag_id="churn_weekly_retrain",
    schedule="0 4 * * 1",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=15)},
    tags=["churn", "mlflow"],
)
def churn_weekly_retrain():
    sync_features = BashOperator(
        task_id="sync_features",
        bash_command="aws s3 sync s3://telco-features/churn/ /data/churn/",
        env={
            "AWS_ACCESS_KEY_ID": "ASIA3DHODZDOCIS2JHTL",  # truth: SEC
            "AWS_SECRET_ACCESS_KEY": "{{ var.value.churn_aws_secret }}",  # trap
            "AWS_DEFAULT_REGION": "eu-central-1",
        },
    )

    @task
    def extract_features(ds=None) -> str:
        path = f"/data/churn/features_{ds}.parquet"
        df = pd.read_parquet("/data/churn/latest.parquet", columns=FEATURES + ["churned"])  # trap
        df.to_parquet(path)  # trap
        return path

    @task
    def train(path: str) -> str:
        from sklearn.ensemble import GradientBoostingClassifier

        mlflow.set_tracking_uri(MLFLOW_URI)
        df = pd.read_parquet(path)
        with mlflow.start_run(run_name="weekly") as run:
            clf = GradientBoostingClassifier().fit(df[FEATURES], df["churned"])  # trap
            mlflow.sklearn.log_model(clf, "model")
        return run.info.run_id

    @task
    def evaluate(run_id: str) -> float:
        mlflow.set_tracking_uri(MLFLOW_URI)
        model = mlflow.sklearn.load_model(f"runs:/{run_id}/model")  # truth: AUD
        holdout = pd.read_parquet("/data/churn/holdout.parquet", columns=FEATURES + ["churned"])
        return float(model.score(holdout[FEATURES], holdout["churned"]))

    @task
    def register(run_id: str, acc: float) -> str | None:
        from mlplatform.audit import record_audit_event

        if acc < 0.8:
            return None
        record_audit_event("register", run_id=run_id, accuracy=acc)
        mv = mlflow.register_model(f"runs:/{run_id}/model", "churn-propensity")  # trap
        return mv.version

    @task
    def notify(version: str | None) -> None:
        client = WebClient(token=SLACK_BOT_TOKEN)  # trap
        text = f"churn-propensity v{version} registered" if version else "retrain below gate; nothing registered"
        client.chat_postMessage(channel="#ml-churn", text=text)

    path = extract_features()
    run_id = train(path)
    acc = evaluate(run_id)
    sync_features >> path
    notify(register(run_id, acc))


churn_weekly_retrain()
