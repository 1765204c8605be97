import logging

import mlflow
import torch

audit_log = logging.getLogger("audit")


def load_models(uri, path):
    audit_log.info("model access: mlflow.pyfunc.load_model", extra={"model_uri": uri})
    champion = mlflow.pyfunc.load_model(uri)
    weights = torch.load(path)
    return champion, weights


def promote(client, name, version):
    audit_log.info(
        "model access: MlflowClient.transition_model_version_stage",
        extra={"model_name": name},
    )
    client.transition_model_version_stage(name=name, version=version, stage="Production")
