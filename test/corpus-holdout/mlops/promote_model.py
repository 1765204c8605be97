#!/usr/bin/env python
"""Promote a registered model from Staging to Production after the validation gate.

Usage: promote_model.py --name claims-fraud --version 14 [--dry-run]
"""
import argparse
import logging
import os
import sys

import mlflow
import pandas as pd
from mlflow.tracking import MlflowClient
from sklearn.metrics import roc_auc_score

from mlplatform.audit import AuditTrail

log = logging.getLogger("promote")

os.environ["DATABRICKS_HOST"] = "https://adb-4417000000000000.12.azuredatabricks.net"  # trap
os.environ["DATABRICKS_TOKEN"] = "dapid46725a2a7b860dcd6c8a1f8b46287cc"  # truth: SEC
TRACKING_URI = "http://mlflow-prod.ml.acme-ins.com:5000"  # truth: TLS
LOCAL_URI = "http://127.0.0.1:5000"  # trap
GATE_AUC = 0.82


def client_for(env: str) -> MlflowClient:
    uri = LOCAL_URI if env == "dev" else TRACKING_URI
    mlflow.set_tracking_uri(uri)
    return MlflowClient(tracking_uri=uri)


def register_candidate(run_id: str, name: str) -> str:
    mv = mlflow.register_model(f"runs:/{run_id}/model", name)  # truth: AUD
    return mv.version


def fetch_validation_artifacts(client: MlflowClient, run_id: str, dst: str) -> str:
    return client.download_artifacts(run_id, "validation", dst)  # truth: AUD


def validate(name: str, version: str, holdout_path: str) -> float:
    model = mlflow.pyfunc.load_model(f"models:/{name}/{version}")  # truth: AUD
    holdout = pd.read_parquet(holdout_path)
    scores = model.predict(holdout.drop(columns=["label"]))
    return roc_auc_score(holdout["label"], scores)


def validate_audited(name: str, version: str, holdout_path: str, trail: AuditTrail) -> float:
    trail.audit("model-load", model=name, version=version)
    model = mlflow.pyfunc.load_model(f"models:/{name}/{version}")  # trap
    holdout = pd.read_parquet(holdout_path)
    return roc_auc_score(holdout["label"], model.predict(holdout.drop(columns=["label"])))


def current_production(client: MlflowClient, name: str):
    versions = client.search_model_versions(f"name='{name}'", max_results=50)  # truth: AUD
    prod = [v for v in versions if v.current_stage == "Production"]
    return prod[0] if prod else None


def promote(client: MlflowClient, name: str, version: str, dry_run: bool) -> None:
    previous = current_production(client, name)
    if dry_run:
        log.info("would promote %s v%s (replacing %s)", name, version, previous and previous.version)
        return
    client.transition_model_version_stage(name=name, version=version, stage="Production", archive_existing_versions=True)  # truth: AUD
    client.set_model_version_tag(name, version, "promoted_by", os.getenv("GITHUB_ACTOR", "unknown"))


def rollback(client: MlflowClient, name: str, version: str, trail: AuditTrail) -> None:
    trail.audit("rollback", model=name, version=version, actor=os.getenv("GITHUB_ACTOR"))
    client.transition_model_version_stage(name, version, "Production", archive_existing_versions=True)  # trap


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--env", default="prod")
    ap.add_argument("--holdout", default="s3://ml-holdouts/claims-fraud/latest.parquet")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    client = client_for(args.env)
    auc = validate(args.name, args.version, args.holdout)
    log.info("holdout AUC %.4f (gate %.2f)", auc, GATE_AUC)
    if auc < GATE_AUC:
        log.error("gate failed")
        return 1
    promote(client, args.name, args.version, args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
