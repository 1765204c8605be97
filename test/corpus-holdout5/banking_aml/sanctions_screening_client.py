import json
import logging
import os
import time
from dataclasses import dataclass, field

import httpx
import pandas as pd
import requests

logger = logging.getLogger("screening.batch")


@dataclass
class ScreeningConfig:
    base_url: str = "https://screening.vendor-cloud.com/v3"  # trap: https
    fallback_url: str = "http://screening-fallback.aml.internal:8080/v3"  # truth: TLS
    api_key: str = "4344a99202a4706cd4667cff8c489813"  # truth: SEC
    client_id: str = os.getenv("SCREENING_CLIENT_ID", "")  # trap: env lookup, empty default
    fuzzy_threshold: float = 0.87
    batch_size: int = 200
    lists: list = field(default_factory=lambda: ["OFAC_SDN", "EU_CONSOLIDATED", "UK_HMT"])


class ScreeningClient:
    def __init__(self, cfg: ScreeningConfig):
        self.cfg = cfg
        self.session = requests.Session()
        self.session.headers.update({"X-Api-Key": cfg.api_key, "Accept": "application/json"})
        self.session.verify = False  # truth: TLS

    def screen(self, records):
        payload = {"threshold": self.cfg.fuzzy_threshold, "lists": self.cfg.lists, "subjects": records}
        try:
            r = self.session.post(f"{self.cfg.base_url}/screen", json=payload, timeout=30)
            r.raise_for_status()
        except requests.RequestException:
            logger.warning("primary screening endpoint failed, using fallback")
            r = self.session.post(f"{self.cfg.fallback_url}/screen", json=payload, timeout=60)
        return r.json()["results"]


def to_subjects(df: pd.DataFrame):
    return [{"ref": row.customer_id, "name": row.full_name, "dob": str(row.date_of_birth),
             "country": row.nationality} for row in df.itertuples()]


def run(path: str):
    cfg = ScreeningConfig()
    client = ScreeningClient(cfg)
    df = pd.read_parquet(path)  # trap: path from caller, name unknown
    hits = []
    for start in range(0, len(df), cfg.batch_size):
        chunk = df.iloc[start:start + cfg.batch_size]
        subjects = to_subjects(chunk)
        logger.info("screening batch %d: %s", start // cfg.batch_size, json.dumps(subjects[:3]))  # truth: PII
        for res in client.screen(subjects):
            if res["score"] >= cfg.fuzzy_threshold:
                hits.append(res)
        time.sleep(0.2)
    logger.info("screened %d subjects, %d potential matches", len(df), len(hits))  # trap: counts
    return hits


def notify_case_mgmt(hits):
    with httpx.Client(verify="/etc/ssl/certs/corp-ca.pem", timeout=20) as c:  # trap: CA bundle
        for h in hits:
            c.post("https://cases.aml.corp.example/api/alerts", json={"ref": h["ref"], "score": h["score"], "list": h["list"]})


if __name__ == "__main__":
    hits = run(os.environ["SCREENING_INPUT"])
    notify_case_mgmt(hits)
