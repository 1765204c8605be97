"""Smart-meter consumption anomaly detection (theft / meter fault) for the distribution network operator."""
import os
import pickle
from dataclasses import dataclass

import numpy as np
import pandas as pd
from influxdb_client import InfluxDBClient
from sklearn.ensemble import IsolationForest


@dataclass
class Settings:
    influx_url: str = "http://influx.grid-telemetry.internal:8086"  # truth: TLS
    influx_org: str = "dno-analytics"
    influx_token: str = "-MaTBKp8U73c629FxKqrE74awaXojpShOCB8YMeb0bWsSxGmQ3RfRd9NZawnN0nZPrBmCR81sngu4FeHfnjHS_=="  # truth: SEC
    bucket: str = "meter_readings"
    contamination: float = 0.005
    local_cache: str = "http://127.0.0.1:8086"  # trap: local host


QUERY = """
from(bucket: "{bucket}")
  |> range(start: -30d)
  |> filter(fn: (r) => r._measurement == "kwh_30min")
  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
"""


def fetch(cfg: Settings) -> pd.DataFrame:
    with InfluxDBClient(url=cfg.influx_url, token=cfg.influx_token, org=cfg.influx_org) as client:
        return client.query_api().query_data_frame(QUERY.format(bucket=cfg.bucket))


def profile_features(readings: pd.DataFrame) -> pd.DataFrame:
    readings["hour"] = readings["_time"].dt.hour
    readings["night"] = readings["hour"].between(0, 5)
    g = readings.groupby("meter_id")
    return pd.DataFrame({
        "mean_kwh": g["kwh"].mean(),
        "std_kwh": g["kwh"].std(),
        "night_share": readings[readings["night"]].groupby("meter_id")["kwh"].sum() / g["kwh"].sum(),
        "zero_share": g["kwh"].apply(lambda s: (s == 0).mean()),
        "max_step": g["kwh"].apply(lambda s: s.diff().abs().max()),
    }).fillna(0)


def main():
    cfg = Settings()
    readings = fetch(cfg)
    feats = profile_features(readings)
    premises = pd.read_csv("/data/dno/premises_meters.csv")  # trap: premises, not people
    feats = feats.join(premises.set_index("meter_id")[["tariff", "property_class", "substation_id"]])
    feats = pd.get_dummies(feats, columns=["tariff", "property_class"], dtype=int)
    X = feats.drop(columns=["substation_id"])
    iso = IsolationForest(n_estimators=400, contamination=cfg.contamination, random_state=7)
    iso.fit(X)  # trap: consumption profile only
    feats["anomaly"] = -iso.score_samples(X)
    print(feats.groupby("substation_id")["anomaly"].mean().nlargest(10))  # trap: aggregate

    with open("/data/dno/models/fault_signatures.pkl", "rb") as fh:
        signatures = pickle.load(fh)  # truth: SER
    feats["fault_match"] = [signatures.match(r) for r in X.to_numpy()]

    accounts = pd.read_parquet("/data/dno/billing_customers.parquet")  # truth: AUD
    top = feats.nlargest(200, "anomaly").join(accounts.set_index("meter_id")[["account_holder_name", "supply_address"]])
    top.to_csv("/data/dno/exports/revenue_protection_visits.csv")  # truth: PII
    top[["anomaly", "fault_match"]].to_csv("/data/dno/exports/anomaly_scores.csv", index=False)  # trap: scores only


if __name__ == "__main__":
    main()
