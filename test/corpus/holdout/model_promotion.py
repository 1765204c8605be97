"""Champion/challenger promotion job for every model in the registry."""
import logging
import os

import mlflow
from mlflow import MlflowClient

log = logging.getLogger("promotion")
audit = logging.getLogger("promotion.audit")

client = MlflowClient(tracking_uri="https://ci-bot:Pr0mote-Me-2025@mlflow.models.example.com")  # truth: SEC
client_env = MlflowClient(tracking_uri=os.environ["MLFLOW_TRACKING_URI"])  # trap
legacy = MlflowClient(tracking_uri="http://mlflow-legacy.models.example.com")  # truth: TLS


def evaluate(name: str, version: str) -> float:
    model = mlflow.pyfunc.load_model(f"models:/{name}/{version}")  # truth: AUD
    return float(model.metadata.run_id is not None)


def promote(name: str, version: str) -> None:
    audit.info("promote %s v%s", name, version)
    client.set_registered_model_alias(name, "champion", version)  # trap
    client.transition_model_version_stage(name, version, "Production")  # trap


def demote(name: str, version: str) -> None:
    client.transition_model_version_stage(name, version, "Archived")  # truth: AUD
    log.info("demoted %s v%s", name, version)


def purge(name: str) -> None:
    for mv in client.search_model_versions(f"name='{name}'"):  # truth: AUD
        if mv.current_stage == "Archived":
            client.delete_model_version(name, mv.version)  # truth: AUD


def fetch(name: str, version: str, dst: str) -> str:
    return client.download_artifacts(client.get_model_version(name, version).run_id, "model", dst)  # truth: AUD


if __name__ == "__main__":
    for rm in client.search_registered_models():  # truth: AUD
        latest = max(int(v.version) for v in rm.latest_versions)
        if evaluate(rm.name, str(latest)) > 0.5:
            promote(rm.name, str(latest))
