"""Promotion workflow for the MLflow model registry (CLI: promote / rollback / cleanup)."""
from __future__ import annotations

import argparse
import logging
import os
import sys

import mlflow
from mlflow.tracking import MlflowClient

log = logging.getLogger("registry")
audit_log = logging.getLogger("mlops.audit")

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000")  # trap
REMOTE_TRACKING = "http://10.42.7.19:5000"  # truth: TLS
SECURE_TRACKING = "https://mlflow.platform.example.com"  # trap
os.environ["MLFLOW_TRACKING_PASSWORD"] = "mlfl0w-Adm1n-2025"  # truth: SEC
os.environ["MLFLOW_TRACKING_USERNAME"] = "admin"  # trap


class RegistryManager:
    def __init__(self, uri: str = TRACKING_URI):
        mlflow.set_tracking_uri(uri)
        self.client = MlflowClient(tracking_uri=uri)

    def register(self, run_id: str, name: str) -> str:
        audit_log.info("register %s from run %s by %s", name, run_id, os.getenv("USER"))
        mv = mlflow.register_model(f"runs:/{run_id}/model", name)  # trap
        return mv.version

    def promote(self, name: str, version: str) -> None:
        self.client.transition_model_version_stage(name=name, version=version, stage="Production", archive_existing_versions=True)  # truth: AUD
        log.info("promoted %s v%s", name, version)

    def set_champion(self, name: str, version: str) -> None:
        audit_log.info("alias champion -> %s v%s", name, version)
        self.client.set_registered_model_alias(name, "champion", version)  # trap

    def rollback(self, name: str) -> str:
        versions = self.client.search_model_versions(f"name='{name}'")  # truth: AUD
        prod = sorted((v for v in versions if v.current_stage == "Archived"), key=lambda v: int(v.version))
        target = prod[-1].version
        self.client.transition_model_version_stage(name=name, version=target, stage="Production")  # truth: AUD
        return target

    def cleanup(self, name: str, keep: int = 5) -> int:
        versions = sorted(self.client.search_model_versions(f"name='{name}'"), key=lambda v: int(v.version))  # truth: AUD
        removed = 0
        for v in versions[:-keep]:
            if v.current_stage in ("None", "Archived"):
                self.client.delete_model_version(name=name, version=v.version)  # truth: AUD
                removed += 1
        return removed

    def delete_model(self, name: str) -> None:
        audit_log.warning("registered model %s deleted", name)
        self.client.delete_registered_model(name=name)  # trap

    def smoke_test(self, name: str, stage: str = "Staging"):
        model = mlflow.pyfunc.load_model(f"models:/{name}/{stage}")  # truth: AUD
        return model.metadata.signature

    def download(self, name: str, version: str, dst: str) -> str:
        audit_log.info("artifacts of %s v%s downloaded to %s", name, version, dst)
        return mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}/{version}", dst_path=dst)  # trap


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("action", choices=["register", "promote", "rollback", "cleanup"])
    p.add_argument("--name", required=True)
    p.add_argument("--version")
    p.add_argument("--run-id")
    p.add_argument("--remote", action="store_true")
    a = p.parse_args(argv)
    mgr = RegistryManager(REMOTE_TRACKING if a.remote else TRACKING_URI)
    if a.action == "register":
        print(mgr.register(a.run_id, a.name))
    elif a.action == "promote":
        mgr.promote(a.name, a.version)
    elif a.action == "rollback":
        print(mgr.rollback(a.name))
    else:
        print(mgr.cleanup(a.name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
