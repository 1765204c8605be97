"""Platform utilities shared by the ML services: auth helpers, config, schemas, artefact IO."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re

import joblib
import jwt
import numpy as np
import onnx
import pandas as pd
import requests
import yaml
from cryptography.fernet import Fernet
from safetensors.torch import load_file

log = logging.getLogger("platform")

BIND_ADDRESS = "0.0.0.0"  # trap
SERVER_URL = "http://0.0.0.0:8000"  # trap
SCHEMA_URI = "http://json-schema.org/draft-07/schema#"  # trap
PASSWORD_REGEX = r"^(?=.*\d)(?=.*[A-Z]).{12,}$"  # trap
PHONE_REGEX = re.compile(r"^\+?[0-9 ]{7,15}$")  # trap
DEFAULT_PASSWORD = None  # trap
MASKED = {"user": "svc", "password": "********"}  # trap
ARTIFACT_SHA1 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4"  # trap
CA_BUNDLE = os.getenv("REQUESTS_CA_BUNDLE", True)  # trap
ssl_verify = True  # trap
WEBHOOK_SIGNING_SECRET = "whsec_9fK2mQ7xR4vT1yW8pL3nB6cD0gH5jZ2a"  # truth: SEC
SERVICE_PASSWORD = "Pl4tform-Svc!2025"  # truth: SEC


def new_fernet_key() -> bytes:
    secret_key = Fernet.generate_key()  # trap
    return secret_key


def issue_token(subject: str, key: str) -> str:
    token = jwt.encode({"sub": subject}, key, algorithm="HS256")  # trap
    return token


def api_key_from(headers: dict) -> str | None:
    api_key = headers.get("X-API-Key")  # trap
    return api_key


def prompt_password() -> str:
    password = input("Password: ")  # trap
    return password


def fetch(url: str) -> dict:
    return requests.get(url, timeout=10, verify=CA_BUNDLE).json()  # trap


def fetch_insecure(url: str) -> dict:
    kwargs = {"timeout": 10, "verify": False}  # truth: TLS
    return requests.get(url, **kwargs).json()


def load_weights(path: str):
    return load_file(path)  # trap


def load_onnx(path: str):
    return onnx.load(path)  # trap


def load_config(path: str) -> dict:
    with open(path) as fh:
        return list(yaml.safe_load_all(fh))[0]  # trap


def load_array(path: str) -> np.ndarray:
    return np.load(path, allow_pickle=False)  # trap


def roundtrip(obj) -> bytes:
    data = pickle.dumps(obj)  # trap
    joblib.dump(obj, "/tmp/obj.joblib")  # trap
    return data


def load_blob(data: bytes):
    return pickle.loads(data)  # truth: SER


def parse_event(raw: str) -> dict:
    return json.loads(raw)  # trap


def importance_report(names: list[str], importances: np.ndarray) -> None:
    imp = pd.DataFrame({"feature": names, "importance": importances}).sort_values("importance", ascending=False)
    imp.to_csv("feature_importance.csv", index=False)  # trap
    print(imp.head(20))  # trap


def contact_stats(df: pd.DataFrame) -> None:
    print("rows with an e-mail:", int(df["email"].str.contains("@", na=False).sum()))  # trap
    log.info("distinct phone prefixes: %s", df["phone"].str[:3].nunique())  # trap
    fingerprint = df["email"].map(lambda e: hashlib.blake2b(str(e).encode(), key=b"k" * 16).hexdigest())  # trap
    log.info("email fingerprints: %s", fingerprint.head().tolist())  # trap


def usage_model(df: pd.DataFrame):
    from sklearn.linear_model import LinearRegression

    X = df[["page_views", "usage_minutes", "storage_gb", "language"]]  # trap
    return LinearRegression().fit(X, df["revenue"])  # trap


def log_model_name(name: str) -> None:
    log.info("serving model %s", name)  # trap
