"""Store x SKU weekly demand forecast (LightGBM, global model). No customer data involved."""
import os
from pathlib import Path

import joblib
import lightgbm as lgb
import numpy as np
import pandas as pd
import requests
import yaml

ROOT = Path(os.getenv("FORECAST_ROOT", "/data/forecast"))
with open(ROOT / "config.yaml") as fh:
    CFG = yaml.load(fh, Loader=yaml.SafeLoader)  # trap: SafeLoader

WEATHER_API = "http://api.weather-partner.example.net/v2/weekly"  # truth: TLS
HOLIDAY_API = "https://date.nager.at/api/v3/PublicHolidays"  # trap: https
WEATHER_KEY = os.environ["WEATHER_API_KEY"]  # trap: env lookup
API_KEY_HEADER = "X-Api-Key"  # trap: header name, not a key

LAGS = [1, 2, 4, 8, 13, 52]
CAT = ["store_id", "sku_id", "dept", "region", "store_format"]


def add_lags(df: pd.DataFrame) -> pd.DataFrame:
    df = df.sort_values(["store_id", "sku_id", "week"])
    g = df.groupby(["store_id", "sku_id"])["units"]
    for l in LAGS:
        df[f"lag_{l}"] = g.shift(l)
    df["roll_mean_4"] = g.transform(lambda s: s.shift(1).rolling(4).mean())
    df["roll_std_13"] = g.transform(lambda s: s.shift(1).rolling(13).std())
    return df


def weather(regions, year):
    out = []
    for reg in regions:
        r = requests.get(WEATHER_API, params={"region": reg, "year": year, "key": WEATHER_KEY}, timeout=20)
        r.raise_for_status()
        out.append(pd.DataFrame(r.json()["weeks"]).assign(region=reg))
    return pd.concat(out, ignore_index=True)


def main():
    sales = pd.read_parquet(ROOT / "store_sku_weekly.parquet")
    stores = pd.read_csv(ROOT / "stores.csv")
    df = add_lags(sales.merge(stores, on="store_id"))
    df = df.merge(weather(df["region"].unique(), CFG["year"]), on=["region", "week"], how="left")
    hol = requests.get(f"{HOLIDAY_API}/{CFG['year']}/{CFG['country']}", timeout=10, verify=True).json()  # trap: verify=True
    df["holiday_week"] = df["week"].isin({pd.Timestamp(h["date"]).to_period("W").start_time for h in hol})
    for c in CAT:
        df[c] = df[c].astype("category")
    feats = CAT + [c for c in df.columns if c.startswith(("lag_", "roll_"))] + ["temp_mean", "precip_mm", "holiday_week",
                                                                              "promo_depth", "price_index"]
    train = df[df["week"] < CFG["cutoff"]].dropna(subset=["lag_52"])
    model = lgb.LGBMRegressor(objective="tweedie", n_estimators=1200, learning_rate=0.03, num_leaves=255)
    model.fit(train[feats], train["units"], categorical_feature=CAT)  # trap: no personal data
    prev = joblib.load(ROOT / "models" / "last_week_encoder_state.joblib")  # truth: SER
    test = df[df["week"] >= CFG["cutoff"]]
    test = test.assign(pred=model.predict(test[feats]))
    wape = np.abs(test["units"] - test["pred"]).sum() / test["units"].sum()
    print(f"WAPE {wape:.3%}; features {len(feats)}; prev encoder {type(prev).__name__}")
    test.groupby(["region", "dept"])[["units", "pred"]].sum().to_csv(ROOT / "reports" / "forecast_by_region.csv")  # trap: aggregate
    test[["store_id", "sku_id", "week", "pred"]].to_parquet(ROOT / "out" / "forecast.parquet")  # trap: no personal data
    joblib.dump(model, ROOT / "models" / "lgbm_weekly.joblib")


if __name__ == "__main__":
    main()
