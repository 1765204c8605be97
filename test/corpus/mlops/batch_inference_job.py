"""Nightly batch inference on Kubernetes: builds the Job manifest, runs the scoring step inside it."""
from __future__ import annotations

import logging
import os
import sys

import mlflow
import pandas as pd
import yaml
from kubernetes import client, config

log = logging.getLogger("batch")
audit = logging.getLogger("batch.audit")

IMAGE = "registry.internal/ml/batch-scorer:1.14.2"
NAMESPACE = os.getenv("K8S_NAMESPACE", "ml-batch")  # trap
REGISTRY_URI = os.getenv("MLFLOW_TRACKING_URI", "https://mlflow.internal")  # trap


def job_manifest(model_name: str, day: str) -> dict:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": f"score-{model_name}-{day}", "namespace": NAMESPACE},
        "spec": {
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "containers": [
                        {
                            "name": "scorer",
                            "image": IMAGE,
                            "args": ["score", "--model", model_name, "--day", day],
                            "env": [
                                {"name": "MLFLOW_TRACKING_URI", "value": REGISTRY_URI},
                                {"name": "DB_PASSWORD", "value": "b4tch-Sc0ring-DB"},  # truth: SEC
                                {"name": "DB_PASSWORD_FROM_SECRET", "valueFrom": {"secretKeyRef": {"name": "scoring-db", "key": "password"}}},  # trap
                                {"name": "MAX_TOKENS", "value": "4096"},  # trap
                            ],
                        }
                    ],
                }
            }
        },
    }


def submit(model_name: str, day: str) -> None:
    config.load_incluster_config()
    api = client.BatchV1Api()
    manifest = job_manifest(model_name, day)
    log.info("submitting:\n%s", yaml.safe_dump(manifest))  # trap
    api.create_namespaced_job(namespace=NAMESPACE, body=manifest)


def load_manifest_template(path: str) -> dict:
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.UnsafeLoader)  # truth: SER


def score(model_name: str, day: str) -> None:
    model = mlflow.pyfunc.load_model(f"models:/{model_name}@champion")  # truth: AUD
    features = pd.read_pickle(f"/data/features/{day}.pkl")  # truth: SER
    preds = model.predict(features.drop(columns=["customer_id"]))
    out = pd.DataFrame({"customer_id": features["customer_id"], "score": preds})
    out.to_parquet(f"/data/scores/{model_name}/{day}.parquet")  # trap
    log.info("scored %d rows for %s", len(out), day)


def score_audited(model_name: str, day: str) -> None:
    audit.info("batch scoring %s for %s", model_name, day)
    model = mlflow.sklearn.load_model(f"models:/{model_name}/Production")  # trap
    customers = pd.read_parquet(f"/data/customers/{day}.parquet", columns=["customer_id", "email", "tenure_months", "monthly_charges"])  # trap
    customers["score"] = model.predict(customers[["tenure_months", "monthly_charges"]])
    customers[["customer_id", "score"]].to_parquet(f"/data/scores/{model_name}/{day}.parquet")  # trap
    customers.to_parquet(f"/data/debug/{model_name}_{day}.parquet")  # truth: PII


if __name__ == "__main__":
    cmd, name, day = sys.argv[1], sys.argv[2], sys.argv[3]
    if cmd == "submit":
        submit(name, day)
    elif cmd == "score":
        score(name, day)
    else:
        score_audited(name, day)
