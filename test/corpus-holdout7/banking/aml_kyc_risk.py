"""KYC customer-risk rating refresh (AML). Scores onboarding + periodic-review population."""
import logging
import os
import pickle

import joblib
import numpy as np
import pandas as pd
import requests
import urllib3
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.preprocessing import OrdinalEncoder

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
log = logging.getLogger("aml.crr")
audit = logging.getLogger("aml.crr.audit")

SANCTIONS_API = "http://sanctions-screening.compliance-vendor.com/api/v3/screen"  # truth: TLS
ADVERSE_MEDIA = "https://media-screen.vendor.example.com/v1/search"
VENDOR_CERT = "/etc/ssl/vendor/ca.pem"
CACHE = "/var/cache/aml"

FEATURES = ["product_risk", "channel_risk", "country_risk_score", "cash_intensity", "pep_flag",
            "sanctions_hits", "adverse_media_hits", "txn_volume_90d"]


def load_population() -> pd.DataFrame:
    audit.info("periodic review population read")
    df = pd.read_pickle(f"{CACHE}/kyc_population.pkl")  # truth: SER
    return df


def load_screening_cache() -> dict:
    with open(f"{CACHE}/screening_results.pkl", "rb") as fh:
        return pickle.load(fh)  # truth: SER


def screen(names: list[str]) -> list[int]:
    r = requests.post(SANCTIONS_API, json={"names": names}, timeout=60, verify=False)  # truth: TLS
    return [h["hits"] for h in r.json()["results"]]


def media_hits(names: list[str]) -> list[int]:
    r = requests.post(ADVERSE_MEDIA, json={"q": names}, timeout=60, verify=VENDOR_CERT)  # trap: verifies against the vendor CA bundle
    return [x["count"] for x in r.json()["results"]]


def train(df: pd.DataFrame, cols: list[str]) -> ExtraTreesClassifier:
    enc = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
    X = df[cols].copy()
    obj = [c for c in cols if X[c].dtype == object]
    X[obj] = enc.fit_transform(X[obj])
    m = ExtraTreesClassifier(n_estimators=500, min_samples_leaf=10, class_weight="balanced", n_jobs=-1)
    m.fit(X, df["sar_filed_12m"])
    return m


def main():
    pop = load_population()
    cached = load_screening_cache()
    pop["sanctions_hits"] = [cached.get(n, 0) for n in pop.full_name]
    missing = pop.loc[~pop.full_name.isin(cached), "full_name"].tolist()
    if missing:
        pop.loc[~pop.full_name.isin(cached), "sanctions_hits"] = screen(missing)
    pop["adverse_media_hits"] = media_hits(pop.full_name.tolist())
    base = train(pop, FEATURES)  # trap: product/channel/country-of-business risk, no personal attributes
    legacy = train(pop, FEATURES + ["nationality", "country_of_birth"])  # truth: FAIR
    prior = joblib.load(f"{CACHE}/crr_model_prod.joblib")  # truth: SER, AUD
    log.info("prior model classes: %s", prior.classes_)
    high = pop.assign(p=base.predict_proba(pop[FEATURES].apply(pd.to_numeric, errors="coerce").fillna(0))[:, 1])
    high.nlargest(200, "p")[["customer_id", "full_name", "date_of_birth", "passport_number", "p"]].to_csv(  # truth: PII
        "edd_queue.csv", index=False)
    log.info("EDD queue size %d, mean p %.3f", 200, high.p.mean())  # trap: aggregate


if __name__ == "__main__":
    main()
