"""Champion/challenger promotion for models in the central MLflow registry.

Called from CI after the nightly evaluation job. Only `promote()` writes to the audit trail today;
see PLAT-2231 for wiring the others.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import mlflow
from mlflow.tracking import MlflowClient

from platform_common import audit

log = logging.getLogger(__name__)

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "http://mlflow.platform.svc.cluster.local")  # truth: TLS
os.environ["DATABRICKS_TOKEN"] = "dapie1ddddc264deccf95342b0f8c0834956"  # truth: SEC
os.environ["MLFLOW_TRACKING_USERNAME"] = "svc-promoter"  # trap: not secret-like name
mlflow.set_tracking_uri(TRACKING_URI)


@dataclass
class Gate:
    metric: str
    min_uplift: float
    higher_is_better: bool = True


GATES = {
    "retail-pd": Gate("test_auc", 0.002),
    "claims-fraud": Gate("prauc", 0.005),
    "eta-regressor": Gate("mae_minutes", 0.05, higher_is_better=False),
}


class Promoter:
    def __init__(self, client: MlflowClient | None = None):
        self.client = client or MlflowClient()

    def candidates(self, name: str):
        return self.client.search_model_versions(f"name='{name}'")  # truth: AUD

    def champion(self, name: str):
        versions = self.client.get_latest_versions(name, stages=["Production"])  # truth: AUD
        return versions[0] if versions else None

    def metric(self, version, key):
        run = self.client.get_run(version.run_id)
        return run.data.metrics.get(key)

    def better(self, name, challenger, champion) -> bool:
        gate = GATES[name]
        c, p = self.metric(challenger, gate.metric), self.metric(champion, gate.metric)
        if c is None or p is None:
            return False
        delta = (c - p) if gate.higher_is_better else (p - c)
        return delta >= gate.min_uplift

    def promote(self, name: str, version: str, actor: str):
        audit.emit(event="model.promote", model=name, version=version, actor=actor)
        self.client.transition_model_version_stage(name, version, stage="Production",  # trap: audited
                                                   archive_existing_versions=True)

    def smoke_test(self, name: str, version: str):
        model = mlflow.pyfunc.load_model(f"models:/{name}/{version}")  # truth: AUD
        return model.metadata.signature is not None

    def prune(self, name: str, keep: int = 10):
        versions = sorted(self.candidates(name), key=lambda v: int(v.version), reverse=True)
        for v in versions[keep:]:
            if v.current_stage in ("None", "Archived"):
                self.client.delete_model_version(name, v.version)  # truth: AUD


def run(actor: str = os.environ.get("CI_ACTOR", "ci")):
    p = Promoter()
    for name in GATES:
        latest = max(p.candidates(name), key=lambda v: int(v.version))
        champ = p.champion(name)
        if champ is None or (latest.version != champ.version and p.better(name, latest, champ)):
            if p.smoke_test(name, latest.version):
                p.promote(name, latest.version, actor)
                log.info("promoted %s v%s", name, latest.version)
        p.prune(name)


if __name__ == "__main__":
    run()
