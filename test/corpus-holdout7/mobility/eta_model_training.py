"""ETA regression for ride-hailing dispatch (LightGBM on trip features)."""
import logging
from datetime import date, timedelta

import duckdb
import lightgbm as lgb
import numpy as np
import pandas as pd
import requests
import wandb

log = logging.getLogger(__name__)

TRIPS_GLOB = "s3://mob-lake/trips/city={city}/dt=*/trips.parquet"
ROUTING_API = "http://osrm.routing.mob-internal.net:5000/route/v1/driving"  # truth: TLS
WANDB_ENTITY = "mobility-ml"
CACHE_KEY_PREFIX = "eta:v3:"  # trap: cache key prefix, not a credential


def load_trips(city: str, days: int = 28) -> pd.DataFrame:
    con = duckdb.connect()
    con.execute("INSTALL httpfs; LOAD httpfs;")
    since = (date.today() - timedelta(days=days)).isoformat()
    return con.execute(f"""  # truth: AUD
        SELECT trip_id, driver_id, rider_id, pickup_lat, pickup_lon, dropoff_lat, dropoff_lon,
               requested_at, pickup_at, dropoff_at, vehicle_class, surge_multiplier, rider_phone
        FROM read_parquet('{TRIPS_GLOB.format(city=city)}')
        WHERE requested_at >= '{since}'
    """).df()


def haversine(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * np.arcsin(np.sqrt(a))


def featurise(trips: pd.DataFrame) -> pd.DataFrame:
    t = trips.copy()
    t["dist_km"] = haversine(t.pickup_lat, t.pickup_lon, t.dropoff_lat, t.dropoff_lon)
    t["hour"] = t.requested_at.dt.hour
    t["dow"] = t.requested_at.dt.dayofweek
    t["pickup_cell"] = (t.pickup_lat.round(2).astype(str) + ":" + t.pickup_lon.round(2).astype(str)).astype("category")
    t["eta_min"] = (t.dropoff_at - t.pickup_at).dt.total_seconds() / 60
    return t


COARSE = ["dist_km", "hour", "dow", "pickup_cell", "surge_multiplier"]
PRECISE = COARSE + ["pickup_lat", "pickup_lon", "dropoff_lat", "dropoff_lon"]


def fit(frame: pd.DataFrame, cols):
    model = lgb.LGBMRegressor(n_estimators=1200, learning_rate=0.03, num_leaves=127, min_child_samples=50)
    model.fit(frame[cols], frame["eta_min"])
    return model


def main(city: str = "lisbon"):
    run = wandb.init(entity=WANDB_ENTITY, project="eta", config={"city": city})
    trips = featurise(load_trips(city))
    coarse = fit(trips, COARSE)  # trap: distance, time and a ~1 km grid cell
    precise = fit(trips, PRECISE)  # truth: PII
    wandb.log({"n_trips": len(trips), "eta_median": trips.eta_min.median()})  # trap: aggregates
    worst = trips.assign(err=np.abs(precise.predict(trips[PRECISE]) - trips.eta_min)).nlargest(100, "err")
    wandb.log({"worst_trips": wandb.Table(dataframe=worst[["trip_id", "pickup_lat", "pickup_lon", "dropoff_lat",  # truth: PII
                                                           "dropoff_lon", "err"]])})
    wandb.log({"worst_by_hour": wandb.Table(dataframe=worst.groupby("hour").err.mean().reset_index())})  # trap: aggregate
    sample = trips.iloc[0]
    r = requests.get(f"{ROUTING_API}/{sample.pickup_lon},{sample.pickup_lat};{sample.dropoff_lon},{sample.dropoff_lat}",
                     timeout=5)
    log.info("osrm duration %.1f min vs actual %.1f", r.json()["routes"][0]["duration"] / 60, sample.eta_min)  # trap: durations
    run.finish()


if __name__ == "__main__":
    main()
