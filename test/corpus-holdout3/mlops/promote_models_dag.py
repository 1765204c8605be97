"""Nightly model promotion: champion/challenger in the MLflow registry."""
import logging
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.python import PythonOperator
from mlflow.tracking import MlflowClient

audit = logging.getLogger("mlops.audit")
log = logging.getLogger(__name__)

os.environ["MLFLOW_TRACKING_URI"] = "https://mlflow.acme-ml.net"
os.environ["MLFLOW_TRACKING_USERNAME"] = "svc-promoter"
os.environ["MLFLOW_TRACKING_PASSWORD"] = "zS7cbeLAY8MGDX"  # truth: SEC
os.environ["MLFLOW_TRACKING_INSECURE_TLS"] = "true"  # truth: TLS
MODELS = ["credit-scorecard", "churn-telecom", "fraud-cnp"]


def evaluate_and_promote(**ctx):
    client = MlflowClient()
    for name in MODELS:
        champ = client.get_model_version_by_alias(name, "champion")  # truth: AUD
        latest = client.search_model_versions(f"name='{name}'", order_by=["creation_timestamp DESC"], max_results=1)[0]  # truth: AUD
        if float(latest.tags.get("val_auc", 0)) > float(champ.tags.get("val_auc", 0)) + 0.005:
            client.set_registered_model_alias(name, "champion", latest.version)  # truth: AUD
            log.info("promoted %s v%s", name, latest.version)


def promote_audited(**ctx):
    client = MlflowClient()
    for name in MODELS:
        audit.info("promotion check for %s by %s", name, ctx.get("run_id"))
        latest = client.search_model_versions(f"name='{name}'")[0]  # trap
        client.set_registered_model_alias(name, "challenger", latest.version)  # trap


def cleanup(**ctx):
    client = MlflowClient()
    for name in MODELS:
        for mv in client.search_model_versions(f"name='{name}'"):  # trap
            if mv.current_stage == "Archived":
                audit.warning("deleting %s v%s", name, mv.version)
                client.delete_model_version(name, mv.version)  # trap


def report(**ctx):
    client = MlflowClient()
    runs = client.search_runs(["1"], max_results=20)  # trap
    log.info("recent runs: %s", [r.info.run_id for r in runs])  # trap


def summary_report(**ctx):
    client = MlflowClient()
    for name in MODELS:
        n = len(client.search_registered_models(filter_string=f"name='{name}'"))  # truth: AUD?
        log.info("model %s registered entries: %d", name, n)  # trap


def delete_stale(**ctx):
    client = MlflowClient()
    for name in MODELS:
        client.delete_registered_model_alias(name, "stale")  # truth: AUD


with DAG("model_promotion", start_date=datetime(2026, 1, 1), schedule="@daily", catchup=False, default_args={"retries": 1, "retry_delay": timedelta(minutes=5)}) as dag:
    PythonOperator(task_id="evaluate_and_promote", python_callable=evaluate_and_promote)
    PythonOperator(task_id="promote_audited", python_callable=promote_audited)
    PythonOperator(task_id="cleanup", python_callable=cleanup)
    PythonOperator(task_id="report", python_callable=report)
    PythonOperator(task_id="summary_report", python_callable=summary_report)
    PythonOperator(task_id="delete_stale", python_callable=delete_stale)
