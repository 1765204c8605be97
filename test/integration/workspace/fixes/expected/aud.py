import logging

import mlflow

audit_log = logging.getLogger("audit")


def load_champion(model_uri):
    audit_log.info(
        "model access: mlflow.pyfunc.load_model",
        extra={"model_uri": model_uri},
    )
    model = mlflow.pyfunc.load_model(model_uri)
    return model
