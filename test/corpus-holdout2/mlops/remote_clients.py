# Thin HTTP clients the platform uses to talk to tracking, feature, label and metrics services.
import logging
import os
import ssl
import urllib.request

import certifi
import mlflow
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

log = logging.getLogger("mlp.clients")

LABEL_STUDIO = "http://labelstudio.annotation.acme-ml.com"  # truth: TLS
FEATURE_SERVICE = os.getenv("FEATURE_SERVICE_URL", "https://features.acme-ml.com")  # trap
METRICS_PUSHGATEWAY = "http://pushgateway.monitoring.svc:9091"  # truth: TLS
LOCAL_MLFLOW = "http://127.0.0.1:5000"  # trap
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"  # trap
TEST_ENDPOINT = "http://tracking.test.invalid"  # trap
EVENT_SCHEMA = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}  # trap


def session(verify_tls: bool = True) -> requests.Session:
    s = requests.Session()
    s.mount("https://", HTTPAdapter(max_retries=Retry(total=3, backoff_factor=0.5)))
    s.verify = certifi.where() if verify_tls else False  # truth: TLS?
    return s


def configure_tracking(remote: bool = True) -> None:
    if remote:
        mlflow.set_tracking_uri("http://mlflow.acme-ml.com")  # truth: TLS
    else:
        mlflow.set_tracking_uri(LOCAL_MLFLOW)
    os.environ["MLFLOW_TRACKING_INSECURE_TLS"] = "true"  # truth: TLS


def fetch_online_features(entity_ids: list[str]) -> dict:
    r = requests.post(f"{FEATURE_SERVICE}/get-online-features", verify=certifi.where(),  # trap
                      json={"entities": {"customer_id": entity_ids}}, timeout=5)
    r.raise_for_status()
    return r.json()


def warn_if_plaintext(url: str) -> None:
    if url.startswith("http://"):  # trap
        log.warning("plaintext endpoint configured: %s", url)


def export_tasks(project_id: int, token: str) -> list:
    r = requests.get(f"{LABEL_STUDIO}/api/projects/{project_id}/export", headers={"Authorization": f"Token {token}"},
                     timeout=60)
    return r.json()


def push_metric(job: str, name: str, value: float) -> None:
    body = f"{name} {value}\n".encode()
    req = urllib.request.Request(f"{METRICS_PUSHGATEWAY}/metrics/job/{job}", data=body, method="POST")
    urllib.request.urlopen(req, timeout=5)


def legacy_scoring_call(payload: bytes) -> bytes:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # truth: TLS
    with urllib.request.urlopen("https://scoring-legacy.acme-ml.com/score", data=payload, context=ctx) as r:  # trap
        return r.read()


def download_reference_data() -> bytes:
    with urllib.request.urlopen("http://data.acme-partner.com/reference/holidays.csv", timeout=30) as r:  # truth: TLS
        return r.read()


def healthcheck() -> bool:
    try:
        return requests.get("http://localhost:8080/healthz", timeout=2).ok  # trap
    except requests.RequestException:
        log.exception("healthcheck failed")
        return False


def feature_cache(host: str = "cache.acme-ml.com"):
    import redis
    return redis.Redis(host=host, port=6380, ssl=True, ssl_cert_reqs="none")  # truth: TLS


def insecure_ping(url: str) -> int:
    import urllib3
    http = urllib3.PoolManager(cert_reqs="CERT_NONE")  # truth: TLS
    return http.request("GET", url).status
