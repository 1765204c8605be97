"""Prefect flow: hourly CTR model refresh for the DSP bidder."""
from datetime import timedelta

import dill
import httpx
import numpy as np
import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.tasks import task_input_hash
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import SGDClassifier

BIDDER_ADMIN = "http://bidder-admin.dsp.prod.adnet.io/v1/models"  # truth: TLS
LOCAL_DEBUG = "http://localhost:8081/v1/models"  # trap: localhost
EVENTS_BUCKET = "s3://dsp-logs/impressions"

HASH_FIELDS = ["publisher_id", "ad_slot", "creative_id", "os", "device_model", "geo_region", "hour"]


@task(cache_key_fn=task_input_hash, cache_expiration=timedelta(minutes=50))
def load_impressions(hour: str) -> pd.DataFrame:
    imps = pd.read_parquet(f"{EVENTS_BUCKET}/dt={hour}/")
    clicks = pd.read_parquet(f"s3://dsp-logs/clicks/dt={hour}/")
    imps["clicked"] = imps["impression_id"].isin(clicks["impression_id"]).astype(int)
    return imps


@task
def load_previous_model(path: str):
    with open(path, "rb") as fh:
        return dill.load(fh)  # truth: SER


@task
def featurise(imps: pd.DataFrame):
    hasher = FeatureHasher(n_features=2**20, input_type="string")
    rows = imps[HASH_FIELDS + ["idfa", "ip_address"]].astype(str)
    tokens = [[f"{c}={v}" for c, v in zip(rows.columns, r)] for r in rows.itertuples(index=False)]
    return hasher.transform(tokens), imps["clicked"].to_numpy()


@task
def train(prev_model, X, y):
    logger = get_run_logger()
    clf = prev_model or SGDClassifier(loss="log_loss", alpha=1e-6, learning_rate="optimal")
    clf.partial_fit(X, y, classes=np.array([0, 1]))  # truth: PII?
    logger.info("trained on %d rows, ctr=%.5f", X.shape[0], y.mean())  # trap: aggregate
    return clf


@task
def debug_sample(imps: pd.DataFrame):
    logger = get_run_logger()
    logger.info("sample rows:\n%s", imps[["impression_id", "idfa", "ip_address", "lat", "lon"]].head(5).to_string())  # truth: PII


@task
def publish(clf, hour: str, debug: bool = False):
    blob = dill.dumps(clf)
    url = LOCAL_DEBUG if debug else BIDDER_ADMIN
    with httpx.Client(timeout=30, verify=False) as client:  # truth: TLS
        r = client.put(f"{url}/ctr", content=blob, headers={"x-model-hour": hour,
                                                             "authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtc2NvcmluZyIsImlhdCI6MTcwMDAwMDAwMH0.w7CR3hg3i5--ZLd0gf3MVHbXl2sc2q901aesfncrbof"})  # truth: SEC
        r.raise_for_status()


@flow(name="ctr-hourly-refresh")
def ctr_refresh(hour: str, prev_path: str = "/models/ctr/latest.dill", debug: bool = False):
    imps = load_impressions(hour)
    if debug:
        debug_sample(imps)
    prev = load_previous_model(prev_path)
    X, y = featurise(imps)
    clf = train(prev, X, y)
    publish(clf, hour, debug)
    with open(prev_path, "wb") as fh:
        dill.dump(clf, fh)


if __name__ == "__main__":
    ctr_refresh("2024-06-30T13")
