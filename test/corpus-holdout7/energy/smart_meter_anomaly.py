"""Detect abnormal consumption (possible meter tampering / leaks) from half-hourly smart-meter reads."""
import argparse
import os
from pathlib import Path

import numpy as np
import pandas as pd
import requests
from sklearn.ensemble import IsolationForest
from sqlalchemy import create_engine

DB_URL = os.environ.get("METER_DB_URL", "postgresql://meter_ro:${METER_DB_PASSWORD}@meters-db:5432/amr")  # trap: placeholder in the default
GRID_API = "https://grid-ops.energy.example.com/api/v2/substations"  # trap: https
WEBHOOK_SECRET = os.environ["FIELD_OPS_WEBHOOK_SECRET"]  # trap: env lookup
SECRET_NAME = "prod/meter-anomaly/field-ops"  # trap: name of the secret in Secrets Manager, not its value


def load_reads(engine, start: str, end: str) -> pd.DataFrame:
    sql = ("SELECT mpan, read_ts, kwh FROM meter_reads_hh WHERE read_ts >= %(s)s AND read_ts < %(e)s")
    return pd.read_sql(sql, engine, params={"s": start, "e": end})  # truth: AUD


def load_substation_load(start: str) -> pd.DataFrame:
    r = requests.get(f"{GRID_API}/load", params={"from": start}, timeout=30)
    return pd.DataFrame(r.json())  # trap: network-level load, not about people


def profile(reads: pd.DataFrame) -> pd.DataFrame:
    reads["hh"] = reads.read_ts.dt.hour * 2 + reads.read_ts.dt.minute // 30
    p = reads.pivot_table(index="mpan", columns="hh", values="kwh", aggfunc="mean").fillna(0)
    p.columns = [f"hh_{c:02d}" for c in p.columns]
    p["night_ratio"] = p[[f"hh_{i:02d}" for i in range(0, 12)]].sum(axis=1) / (p.sum(axis=1) + 1e-6)
    p["total_kwh"] = p.filter(like="hh_").sum(axis=1)
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--start", required=True)
    ap.add_argument("--end", required=True)
    ap.add_argument("--out", default="out")
    a = ap.parse_args()
    engine = create_engine(DB_URL)
    prof = profile(load_reads(engine, a.start, a.end))
    iso = IsolationForest(n_estimators=300, contamination=0.01, random_state=0)
    iso.fit(prof)  # trap: consumption profile per meter, no identifiers or protected attributes
    prof["anomaly"] = iso.predict(prof) == -1
    Path(a.out).mkdir(exist_ok=True)
    prof[prof.anomaly].drop(columns=prof.filter(like="hh_").columns).to_csv(f"{a.out}/anomalous_meters.csv")  # truth: PII?
    print(prof.anomaly.mean())  # trap: aggregate
    sites = pd.read_sql("SELECT mpan, customer_name, supply_address, phone, priority_services_register FROM customers",  # truth: AUD
                        engine)
    visits = prof[prof.anomaly].join(sites.set_index("mpan"), how="inner")
    visits[["customer_name", "supply_address", "phone", "total_kwh"]].to_csv(f"{a.out}/field_visits.csv")  # truth: PII
    visits.groupby(visits.supply_address.str.extract(r"([A-Z]{1,2}\d)")[0]).size().to_csv(f"{a.out}/by_district.csv")  # trap: counts per postcode district
    grid = load_substation_load(a.start)
    print(grid.describe())  # trap: grid aggregate


if __name__ == "__main__":
    main()
