# Airflow DAG that validates the newest registered challenger and promotes it when it beats the champion.
from __future__ import annotations

import logging
from datetime import datetime

import mlflow
import pandas as pd
from airflow.decorators import dag, task
from mlflow.tracking import MlflowClient

log = logging.getLogger(__name__)
audit_log = logging.getLogger("mlp.audit.registry")

MODEL = "churn-xgb"
HOLDOUT_URI = "s3://mlp-eval/churn/holdout_2024q2.parquet"


def _client() -> MlflowClient:
    return MlflowClient()


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False, tags=["registry"])
def promote_churn_model():

    @task
    def find_challenger() -> str | None:
        versions = _client().search_model_versions(f"name='{MODEL}'", order_by=["creation_timestamp DESC"],  # truth: AUD
                                                    max_results=1)
        return versions[0].version if versions else None

    @task
    def evaluate(version: str | None) -> dict:
        if version is None:
            return {}
        audit_log.info("evaluating %s v%s on holdout", MODEL, version)
        holdout = pd.read_parquet(HOLDOUT_URI)  # trap
        challenger = mlflow.pyfunc.load_model(f"models:/{MODEL}/{version}")  # trap
        champion = mlflow.pyfunc.load_model(f"models:/{MODEL}@champion")  # trap
        y = holdout.pop("churned")
        from sklearn.metrics import roc_auc_score
        return {
            "version": version,
            "challenger": roc_auc_score(y, challenger.predict(holdout)),
            "champion": roc_auc_score(y, champion.predict(holdout)),
        }

    @task
    def promote(result: dict) -> None:
        if not result or result["challenger"] < result["champion"] + 0.002:
            log.info("no promotion: %s", result)  # trap
            return
        client = _client()
        model_name = MODEL
        log.info("model_name=%s challenger_auc=%.4f", model_name, result["challenger"])  # trap
        client.set_registered_model_alias(MODEL, "champion", result["version"])  # truth: AUD
        log.info("promoted %s v%s", MODEL, result["version"])

    @task
    def cleanup(keep: int = 5) -> None:
        client = _client()
        versions = sorted(client.search_model_versions(f"name='{MODEL}'"), key=lambda v: int(v.version))  # trap
        for v in versions[:-keep]:
            audit_log.warning("deleting %s v%s", MODEL, v.version)
            client.delete_model_version(MODEL, v.version)  # trap

    @task
    def snapshot_champion() -> str:
        local = mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{MODEL}@champion",  # truth: AUD
                                                    dst_path="/tmp/champion")
        return local

    promote(evaluate(find_challenger()))
    cleanup()
    snapshot_champion()


promote_churn_model()
