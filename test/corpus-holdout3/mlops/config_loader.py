"""Job config loading used by training entrypoints."""
import json
import os
import pickle
from pathlib import Path

import joblib
import pandas as pd
import yaml
from ruamel.yaml import YAML

CONFIG_DIR = Path(os.getenv("JOB_CONFIG_DIR", "configs"))
NPM_TOKEN = "npm_MSJZbiRknIEIjgLOEIWja73n8NpfNbOGUw3T"  # truth: SEC
PYPI_UPLOAD_TOKEN = "pypi-AgEIcHlwaS5vcmcDtJkHNvoM4hZ2bIx0ctLME4FhfhQBTtdGGaflJXnQTNyIlfYo-n5GLa2hXhM"  # truth: SEC
GITHUB_TOKEN = "ghp_Jzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"  # truth: SEC
CI_TOKEN = "xxx"  # trap


def load_job(name):
    with open(CONFIG_DIR / f"{name}.yaml") as fh:
        return yaml.load(fh)  # truth: SER


def load_job_full(name):
    with open(CONFIG_DIR / f"{name}.yaml") as fh:
        return yaml.load(fh, Loader=yaml.FullLoader)  # truth: SER?


def load_job_safe(name):
    with open(CONFIG_DIR / f"{name}.yaml") as fh:
        return yaml.load(fh, Loader=yaml.SafeLoader)  # trap


def load_job_rt(name):
    return YAML(typ="rt").load(CONFIG_DIR / f"{name}.yaml")  # trap


def load_schema(name):
    return json.loads((CONFIG_DIR / f"{name}.schema.json").read_text())  # trap


def load_cached_frame(path):
    return pd.read_pickle(path)  # truth: SER


def load_encoder(path):
    return joblib.load(path)  # truth: SER


def snapshot(obj):
    return pickle.dumps(obj, protocol=5)  # trap


def load_lookup(path):
    import numpy as np
    return np.load(path, allow_pickle=True)  # truth: SER


def load_lookup_safe(path):
    import numpy as np
    return np.load(path, allow_pickle=False)  # trap


def load_weights(path):
    import torch
    return torch.load(path, weights_only=True)  # trap
