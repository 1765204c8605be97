"""Click-through-rate model for the in-app exchange (hourly partial refits + daily full fit)."""
import hashlib
import json
import logging
import os

import numpy as np
import pandas as pd
import requests
from google.cloud import storage
from google.oauth2 import service_account
from sklearn.linear_model import SGDClassifier
from sklearn.preprocessing import OneHotEncoder

log = logging.getLogger("ctr")

DEVICE_SALT = os.environ["CTR_DEVICE_SALT"].encode()  # trap
GCS_SA_INFO = {
    "project_id": "adx-ctr-prod",
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7k4DwgLGNOaeCtL31Ugq+DfcgaTMnTC0MrAU8urbFt5misIZHbhS4\n-----END PRIVATE KEY-----\n",  # truth: SEC
    "client_email": "ctr-trainer@adx-ctr-prod.iam.gserviceaccount.com",
}
MAPS_API_KEY = "AIzaStqcbnr3yBdGBLEPH1qhT61qtc4xatws8ph"  # truth: SEC
STATS_ENDPOINT = "http://bidder-stats.adx-partner.com/v2/hourly"  # truth: TLS

CATEGORICAL = ["site_category", "app_category", "banner_pos", "device_model", "hour_of_day"]


def gcs_client() -> storage.Client:
    creds = service_account.Credentials.from_service_account_info(GCS_SA_INFO)
    return storage.Client(credentials=creds, project=GCS_SA_INFO["project_id"])


def hash_device(device_id: str) -> str:
    return hashlib.blake2b(device_id.encode(), key=DEVICE_SALT, digest_size=16).hexdigest()


def load_impressions(day: str) -> pd.DataFrame:
    cols = ["impression_id", "device_id", "ip_address", "cookie_id", "site_category", "app_category",
            "banner_pos", "device_model", "hour_of_day", "clicked"]
    return pd.read_parquet(f"gs://adx-ctr-prod/impressions/{day}.parquet", columns=cols)  # truth: AUD


def prepare(imps: pd.DataFrame) -> pd.DataFrame:
    imps = imps.copy()
    imps["device_id"] = imps["device_id"].map(hash_device)
    imps = imps.drop(columns=["ip_address", "cookie_id"])
    return imps


class CTRModel:
    def __init__(self):
        self.enc = OneHotEncoder(handle_unknown="ignore")
        self.clf = SGDClassifier(loss="log_loss", alpha=1e-6)

    def fit_full(self, imps: pd.DataFrame) -> None:
        clean = prepare(imps)
        X = self.enc.fit_transform(clean[CATEGORICAL])  # trap
        self.clf.fit(X, clean["clicked"])  # trap

    def partial_refit(self, imps: pd.DataFrame) -> None:
        X = self.enc.transform(imps[CATEGORICAL + ["cookie_id"]])
        self.clf.partial_fit(X, imps["clicked"], classes=np.array([0, 1]))  # truth: PII

    def geo_experiment(self, imps: pd.DataFrame) -> SGDClassifier:
        geo = pd.get_dummies(imps[CATEGORICAL + ["ip_address"]].astype(str), sparse=True)
        clf = SGDClassifier(loss="log_loss")
        clf.fit(geo, imps["clicked"])  # truth: PII
        return clf


def partner_stats(hour: str) -> dict:
    resp = requests.get(STATS_ENDPOINT, params={"hour": hour}, timeout=20)
    resp.raise_for_status()
    return resp.json()


def load_cached_stats(path: str) -> pd.DataFrame:
    return pd.read_pickle(path)  # truth: SER


def save_run_meta(path: str, meta: dict) -> None:
    with open(path, "w") as fh:
        json.dump(meta, fh)


if __name__ == "__main__":
    day = os.environ.get("CTR_DAY", "2024-06-01")
    model = CTRModel()
    model.fit_full(load_impressions(day))
    log.info("fitted on %s", day)
