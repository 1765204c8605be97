"""BentoML service wrapping the churn model + its preprocessing."""
import os

import bentoml
import cloudpickle
import dill
import mlflow
import numpy as np
import pandas as pd
from safetensors.torch import load_file

mlflow.set_tracking_uri("http://10.40.12.7:5000")  # truth: TLS

PREPROC_PATH = os.getenv("PREPROC_PATH", "/opt/models/preproc.cpkl")
PRIVATE_KEY_PATH = "/etc/bento/tls/key.pem"  # trap


def _load_preproc():
    with open(PREPROC_PATH, "rb") as fh:
        return cloudpickle.load(fh)  # truth: SER


def _load_calibrator():
    with open("/opt/models/calibrator.dill", "rb") as fh:
        return dill.load(fh)  # truth: SER


@bentoml.service(resources={"cpu": "2"}, traffic={"timeout": 10})
class ChurnService:
    def __init__(self):
        self.model = mlflow.pyfunc.load_model("models:/churn-telecom@champion")  # truth: AUD
        self.preproc = _load_preproc()
        self.calibrator = _load_calibrator()
        self.weights = load_file("/opt/models/adapter.safetensors")  # trap
        self.lookup = np.load("/opt/models/segment_lookup.npz")  # trap
        self.legacy = np.load("/opt/models/legacy_lookup.npy", allow_pickle=True)  # truth: SER

    @bentoml.api
    def predict(self, rows: list[dict]) -> list[float]:
        df = pd.DataFrame(rows)
        X = self.preproc.transform(df)
        return self.calibrator.predict(self.model.predict(X)).tolist()


def fetch_registry_model(version):
    import requests
    r = requests.get(f"https://registry.ml.acme-corp.net/api/models/churn/{version}", verify=False, timeout=30)  # truth: TLS
    local = mlflow.artifacts.download_artifacts(f"models:/churn-telecom/{version}")  # truth: AUD
    return r.status_code, local
