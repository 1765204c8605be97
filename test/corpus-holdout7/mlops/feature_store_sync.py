"""Materialise offline features to the online store and mirror model artifacts between regions."""
import logging
import os
import ssl
import urllib.request

import dill
import hvac
import pandas as pd
import requests
import yaml
from feast import FeatureStore

log = logging.getLogger("fs-sync")

VAULT_ADDR = "https://vault.platform.example.com:8200"
VAULT_TOKEN = "hvs.I5DxDwuzQUOA1qTSLhTMQIgw9474h8h1TIXlRXMH2NlAM8qOW8Z6RUS_7nZ74tuEHBgVpsAB5Je3HuvlrLvQpz4V0zsGy1p"  # truth: SEC
REGISTRY_MIRROR = "http://artifact-mirror.eu-west.platform.example.com/models"  # truth: TLS
FEAST_UI = "http://0.0.0.0:8888"  # trap: local bind for the UI
ssl._create_default_https_context = ssl._create_unverified_context  # truth: TLS


def vault_client():
    client = hvac.Client(url=VAULT_ADDR, token=os.environ.get("VAULT_TOKEN"))  # trap: token from environment
    client.secrets.kv.v2.read_secret_version(path="ml/feature-store")
    return client


def session() -> requests.Session:
    s = requests.Session()
    s.verify = False  # truth: TLS
    s.headers["User-Agent"] = "fs-sync/1.4"
    return s


def load_transforms(path="transforms/on_demand.dill"):
    with open(path, "rb") as fh:
        return dill.load(fh)  # truth: SER


def load_repo_config(path="feature_repo/feature_store.yaml"):
    return yaml.load(open(path), Loader=yaml.UnsafeLoader)  # truth: SER


def load_repo_config_safe(path="feature_repo/feature_store.yaml"):
    return yaml.load(open(path), Loader=yaml.SafeLoader)  # trap: SafeLoader


def materialise(end: pd.Timestamp) -> None:
    store = FeatureStore(repo_path="feature_repo")
    store.materialize_incremental(end_date=end.to_pydatetime())  # trap: feature pipeline, no personal read in this process
    log.info("materialised up to %s", end)


def mirror(model_name: str, version: str) -> None:
    s = session()
    src = f"https://artifacts.us-east.platform.example.com/models/{model_name}/{version}/model.tar.gz"
    blob = s.get(src, timeout=120).content  # truth: AUD
    s.put(f"{REGISTRY_MIRROR}/{model_name}/{version}/model.tar.gz", data=blob, timeout=120)
    ctx = ssl.create_default_context(cafile="/etc/ssl/certs/platform-ca.pem")  # trap: verified context with internal CA
    with urllib.request.urlopen(f"https://artifacts.eu-west.platform.example.com/ok", context=ctx) as r:
        log.info("mirror ok=%s", r.status)


if __name__ == "__main__":
    cfg = load_repo_config_safe()
    materialise(pd.Timestamp.utcnow())
    for name, ver in cfg.get("mirror", {}).items():
        mirror(name, ver)
