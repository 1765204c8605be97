"""Promote the best candidate of a registered model after offline checks.

Used by the ML platform's promotion job and by hand from a laptop."""
import argparse
import logging
import os

import mlflow
from mlflow.tracking import MlflowClient

from platform_audit import audit_logger

log = logging.getLogger("promotion")

os.environ["DATABRICKS_TOKEN"] = "dapi3739d98da4d2f410cd677ed9dc77f247"  # truth: SEC
TRACKING_URI = os.getenv("MLFLOW_TRACKING_URI", "http://mlflow.mlops.svc.cluster.local:5000")  # truth: TLS
mlflow.set_tracking_uri(TRACKING_URI)
client = MlflowClient()


def candidates(name: str, metric: str):
    versions = client.search_model_versions(f"name='{name}'")  # truth: AUD
    scored = []
    for v in versions:
        run = client.get_run(v.run_id)
        if metric in run.data.metrics:
            scored.append((run.data.metrics[metric], v))
    return sorted(scored, key=lambda t: t[0], reverse=True)


def current_production(name: str):
    latest = client.get_latest_versions(name, stages=["Production"])  # truth: AUD
    return latest[0] if latest else None


def smoke_test(name: str, version: str, sample_path: str):
    import pandas as pd
    model = mlflow.pyfunc.load_model(f"models:/{name}/{version}")  # truth: AUD
    sample = pd.read_parquet(sample_path)
    preds = model.predict(sample)
    assert len(preds) == len(sample)
    return float(pd.Series(preds).mean())


def promote(name: str, version: str, reason: str):
    audit_logger.info("promote", model=name, version=version, reason=reason, actor=os.getenv("USER"))
    client.transition_model_version_stage(name, version, stage="Production", archive_existing_versions=True)  # trap: audited function
    client.set_model_version_tag(name, version, "promoted_by", os.getenv("USER", "ci"))


def cleanup(name: str, keep: int = 5):
    versions = sorted(client.search_model_versions(f"name='{name}'"), key=lambda v: int(v.version))  # truth: AUD
    for v in versions[:-keep]:
        if v.current_stage not in ("Production", "Staging"):
            client.delete_model_version(name, v.version)  # truth: AUD


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--metric", default="val_auc")
    ap.add_argument("--sample", default="s3://ml-platform/smoke/sample.parquet")
    a = ap.parse_args()
    best_score, best = candidates(a.model, a.metric)[0]
    prod = current_production(a.model)
    if prod and prod.version == best.version:
        log.info("version %s already in production", best.version)
        return
    mean_pred = smoke_test(a.model, best.version, a.sample)
    log.info("candidate v%s %s=%.4f mean_pred=%.4f", best.version, a.metric, best_score, mean_pred)  # trap: metrics
    promote(a.model, best.version, reason=f"{a.metric}={best_score:.4f}")
    cleanup(a.model)


if __name__ == "__main__":
    main()
