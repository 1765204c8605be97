"""Offline -> online feature sync for the customer-360 feature group, plus the training
snapshot job that the propensity models read from."""
from __future__ import annotations

import hashlib
import logging
import os
from datetime import datetime

import pandas as pd
import redis
from sklearn.linear_model import LogisticRegression
from sqlalchemy import create_engine

from featurestore.audit import audit_read

log = logging.getLogger("fs.sync")

OFFLINE = create_engine(os.environ["OFFLINE_STORE_URL"])  # trap
ONLINE = redis.Redis.from_url("redis://:Hk2pWq9Zr7Lx4Nt6@online-fs.ml.acme-ins.com:6379/0")  # truth: SEC
ONLINE_DEV = redis.Redis.from_url("redis://localhost:6379/0")  # trap

PROFILE_SQL = """
SELECT c.customer_key, c.email, c.mobile_number, c.home_lat, c.home_lon, c.postcode,
       f.orders_90d, f.returns_90d, f.avg_basket, f.days_since_last_order, f.converted
FROM c360.customers c JOIN c360.features_daily f USING (customer_key)
WHERE f.as_of = %(as_of)s
"""
BASE_FEATURES = ["orders_90d", "returns_90d", "avg_basket", "days_since_last_order"]
GEO_FEATURES = BASE_FEATURES + ["home_lat", "home_lon"]


def _h(v: str) -> str:
    return hashlib.sha256(str(v).encode()).hexdigest()


def read_profiles(as_of: str) -> pd.DataFrame:
    audit_read("c360.customers", as_of=as_of, reason="feature-sync")
    return pd.read_sql(PROFILE_SQL, OFFLINE, params={"as_of": as_of})  # trap


def to_online(profiles: pd.DataFrame) -> None:
    online = profiles[["customer_key"] + BASE_FEATURES]
    pipe = ONLINE.pipeline()
    for row in online.itertuples(index=False):
        pipe.hset(f"c360:{row.customer_key}", mapping={k: getattr(row, k) for k in BASE_FEATURES})
    pipe.execute()


def training_snapshot(as_of: str) -> str:
    profiles = read_profiles(as_of)
    snap = profiles.copy()
    path = f"s3://ml-snapshots/c360/{as_of}.parquet"
    snap.to_parquet(path, index=False)  # truth: PII
    return path


def training_snapshot_masked(as_of: str) -> str:
    profiles = read_profiles(as_of)
    profiles["customer_key"] = profiles["customer_key"].map(_h)
    profiles["email"] = profiles["email"].map(_h)
    profiles["mobile_number"] = profiles["mobile_number"].map(_h)
    masked = profiles.drop(columns=["home_lat", "home_lon", "postcode"])
    path = f"s3://ml-snapshots/c360-masked/{as_of}.parquet"
    masked.to_parquet(path, index=False)  # truth: PII
    return path


def crm_handoff(as_of: str) -> None:
    profiles = read_profiles(as_of).rename(columns={"email": "contact", "mobile_number": "sms_target"})
    handoff = profiles[["contact", "sms_target", "days_since_last_order"]]
    handoff.to_csv(f"/exports/crm/handoff_{as_of}.csv", index=False)  # truth: PII


def propensity(as_of: str) -> LogisticRegression:
    profiles = read_profiles(as_of)
    clf = LogisticRegression(max_iter=500)
    clf.fit(profiles[GEO_FEATURES], profiles["converted"])  # truth: PII
    return clf


def propensity_base(as_of: str) -> LogisticRegression:
    profiles = read_profiles(as_of)
    clf = LogisticRegression(max_iter=500)
    clf.fit(profiles[BASE_FEATURES], profiles["converted"])  # trap
    return clf


if __name__ == "__main__":
    today = datetime.utcnow().strftime("%Y-%m-%d")
    p = read_profiles(today)
    to_online(p)
    log.info("synced %d profiles", len(p))  # trap
    training_snapshot_masked(today)
