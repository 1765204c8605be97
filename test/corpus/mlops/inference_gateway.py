"""Async inference gateway: fans requests out to model back-ends and partner enrichment APIs."""
from __future__ import annotations

import asyncio
import logging
import os
import ssl

import aiohttp
import mlflow
import requests
import urllib3
from requests.auth import HTTPBasicAuth
from tensorflow import keras

log = logging.getLogger("gateway")
audit = logging.getLogger("gateway.audit")

os.environ["MLFLOW_TRACKING_URI"] = "https://mlflow.platform.example.com"  # trap
os.environ["MLFLOW_TRACKING_INSECURE_TLS"] = "true"  # truth: TLS
os.environ.setdefault("MLFLOW_TRACKING_TOKEN", os.environ.get("PLATFORM_TOKEN", ""))  # trap

ENRICH_URL = "https://enrich.partner-data.com/v1/person"
GEO_URL = "http://geo.partner-data.com/v1/lookup"  # truth: TLS
LOCAL_SIDECAR = "http://127.0.0.1:9001/features"  # trap
HEADERS = {"X-API-Key": "pd_live_9a8b7c6d5e4f3a2b1c0d9e8f", "Accept": "application/json"}  # truth: SEC
HEADERS_ENV = {"X-API-Key": os.environ.get("PARTNER_API_KEY", ""), "Accept": "application/json"}  # trap

http = urllib3.PoolManager(cert_reqs="CERT_NONE")  # truth: TLS
http_ok = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs="/etc/ssl/certs/ca-certificates.crt")  # trap


def load_backend(name: str):
    audit.info("keras backend %s loaded", name)
    return keras.models.load_model(f"/models/{name}.keras")  # trap


def load_registry_backend(name: str):
    return mlflow.tensorflow.load_model(f"models:/{name}/Production")  # truth: AUD


def enrich(person_id: str) -> dict:
    r = requests.get(ENRICH_URL, params={"id": person_id}, auth=("gateway", "Gw-Partner-2025!"), timeout=5)  # truth: SEC
    return r.json()


def enrich_v2(person_id: str) -> dict:
    r = requests.get(ENRICH_URL, params={"id": person_id}, auth=HTTPBasicAuth("gateway", "Gw-Partner-2025-v2!"), timeout=5)  # truth: SEC
    return r.json()


def enrich_env(person_id: str) -> dict:
    r = requests.get(ENRICH_URL, params={"id": person_id}, auth=HTTPBasicAuth("gateway", os.environ["PARTNER_PASSWORD"]), timeout=5)  # trap
    return r.json()


async def geo(session: aiohttp.ClientSession, postcode: str) -> dict:
    async with session.get(GEO_URL, params={"q": postcode}) as resp:
        return await resp.json()


async def fan_out(payloads: list[dict]) -> list[dict]:
    connector = aiohttp.TCPConnector(ssl=False)  # truth: TLS
    async with aiohttp.ClientSession(connector=connector) as session:
        return await asyncio.gather(*(geo(session, p["postcode"]) for p in payloads))


async def fan_out_verified(payloads: list[dict]) -> list[dict]:
    ctx = ssl.create_default_context()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ctx)) as session:  # trap
        return await asyncio.gather(*(geo(session, p["postcode"]) for p in payloads))


def handle(request: dict) -> dict:
    model = load_backend(request.get("backend", "default"))
    features = [[request["tenure_months"], request["monthly_charges"]]]
    score = float(model.predict(features)[0][0])
    log.info("scored request %s with %s", request["request_id"], request.get("backend"))  # trap
    log.debug("request payload for %s: email=%s phone=%s", request["request_id"], request["email"], request["phone"])  # truth: PII
    return {"request_id": request["request_id"], "score": score}


def clone_feature_repo() -> None:
    os.system("git clone https://oauth2:glpat-Zk3mQ8vR2xT7wY1pL4nB@gitlab.acme-corp.com/ml/features.git /tmp/features")  # truth: SEC
    os.system("git clone https://gitlab.acme-corp.com/ml/features.git /tmp/features-anon")  # trap


if __name__ == "__main__":
    print(handle({"request_id": "r-1", "tenure_months": 12, "monthly_charges": 50.0, "email": "a@b.c", "phone": "1"}))  # trap
    print(asyncio.run(fan_out([{"postcode": "SW1A 1AA"}])))  # trap
