import mlflow


def load_champion(model_uri):
    model = mlflow.pyfunc.load_model(model_uri)
    return model
