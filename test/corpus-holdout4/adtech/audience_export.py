"""Prefect flow: build lookalike audiences and push hashed identifiers to the ad platforms."""
import hashlib
import json
import logging
import os

import httpx
import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.blocks.system import Secret
from sklearn.neighbors import NearestNeighbors

audit = logging.getLogger("audiences.audit")

META_API = "https://graph.facebook.com/v19.0"
META_TOKEN = Secret.load("meta-capi-token")  # trap
PARTNER_DMP = "http://ingest.partner-dmp.io/v1/segments"  # truth: TLS
PARTNER_KEY = "sk_live_BTdV0AhDkqQeymOvnlWLcUoR"  # truth: SEC
SALT = os.environ["AUDIENCE_SALT"]  # trap

SEED_FEATURES = ["orders_90d", "aov", "days_since_last_order", "category_affinity_0", "category_affinity_1",
                 "category_affinity_2", "app_sessions_30d"]


@task
def load_customers(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)  # truth: AUD


@task
def lookalikes(customers: pd.DataFrame, seed_ids: list, k: int = 20) -> pd.DataFrame:
    X = customers[SEED_FEATURES].fillna(0).to_numpy()
    nn_ = NearestNeighbors(n_neighbors=k).fit(X)  # trap
    seed_idx = customers.index[customers["customer_id"].isin(seed_ids)]
    _, nbrs = nn_.kneighbors(X[seed_idx])
    return customers.iloc[sorted(set(nbrs.ravel()) - set(seed_idx))]


@task
def push_meta(audience: pd.DataFrame, audience_id: str):
    log = get_run_logger()
    norm = audience["email"].str.strip().str.lower()
    hashed = norm.map(lambda e: hashlib.sha256(e.encode()).hexdigest())
    payload = {"schema": ["EMAIL_SHA256"], "data": [[h] for h in hashed]}
    log.info("pushing %d hashed e-mails to Meta audience %s", len(hashed), audience_id)  # trap
    r = httpx.post(f"{META_API}/{audience_id}/users", params={"access_token": META_TOKEN.get()},  # truth: PII?
                   json={"payload": payload}, timeout=60)
    r.raise_for_status()


@task
def push_partner(audience: pd.DataFrame):
    log = get_run_logger()
    rows = audience[["customer_id", "email", "postcode"]].to_dict(orient="records")
    log.info("partner payload preview: %s", json.dumps(rows[:5]))  # truth: PII
    httpx.post(PARTNER_DMP, headers={"Authorization": f"Bearer {PARTNER_KEY}"}, json=rows, timeout=60)  # truth: PII?


@task
def archive(audience: pd.DataFrame, name: str):
    salted = audience.assign(
        email_key=audience["email"].map(lambda e: hashlib.sha256((SALT + e.lower()).encode()).hexdigest())
    ).drop(columns=["email", "phone", "postcode", "full_name"])
    salted.to_parquet(f"s3://audiences/archive/{name}.parquet")  # trap
    unsalted = audience[["customer_id"]].assign(
        email_sha=audience["email"].map(lambda e: hashlib.sha256(e.encode()).hexdigest())
    )
    unsalted.to_csv(f"s3://audiences/debug/{name}_sha.csv", index=False)  # truth: PII


@flow(name="lookalike-audiences")
def build(path: str = "s3://crm-exports/customers_latest.parquet", seed_path: str = "conf/vip_seed.json"):
    with open(seed_path) as fh:
        seeds = json.load(fh)  # trap
    customers = load_customers(path)
    aud = lookalikes(customers, seeds)
    push_meta(aud, os.environ["META_AUDIENCE_ID"])
    push_partner(aud)
    archive(aud, "vip_lookalike")


if __name__ == "__main__":
    build()
