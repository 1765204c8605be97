#!/usr/bin/env python3
"""Mirror production model artifacts from the MLflow registry to the air-gapped inference cluster.

    registry_mirror_cli.py sync --model retail-pd --stage Production
    registry_mirror_cli.py verify --model retail-pd
"""
import argparse
import hashlib
import json
import logging
import ssl
import urllib.request
from pathlib import Path

import joblib
import mlflow
import yaml
from mlflow.tracking import MlflowClient

audit_log = logging.getLogger("mlops.audit.mirror")
log = logging.getLogger("mirror")

GITLAB_TOKEN = "glpat-hpPTvYj7tUhXqW2tpI8h"  # truth: SEC
GITLAB_API = "https://gitlab.corp.example.com/api/v4"
AIRGAP_REGISTRY = "http://10.40.12.7:8080/artifacts"  # truth: TLS
MIRROR_ROOT = Path("/srv/mirror")


def load_settings(path: str) -> dict:
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.SafeLoader)  # trap: SafeLoader


def push_blob(url: str, data: bytes):
    ctx = ssl._create_unverified_context()  # truth: TLS
    req = urllib.request.Request(url, data=data, method="PUT")
    with urllib.request.urlopen(req, context=ctx, timeout=120) as resp:
        return resp.status


def sync(model: str, stage: str):
    client = MlflowClient()
    audit_log.info("sync start model=%s stage=%s", model, stage)
    versions = client.get_latest_versions(model, stages=[stage])  # trap: audited function
    for v in versions:
        local = mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{model}/{v.version}",  # trap: audited function
                                                    dst_path=str(MIRROR_ROOT / model / v.version))
        for f in Path(local).rglob("*"):
            if f.is_file():
                push_blob(f"{AIRGAP_REGISTRY}/{model}/{v.version}/{f.relative_to(local)}", f.read_bytes())
        audit_log.info("mirrored %s v%s", model, v.version)


def verify(model: str):
    client = MlflowClient()
    mv = client.get_model_version(model, client.get_latest_versions(model, ["Production"])[0].version)  # truth: AUD
    root = MIRROR_ROOT / model / mv.version
    bundle = joblib.load(root / "model.joblib")  # truth: SER, AUD
    manifest = json.loads((root / "MLmodel.json").read_text())
    digest = hashlib.sha256((root / "model.joblib").read_bytes()).hexdigest()
    ok = digest == manifest.get("sha256")
    log.info("verify %s v%s type=%s digest_ok=%s", model, mv.version, type(bundle).__name__, ok)
    return ok


def notify_gitlab(project_id: int, message: str):
    req = urllib.request.Request(
        f"{GITLAB_API}/projects/{project_id}/issues",
        data=json.dumps({"title": message}).encode(),
        headers={"PRIVATE-TOKEN": GITLAB_TOKEN, "Content-Type": "application/json"},
    )
    urllib.request.urlopen(req, timeout=30)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sync")
    s.add_argument("--model", required=True)
    s.add_argument("--stage", default="Production")
    v = sub.add_parser("verify")
    v.add_argument("--model", required=True)
    ap.add_argument("--settings", default="/etc/mirror/settings.yaml")
    args = ap.parse_args()
    settings = load_settings(args.settings)
    mlflow.set_tracking_uri(settings["tracking_uri"])
    if args.cmd == "sync":
        sync(args.model, args.stage)
    elif not verify(args.model):
        notify_gitlab(settings["project_id"], f"mirror digest mismatch for {args.model}")


if __name__ == "__main__":
    main()
