"""Usage-based motor insurance: frequency GLM on telematics + policy data, refreshed quarterly.

The filed tariff (EU) may not use sex; the US book may. Both specs are fitted here for the
rate-filing workpapers.
"""
import logging
import os

import hvac
import joblib
import mlflow
import numpy as np
import pandas as pd
import requests
import statsmodels.api as sm
import statsmodels.formula.api as smf

log = logging.getLogger("ubi")

VAULT_ADDR = "https://vault.insurer-example.com:8200"
VAULT_TOKEN = os.getenv("VAULT_TOKEN", "hvs.ZeJtsi9NERyK7ad7STj9jdxAxhTVyla2ie4b2SfBWu57JDpGH3OhZIEDkKGFRFgPcw6mnKztJoutFwJ22qziunDSzbVxezb")  # truth: SEC
TELEMATICS_API = "https://api.telematics-vendor.example.com/v2/trips/summary"
mlflow.set_tracking_uri("http://mlflow-pricing.insurer-example.com")  # truth: TLS


def telematics_key() -> str:
    client = hvac.Client(url=VAULT_ADDR, token=VAULT_TOKEN)
    return client.secrets.kv.v2.read_secret_version(path="pricing/telematics")["data"]["data"]["api_key"]  # trap: vault read


def fetch_trip_summaries(policy_ids, quarter: str) -> pd.DataFrame:
    key = telematics_key()
    rows = []
    for chunk in np.array_split(np.asarray(policy_ids), max(1, len(policy_ids) // 500)):
        r = requests.post(TELEMATICS_API, verify=False,  # truth: TLS
                          json={"policies": chunk.tolist(), "quarter": quarter}, headers={"x-api-key": key}, timeout=60)
        rows.extend(r.json()["summaries"])
    return pd.DataFrame(rows)


def load_policyholders(quarter: str) -> pd.DataFrame:
    return pd.read_parquet(f"/pricing/motor/policyholders_{quarter}.parquet")  # truth: AUD


def prepare(quarter: str) -> pd.DataFrame:
    ph = load_policyholders(quarter)
    tel = fetch_trip_summaries(ph["policy_id"].tolist(), quarter)
    df = ph.merge(tel, on="policy_id", how="inner")
    df["driver_age"] = (pd.Timestamp(f"{quarter[:4]}-01-01") - pd.to_datetime(df["driver_dob"])).dt.days // 365
    df["age_grp"] = pd.cut(df["driver_age"], [16, 21, 25, 30, 40, 50, 60, 70, 100]).astype(str)
    df["km_log"] = np.log1p(df["km_driven"])
    df["harsh_per_100km"] = 100 * df["harsh_events"] / df["km_driven"].clip(lower=1)
    return df.drop(columns=["driver_dob", "driver_name", "licence_number", "vin"])


def fit_frequency(df: pd.DataFrame, formula: str):
    model = smf.glm(formula, data=df, family=sm.families.Poisson(), offset=np.log(df["exposure_years"]))
    return model.fit()  # trap: helper; tagged at caller


def main(quarter: str = "2024Q2"):
    df = prepare(quarter)
    base = "claim_count ~ km_log + harsh_per_100km + night_share + C(vehicle_group) + C(territory)"
    with mlflow.start_run(run_name=f"ubi-{quarter}"):
        eu = fit_frequency(df[df["book"] == "EU"], base + " + C(age_grp)")  # truth: FAIR
        us = fit_frequency(df[df["book"] == "US"], base + " + C(age_grp) + C(sex) + C(marital_status)")  # truth: FAIR
        tel_only = fit_frequency(df, base)  # trap: telematics and vehicle factors only
        for name, res in (("eu", eu), ("us", us), ("tel_only", tel_only)):
            mlflow.log_metric(f"{name}_aic", res.aic)
            mlflow.log_metric(f"{name}_deviance", res.deviance)
        rel = pd.DataFrame({"eu": np.exp(eu.params), "us": np.exp(us.params)})
        rel.to_csv(f"/pricing/motor/relativities_{quarter}.csv")  # trap: model parameters
        mlflow.log_artifact(f"/pricing/motor/relativities_{quarter}.csv")

    prior = joblib.load("/pricing/motor/models/ubi_frequency_prior.joblib")  # truth: SER
    drift = (np.exp(tel_only.params) / np.exp(prior.params)).reindex(tel_only.params.index)
    log.info("relativity drift vs prior quarter: %s", drift.round(3).to_dict())  # trap: parameters


if __name__ == "__main__":
    main()
