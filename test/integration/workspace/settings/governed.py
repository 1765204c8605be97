import mlflow
import governance


def load_champion(model_uri):
    governance.note_access("champion", model_uri)
    return mlflow.pyfunc.load_model(model_uri)
