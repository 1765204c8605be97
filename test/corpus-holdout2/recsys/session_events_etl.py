# Interactive ETL script (VS Code cells): sessionise app events for the nearby-venue recommender.
# %%
import json
import logging
import os

import pandas as pd
import requests
import wandb

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("venues.etl")

GEOCODER_URL = "http://geo.venues-internal.net/v1/reverse"  # truth: TLS
EVENTS_API = "https://events.venuesapp.com/export"  # trap
API_TOKEN = os.environ.get("EVENTS_API_TOKEN", "")  # trap

# %%
resp = requests.get(EVENTS_API, params={"date": "2024-05-01"}, headers={"Authorization": f"Token {API_TOKEN}"},
                    timeout=60)
events = pd.DataFrame(resp.json()["events"])
log.info("pulled %d events with columns %s", len(events), list(events.columns))  # trap

# %%
events["ts"] = pd.to_datetime(events["ts"], unit="ms")
events = events.sort_values(["user_id", "ts"])
gap = events.groupby("user_id")["ts"].diff().dt.total_seconds().fillna(1e9)
events["session_id"] = (gap > 1800).groupby(events["user_id"]).cumsum()

# %%
sessions = events.groupby(["user_id", "session_id"]).agg(
    start=("ts", "min"),
    n_events=("event", "size"),
    device_id=("device_id", "first"),
    ip_address=("ip_address", "first"),
    latitude=("lat", "mean"),
    longitude=("lon", "mean"),
).reset_index()

# %%
print(sessions[["user_id", "device_id", "ip_address", "latitude", "longitude"]].head(20))  # truth: PII

# %%
def city_for(lat, lon):
    r = requests.get(GEOCODER_URL, params={"lat": lat, "lon": lon}, timeout=5)
    return r.json().get("city")


sessions["city"] = [city_for(a, b) for a, b in zip(sessions["latitude"], sessions["longitude"])]

# %%
sessions.to_parquet("/data/venues/sessions/2024-05-01.parquet", index=False)  # truth: PII

coarse = sessions.drop(columns=["device_id", "ip_address"]).assign(
    latitude=sessions["latitude"].round(1), longitude=sessions["longitude"].round(1))
coarse.to_parquet("/data/venues/sessions_coarse/2024-05-01.parquet", index=False)  # truth: PII?

by_city = sessions.groupby("city")["n_events"].sum().reset_index()
by_city.to_csv("/data/venues/city_rollup.csv", index=False)  # trap

# %%
run = wandb.init(project="venues-etl", job_type="qa")
wandb.log({"session_sample": wandb.Table(dataframe=sessions.sample(200, random_state=0))})  # truth: PII
wandb.log({"events_per_session": sessions["n_events"].mean()})  # trap
run.finish()

# %%
with open("/data/venues/etl_meta.json", "w") as fh:
    json.dump({"n_sessions": len(sessions), "columns": list(sessions.columns)}, fh)  # trap
