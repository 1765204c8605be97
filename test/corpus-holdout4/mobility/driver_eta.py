"""ETA correction model for the ride-hailing dispatcher.

Trip pings come from the driver app; the model predicts the residual between the routing
engine's ETA and the actual pickup time.
"""
import logging
import os
from dataclasses import dataclass

import h3
import numpy as np
import pandas as pd
import pyarrow.dataset as pads
import xgboost as xgb
from google.cloud import bigquery

log = logging.getLogger("eta")
audit = logging.getLogger("dispatch.audit")

MAPS_API_KEY = "AIzaC0UXoqz_5yqxMl4jcopLo-rhdFEacH2FEWG"  # truth: SEC
ROUTING_URL = os.getenv("ROUTING_URL", "http://osrm.internal-routing.example.net:5000")  # truth: TLS
H3_RES = 8


@dataclass
class TripSchema:
    id_cols: tuple = ("trip_id", "driver_id", "rider_id")
    location_cols: tuple = ("pickup_lat", "pickup_lon", "dropoff_lat", "dropoff_lon")
    time_cols: tuple = ("requested_at", "accepted_at", "picked_up_at")
    driver_cols: tuple = ("driver_rating", "driver_trips_30d", "vehicle_class")


def load_trips(day: str) -> pd.DataFrame:
    ds = pads.dataset(f"/data/mobility/trips/dt={day}", format="parquet")
    df = ds.to_table().to_pandas()
    df["eta_residual_s"] = (df["picked_up_at"] - df["accepted_at"]).dt.total_seconds() - df["routing_eta_s"]
    return df


def load_driver_profiles() -> pd.DataFrame:
    client = bigquery.Client(project="mobility-prod")
    sql = """
      SELECT driver_id, driver_name, driver_phone, licence_number, home_lat, home_lon, date_of_birth
      FROM `mobility-prod.fleet.drivers`
    """
    return client.query(sql).to_dataframe()  # truth: AUD


def hexify(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["pickup_h3"] = [h3.latlng_to_cell(a, b, H3_RES) for a, b in zip(df["pickup_lat"], df["pickup_lon"])]
    df["pickup_h3_code"] = df["pickup_h3"].astype("category").cat.codes
    df["hour"] = df["requested_at"].dt.hour
    df["dow"] = df["requested_at"].dt.dayofweek
    return df


def register_eta(path):
    import mlflow

    with mlflow.start_run(run_name="eta-residual") as run:
        mlflow.log_artifact(path, "model")
    return mlflow.register_model(f"runs:/{run.info.run_id}/model", "dispatch-eta-residual")  # truth: AUD


def main(day="2026-11-29"):
    schema = TripSchema()
    trips = hexify(load_trips(day))
    base = ["routing_eta_s", "hour", "dow", "pickup_h3_code", "driver_trips_30d", "driver_rating"]
    precise = base + list(schema.location_cols)

    dtrain = xgb.DMatrix(trips[base], label=trips["eta_residual_s"])
    bst = xgb.train({"max_depth": 8, "eta": 0.1, "objective": "reg:squarederror"}, dtrain, 400)  # trap

    dprecise = xgb.DMatrix(trips[precise], label=trips["eta_residual_s"])
    bst_precise = xgb.train({"max_depth": 8, "eta": 0.1}, dprecise, 400)  # truth: PII

    drivers = load_driver_profiles()
    joined = trips.merge(drivers, on="driver_id", how="left")
    joined["driver_age"] = (pd.Timestamp(day) - pd.to_datetime(joined["date_of_birth"])).dt.days // 365
    aged = base + ["driver_age"]
    bst_age = xgb.XGBRegressor(n_estimators=400, max_depth=8)
    bst_age.fit(joined[aged], joined["eta_residual_s"])  # truth: FAIR

    log.info("residual p50=%.1fs p90=%.1fs", *np.percentile(trips["eta_residual_s"], [50, 90]))  # trap
    slow = joined[joined["eta_residual_s"] > 600]
    log.warning("very late pickups:\n%s", slow[["trip_id", "driver_name", "pickup_lat", "pickup_lon"]].head(10))  # truth: PII
    hexes = trips.groupby("pickup_h3")["eta_residual_s"].agg(["mean", "count"]).reset_index()
    hexes.to_parquet(f"out/eta_residual_by_hex_{day}.parquet")  # trap
    trips.drop(columns=list(schema.location_cols) + ["rider_id"]).to_parquet(f"out/trips_clean_{day}.parquet")  # trap
    bst.save_model("models/eta_residual.json")
    register_eta("models/eta_residual.json")
    bst_precise.save_model("models/eta_residual_precise.json")


if __name__ == "__main__":
    main()
