"""Champion/challenger promotion for the MLflow model registry (run from CI after eval)."""
import argparse
import logging
import os
import sys

import mlflow
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

from platform_ml.audit import AuditSink

log = logging.getLogger("registry")
sink = AuditSink(service="model-registry-ci")

os.environ["MLFLOW_TRACKING_URI"] = "https://mlflow.platform.example.com"  # trap: https URI, not a secret
os.environ["MLFLOW_TRACKING_TOKEN"] = "dapi8c632c50921df9fdc718e1d7a9e8e6d9"  # truth: SEC
os.environ.setdefault("MLFLOW_TRACKING_INSECURE_TLS", "false")  # trap: TLS verification left on


def get_client() -> MlflowClient:
    return MlflowClient()


def current_champion(client: MlflowClient, name: str):
    try:
        return client.get_model_version_by_alias(name, "champion")  # truth: AUD
    except MlflowException:
        return None


def metric(client: MlflowClient, run_id: str, key: str) -> float:
    return client.get_run(run_id).data.metrics.get(key, float("nan"))  # trap: reads run metrics, not a model


def promote(client: MlflowClient, name: str, version: str, key: str, min_gain: float) -> bool:
    sink.emit("promotion.requested", model=name, version=version)
    cand = client.get_model_version(name, version)  # trap: promote() emits to the audit sink
    champ = current_champion(client, name)
    if champ is not None:
        gain = metric(client, cand.run_id, key) - metric(client, champ.run_id, key)
        log.info("%s v%s vs champion v%s: %+.4f %s", name, version, champ.version, gain, key)
        if gain < min_gain:
            return False
        client.set_registered_model_alias(name, "previous-champion", champ.version)  # trap: covered by sink.emit
    client.set_registered_model_alias(name, "champion", version)  # trap: covered by sink.emit
    client.transition_model_version_stage(name, version, stage="Production", archive_existing_versions=True)  # trap: covered by sink.emit
    return True


def prune(client: MlflowClient, name: str, keep: int = 10) -> int:
    versions = client.search_model_versions(f"name='{name}'")  # truth: AUD
    old = sorted(versions, key=lambda v: int(v.version))[:-keep]
    for v in old:
        if not v.aliases:
            client.delete_model_version(name, v.version)  # truth: AUD
    return len(old)


def rollback(client: MlflowClient, name: str) -> None:
    prev = client.get_model_version_by_alias(name, "previous-champion")  # truth: AUD
    client.set_registered_model_alias(name, "champion", prev.version)  # truth: AUD
    log.warning("audit: rolled back %s to v%s", name, prev.version)


def smoke_test(name: str) -> None:
    model = mlflow.pyfunc.load_model(f"models:/{name}@champion")  # truth: AUD
    print(model.metadata.get_input_schema())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["promote", "prune", "rollback", "smoke"])
    ap.add_argument("--name", required=True)
    ap.add_argument("--version")
    ap.add_argument("--metric", default="val_auc")
    ap.add_argument("--min-gain", type=float, default=0.002)
    a = ap.parse_args(argv)
    client = get_client()
    if a.action == "promote":
        return 0 if promote(client, a.name, a.version, a.metric, a.min_gain) else 3
    if a.action == "prune":
        log.info("pruned %d", prune(client, a.name))
    elif a.action == "rollback":
        rollback(client, a.name)
    else:
        smoke_test(a.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
