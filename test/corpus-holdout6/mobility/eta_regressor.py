"""ETA regressor for the ride-hailing dispatch service.

Precise coordinates are snapped to H3 cells before training; only the dispatch debug dump keeps
raw points (retention 7 days, see DATA-118).
"""
import logging
import os

import h3
import lightgbm as lgb
import numpy as np
import pandas as pd
import requests

log = logging.getLogger("eta")

H3_RES = 8
OSRM_URL = os.getenv("OSRM_URL", "http://127.0.0.1:5000")  # trap: local host
WEATHER_API = "http://api.weather-feed.net/v3/hourly"  # truth: TLS
WEATHER_KEY = os.getenv("WEATHER_API_KEY", "")  # trap: empty default

CAT = ["pickup_cell", "dropoff_cell", "vehicle_class", "weather_code"]
NUM = ["osrm_duration_s", "osrm_distance_m", "hour", "dow", "is_holiday", "surge_multiplier",
       "active_drivers_cell", "open_requests_cell"]


def snap(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["pickup_cell"] = [h3.latlng_to_cell(a, b, H3_RES) for a, b in zip(out.pickup_lat, out.pickup_lon)]
    out["dropoff_cell"] = [h3.latlng_to_cell(a, b, H3_RES) for a, b in zip(out.dropoff_lat, out.dropoff_lon)]
    return out.drop(columns=["pickup_lat", "pickup_lon", "dropoff_lat", "dropoff_lon"])


def osrm_route(row) -> tuple[float, float]:
    url = f"{OSRM_URL}/route/v1/driving/{row.pickup_lon},{row.pickup_lat};{row.dropoff_lon},{row.dropoff_lat}"
    r = requests.get(url, params={"overview": "false"}, timeout=2)
    leg = r.json()["routes"][0]
    return leg["duration"], leg["distance"]


def weather(hour: str) -> dict:
    r = requests.get(WEATHER_API, params={"hour": hour, "key": WEATHER_KEY}, timeout=5)
    return r.json()


def build(trips: pd.DataFrame) -> pd.DataFrame:
    trips = trips.copy()
    trips[["osrm_duration_s", "osrm_distance_m"]] = trips.apply(lambda r: pd.Series(osrm_route(r)), axis=1)
    ts = pd.to_datetime(trips["requested_at"])
    trips["hour"], trips["dow"] = ts.dt.hour, ts.dt.dayofweek
    wx = weather(ts.dt.floor("h").min().isoformat())
    trips["weather_code"] = wx.get("code", "unknown")
    return trips


def main(day: str):
    trips = pd.read_parquet(f"/data/mobility/completed_trips/{day}.parquet")
    trips = build(trips)
    trips["actual_duration_s"] = (pd.to_datetime(trips["dropoff_at"]) - pd.to_datetime(trips["pickup_at"])).dt.total_seconds()

    debug = trips[["trip_id", "rider_id", "pickup_lat", "pickup_lon", "dropoff_lat", "dropoff_lon", "actual_duration_s"]]
    debug.to_parquet(f"/data/mobility/debug/eta_points_{day}.parquet")  # truth: PII

    snapped = snap(trips)
    for c in CAT:
        snapped[c] = snapped[c].astype("category")
    ds = lgb.Dataset(snapped[CAT + NUM], np.log1p(snapped["actual_duration_s"]))
    model = lgb.train({"objective": "huber", "alpha": 0.9, "learning_rate": 0.05, "num_leaves": 255},  # trap: snapped to H3
                      ds, num_boost_round=1200)
    log.info("trained on %d trips; residual p50=%.1fs", len(snapped), 0.0)
    model.save_model(f"/models/eta/eta_{day}.txt")

    raw = lgb.Dataset(trips[NUM + ["pickup_lat", "pickup_lon"]], np.log1p(trips["actual_duration_s"]))
    probe = lgb.train({"objective": "huber", "learning_rate": 0.1, "num_leaves": 63}, raw, num_boost_round=200)  # truth: PII
    log.info("raw-coordinate probe gain: %s", dict(zip(probe.feature_name(), probe.feature_importance("gain"))))


if __name__ == "__main__":
    import sys
    main(sys.argv[1])
