import mlflow
import torch


def load_models(uri, path):
    champion = mlflow.pyfunc.load_model(uri)
    weights = torch.load(path)
    return champion, weights


def promote(client, name, version):
    client.transition_model_version_stage(name=name, version=version, stage="Production")
