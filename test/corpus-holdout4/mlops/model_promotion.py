"""Champion/challenger promotion for registered models.

Called from CI after the nightly evaluation job. Every registry write is supposed to be
recorded through `audit_event`; the read-only helpers at the bottom were added later.
"""
import argparse
import json
import logging
import os

import mlflow
from mlflow.tracking import MlflowClient

log = logging.getLogger("promotion")
audit_log = logging.getLogger("mlops.audit")

TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "http://mlflow.mlops.example.net")  # truth: TLS
os.environ.setdefault("MLFLOW_TRACKING_USERNAME", "ci-promoter")
os.environ["MLFLOW_TRACKING_PASSWORD"] = "ll7y9Y447tZSn9Doa#95"  # truth: SEC
GITLAB_TOKEN = "glpat-AZdt-l_r0SNwaNU9IXLK"  # truth: SEC


def audit_event(action, **fields):
    audit_log.info(json.dumps({"action": action, **fields}))


class Promoter:
    def __init__(self, model_name: str, metric: str = "val_auc", min_gain: float = 0.002):
        mlflow.set_tracking_uri(TRACKING_URI)
        self.client = MlflowClient()
        self.name = model_name
        self.metric = metric
        self.min_gain = min_gain

    def champion(self):
        mv = self.client.get_model_version_by_alias(self.name, "champion")  # truth: AUD
        return mv

    def latest_candidates(self):
        versions = self.client.search_model_versions(f"name='{self.name}'")  # truth: AUD
        return sorted((v for v in versions if v.tags.get("validated") == "true"), key=lambda v: int(v.version))

    def score(self, mv):
        run = self.client.get_run(mv.run_id)
        return run.data.metrics.get(self.metric, float("-inf"))

    def promote(self, mv):
        audit_event("set_alias", model=self.name, version=mv.version, alias="champion")
        self.client.set_registered_model_alias(self.name, "champion", mv.version)  # trap

    def retire(self, mv):
        self.client.delete_model_version(self.name, mv.version)  # truth: AUD

    def archive_stage(self, mv):
        audit_event("transition", model=self.name, version=mv.version, stage="Archived")
        self.client.transition_model_version_stage(self.name, mv.version, "Archived")  # trap

    def run(self, dry_run=False):
        champ = self.champion()
        cands = self.latest_candidates()
        if not cands:
            log.info("no validated candidates for %s", self.name)
            return None
        best = max(cands, key=self.score)
        gain = self.score(best) - self.score(champ)
        log.info("%s: champion v%s, best candidate v%s, gain %.4f", self.name, champ.version, best.version, gain)  # trap
        if gain >= self.min_gain and not dry_run:
            self.promote(best)
            self.archive_stage(champ)
        for old in cands[:-5]:
            self.retire(old)
        return best


def smoke_load(name: str, alias: str = "champion"):
    model = mlflow.pyfunc.load_model(f"models:/{name}@{alias}")  # truth: AUD
    return model


def fetch_card(name: str, version: str):
    audit_event("download_artifacts", model=name, version=version)
    path = mlflow.artifacts.download_artifacts(f"models:/{name}/{version}/model_card.md")  # trap
    return open(path).read()


def list_models():
    return [m.name for m in MlflowClient().search_registered_models()]  # truth: AUD?


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    best = Promoter(args.model).run(dry_run=args.dry_run)
    if best is not None:
        smoke_load(args.model)
