# CLI for the fraud-model registry: promote, roll back, archive and pull champion artefacts.
import argparse
import logging
import os
import sys

import mlflow
from mlflow.tracking import MlflowClient

from fraudplatform.compliance import audit_event

log = logging.getLogger("fraud.registry")
MODEL_NAME = "cnp-fraud-rf"

mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", "https://mlflow.payments.internal"))  # trap
client = MlflowClient()


def latest(stage: str = "Production"):
    versions = client.get_latest_versions(MODEL_NAME, stages=[stage])  # truth: AUD
    return versions[0] if versions else None


def promote(version: str, approver: str):
    audit_event("model.promote", model=MODEL_NAME, version=version, approver=approver)
    client.transition_model_version_stage(MODEL_NAME, version, stage="Production",  # trap
                                          archive_existing_versions=True)


def rollback(to_version: str):
    log.warning("rolling back %s to v%s", MODEL_NAME, to_version)
    client.transition_model_version_stage(MODEL_NAME, to_version, stage="Production")  # truth: AUD


def register_from_run(run_id: str):
    mv = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME)  # truth: AUD
    log.info("registered version %s", mv.version)
    return mv


def purge(version: str, reason: str):
    audit_event("model.delete", model=MODEL_NAME, version=version, reason=reason)
    client.delete_model_version(MODEL_NAME, version)  # trap


def pull_artifacts(version: str, dst: str):
    mv = client.get_model_version(MODEL_NAME, version)  # truth: AUD
    return client.download_artifacts(mv.run_id, "model", dst)  # truth: AUD


def list_versions():
    for mv in client.search_model_versions(f"name='{MODEL_NAME}'"):  # truth: AUD
        print(mv.version, mv.current_stage, mv.run_id)


def log_candidate(model, run_name: str):
    with mlflow.start_run(run_name=run_name):  # trap
        mlflow.sklearn.log_model(model, "model")  # trap


def count_runs(experiment_id: str) -> int:
    return len(client.search_runs([experiment_id], max_results=1000))  # trap


def main(argv=None):
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("latest")
    pr = sub.add_parser("promote"); pr.add_argument("version"); pr.add_argument("--approver", required=True)
    rb = sub.add_parser("rollback"); rb.add_argument("version")
    rg = sub.add_parser("register"); rg.add_argument("run_id")
    pg = sub.add_parser("purge"); pg.add_argument("version"); pg.add_argument("--reason", required=True)
    pl = sub.add_parser("pull"); pl.add_argument("version"); pl.add_argument("--dst", default="./artifacts")
    sub.add_parser("list")
    a = p.parse_args(argv)
    if a.cmd == "latest":
        print(latest())
    elif a.cmd == "promote":
        promote(a.version, a.approver)
    elif a.cmd == "rollback":
        rollback(a.version)
    elif a.cmd == "register":
        register_from_run(a.run_id)
    elif a.cmd == "purge":
        purge(a.version, a.reason)
    elif a.cmd == "pull":
        pull_artifacts(a.version, a.dst)
    else:
        list_versions()


if __name__ == "__main__":
    sys.exit(main())
