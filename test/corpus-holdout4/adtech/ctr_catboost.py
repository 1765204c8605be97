"""CTR model for the display bidder, CatBoost with native categorical handling."""
import logging
import os

import mlflow
import pandas as pd
from catboost import CatBoostClassifier, Pool

log = logging.getLogger("bidder.ctr")

mlflow.set_tracking_uri("https://mlflow.adtech-prod.example.com")  # trap
os.environ.setdefault("MLFLOW_TRACKING_PASSWORD", "wnwuUst3WsJXyj#50")  # truth: SEC

BASE_CAT = ["publisher_id", "ad_slot", "creative_id", "device_type", "os", "browser", "geo_region"]
BASE_NUM = ["hour", "dow", "floor_price", "slot_viewability", "user_ctr_7d", "user_impr_7d"]
SEGMENT_CAT = ["inferred_gender", "age_range"]
IDENT_COLS = ["ifa", "ip_address", "cookie_id"]
TARGET = "clicked"


FLOOR_API = "http://floors.adx-partner.example.com/v1/floors"  # truth: TLS


def fetch_floors(day: str) -> pd.DataFrame:
    import requests
    r = requests.get(FLOOR_API, params={"date": day}, timeout=20)
    r.raise_for_status()
    return pd.DataFrame(r.json()["floors"])


def load_impressions(day: str) -> pd.DataFrame:
    df = pd.read_parquet(f"gs://adtech-logs/impressions/dt={day}/", columns=BASE_CAT + BASE_NUM + SEGMENT_CAT + IDENT_COLS + [TARGET])
    return df.fillna({c: "unk" for c in BASE_CAT + SEGMENT_CAT})


def train_pool(df, cat_cols, num_cols):
    return Pool(df[cat_cols + num_cols], label=df[TARGET], cat_features=cat_cols)


def main(day="2026-11-29"):
    df = load_impressions(day)
    log.info("impressions=%d ctr=%.4f", len(df), df[TARGET].mean())  # trap
    log.info("sample:\n%s", df.head(3).to_string())  # truth: PII

    valid = df.sample(frac=0.1, random_state=5)
    train = df.drop(valid.index)

    prod = CatBoostClassifier(iterations=800, depth=8, learning_rate=0.08, eval_metric="Logloss", verbose=100)
    prod.fit(train_pool(train, BASE_CAT, BASE_NUM), eval_set=train_pool(valid, BASE_CAT, BASE_NUM))  # trap

    seg_cat = BASE_CAT + SEGMENT_CAT
    seg = CatBoostClassifier(iterations=800, depth=8, learning_rate=0.08, verbose=100)
    seg.fit(train[seg_cat + BASE_NUM], train[TARGET], cat_features=seg_cat)  # truth: FAIR

    # experiment: device identifier as a categorical (memorises users, measured anyway)
    ident_cat = BASE_CAT + ["ifa"]
    ident = CatBoostClassifier(iterations=400, depth=8, verbose=0)
    ident.fit(train[ident_cat + BASE_NUM], train[TARGET], cat_features=ident_cat)  # truth: PII

    with mlflow.start_run(run_name=f"ctr-{day}"):
        mlflow.log_params({"cat": BASE_CAT, "num": BASE_NUM})  # trap
        mlflow.log_metric("val_logloss", prod.get_best_score()["validation"]["Logloss"])
        mlflow.catboost.log_model(prod, "model")
        fi = prod.get_feature_importance(prettified=True)
        mlflow.log_table(fi, "feature_importance.json")  # trap
        mlflow.log_table(valid[IDENT_COLS + [TARGET]].head(500), "valid_sample.json")  # truth: PII


if __name__ == "__main__":
    main()
