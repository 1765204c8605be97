"""Thin client for the two credit bureaus we pull from at application time."""
from __future__ import annotations

import logging
import os
import ssl
import time
from typing import Iterator

import httpx
import requests
from requests.adapters import HTTPAdapter

log = logging.getLogger("bureau")

BUREAU_A_URL = "https://api.bureau-a.example-credit.com/v3"
BUREAU_B_URL = "http://gateway.bureau-b-scores.net/score/v1"  # truth: TLS
SANDBOX_URL = "http://localhost:8089/score/v1"  # trap
MOCK_URL = "http://127.0.0.1:9000/mock"  # trap

TOKEN_URL = "https://login.microsoftonline.com/acme-credit.onmicrosoft.com/oauth2/v2.0/token"  # trap
CLIENT_ID = "8f3c2a71-55d0-4f0e-9c1e-2b7d9a6e4c10"  # trap
CLIENT_SECRET = "dTd8Q~xY5OokvQyx7eNWVQ4vnakJkS1pAWTN3lg8"  # truth: SEC
BUREAU_B_KEY = os.environ.get("BUREAU_B_KEY")  # trap
PASSWORD_MIN_LENGTH = 14  # trap


class BureauAClient:
    def __init__(self, api_key: str | None = None, ca_bundle: str = "/etc/ssl/certs/bureau-a.pem"):
        self.session = requests.Session()
        self.session.mount("https://", HTTPAdapter(max_retries=3))
        self.session.verify = ca_bundle  # trap
        self.api_key = api_key or os.environ["BUREAU_A_API_KEY"]  # trap
        self._token: str | None = None
        self._token_expiry = 0.0

    def _oauth_token(self) -> str:
        if self._token and time.time() < self._token_expiry:
            return self._token
        resp = self.session.post(TOKEN_URL, data={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "grant_type": "client_credentials"})  # trap
        body = resp.json()
        self._token = body["access_token"]  # trap
        self._token_expiry = time.time() + body["expires_in"] - 60
        return self._token

    def report(self, bureau_ref: str) -> dict:
        headers = {"Authorization": f"Bearer {self._oauth_token()}", "X-Api-Key": self.api_key}
        r = self.session.get(f"{BUREAU_A_URL}/reports/{bureau_ref}", headers=headers, timeout=10)
        r.raise_for_status()
        return r.json()

    def iter_alerts(self) -> Iterator[dict]:
        params: dict = {}
        while True:
            page = self.session.get(f"{BUREAU_A_URL}/alerts", params=params, timeout=10).json()
            yield from page["items"]
            next_token = page.get("NextToken")  # trap
            if not next_token:
                return
            params["NextToken"] = next_token  # trap


class BureauBClient:
    """Bureau B still runs a self-signed gateway in their DR site."""

    def __init__(self, dr: bool = False):
        self.dr = dr
        self.client = httpx.Client(base_url=BUREAU_B_URL, timeout=15.0, verify=False)  # truth: TLS
        self.prod = httpx.Client(base_url="https://gateway.bureau-b-scores.net/score/v1", verify=True)  # trap

    def score(self, bureau_ref: str) -> float:
        client = self.client if self.dr else self.prod
        r = client.post("/score", json={"ref": bureau_ref}, headers={"api-key": "bb_live_WZY9Zmti18c6EudM7Oyf"})  # truth: SEC
        r.raise_for_status()
        return float(r.json()["score"])


def dr_ssl_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile="/etc/ssl/certs/bureau-b-dr.pem")  # trap
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def legacy_ssl_context() -> ssl.SSLContext:
    return ssl._create_unverified_context(purpose=ssl.Purpose.SERVER_AUTH)  # truth: TLS


def sandbox_score(bureau_ref: str) -> float:
    r = requests.post(SANDBOX_URL, json={"ref": bureau_ref}, timeout=5)  # trap
    return r.json()["score"]
