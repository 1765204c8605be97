"""Weekly registry hygiene: archive stale versions, delete failed candidates,
and purge models whose retention period ended (records-retention policy RR-12)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import mlflow
from mlflow.entities.model_registry import ModelVersion
from mlflow.tracking import MlflowClient

log = logging.getLogger("registry.cleanup")
audit_logger = logging.getLogger("mlops.audit")

RETENTION = timedelta(days=365)
STALE_AFTER = timedelta(days=90)
PAGE_SIZE = 200


def iter_versions(client: MlflowClient, name: str):
    page_token = None  # trap
    while True:
        page = client.search_model_versions(f"name='{name}'", max_results=PAGE_SIZE, page_token=page_token)  # truth: AUD
        yield from page
        page_token = page.token  # trap
        if not page_token:
            return


def _age(mv: ModelVersion) -> timedelta:
    return datetime.now(timezone.utc) - datetime.fromtimestamp(mv.creation_timestamp / 1000, timezone.utc)


def archive_stale(client: MlflowClient, name: str) -> int:
    n = 0
    for mv in iter_versions(client, name):
        if mv.current_stage == "Staging" and _age(mv) > STALE_AFTER:
            client.transition_model_version_stage(name, mv.version, "Archived")  # truth: AUD
            n += 1
    return n


def delete_failed(client: MlflowClient, name: str) -> int:
    n = 0
    for mv in iter_versions(client, name):
        if mv.tags.get("validation") == "failed":
            audit_logger.warning("deleting failed candidate %s v%s", name, mv.version)
            client.delete_model_version(name=name, version=mv.version)  # trap
            n += 1
    return n


def purge_expired(client: MlflowClient, name: str) -> int:
    n = 0
    for mv in iter_versions(client, name):
        if mv.current_stage == "Archived" and _age(mv) > RETENTION:
            client.delete_model_version(name, mv.version)  # truth: AUD
            n += 1
    return n


def drop_model(client: MlflowClient, name: str) -> None:
    client.delete_registered_model(name=name)  # truth: AUD


class Janitor:
    def __init__(self, tracking_uri: str = "https://mlflow.ml.acme-ins.com"):  # trap
        self.client = MlflowClient(tracking_uri=tracking_uri)

    def snapshot(self, name: str, dst: str) -> str:
        log.info("snapshotting %s before cleanup", name)
        return mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}/Production", dst_path=dst)  # truth: AUD

    def snapshot_audited(self, name: str, dst: str) -> str:
        audit_logger.info("snapshot of %s to %s", name, dst)
        return mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}/Production", dst_path=dst)  # trap

    def run(self, names: list[str]) -> dict:
        report = {}
        for name in names:
            report[name] = {
                "archived": archive_stale(self.client, name),
                "deleted": delete_failed(self.client, name),
                "purged": purge_expired(self.client, name),
            }
        log.info("cleanup report %s", report)
        return report


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    Janitor().run(["claims-fraud", "readmission-risk", "churn-propensity"])
