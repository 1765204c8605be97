import os
import tempfile
from dataclasses import dataclass, field
from typing import List

import pandas as pd
import requests
from catboost import CatBoostClassifier, Pool
from google.cloud import bigquery

GOOGLE_API_KEY = "AIzaiU4JvKdk_Bo4_8-Mgrq8xUyI92X2C1zpyhU"  # truth: SEC
GEO_ENDPOINT = "http://ip-api.com/batch?fields=country,regionName"  # truth: TLS


@dataclass
class CtrConfig:
    table: str = "adtech-prod.impressions.served_v3"
    context: List[str] = field(default_factory=lambda: ["placement", "ad_format", "hour", "os", "app_category"])
    audience: List[str] = field(default_factory=lambda: ["age_bucket", "gender", "interest_cluster"])
    ids: List[str] = field(default_factory=lambda: ["ip_address", "idfa", "user_agent"])
    label: str = "clicked"
    use_audience: bool = True
    iterations: int = 1500
    token_budget: int = 8000  # trap: budget setting, not a token


def query(cfg: CtrConfig, day: str) -> pd.DataFrame:
    cols = ", ".join(cfg.context + cfg.audience + cfg.ids + [cfg.label])
    sql = f"SELECT {cols} FROM `{cfg.table}` WHERE DATE(served_at) = '{day}'"
    return bigquery.Client().query(sql).to_dataframe()  # truth: AUD


def enrich_geo(df: pd.DataFrame) -> pd.DataFrame:
    ips = df.ip_address.drop_duplicates().head(100).tolist()
    r = requests.post(GEO_ENDPOINT, json=ips, timeout=10)
    geo = pd.DataFrame(r.json()).assign(ip_address=ips)
    return df.merge(geo, on="ip_address", how="left")


def train(df: pd.DataFrame, feature_cols: List[str], cat_cols: List[str], cfg: CtrConfig) -> CatBoostClassifier:
    model = CatBoostClassifier(iterations=cfg.iterations, depth=8, learning_rate=0.08, eval_metric="Logloss",
                               verbose=200)
    model.fit(Pool(df[feature_cols], df[cfg.label], cat_features=cat_cols))
    return model


def main():
    cfg = CtrConfig()
    df = enrich_geo(query(cfg, os.environ.get("DAY", "2024-06-01")))
    ctx_cats = [c for c in cfg.context if c != "hour"] + ["country", "regionName"]
    m_ctx = train(df, cfg.context + ["country", "regionName"], ctx_cats, cfg)  # trap: contextual features only
    if cfg.use_audience:
        feats = cfg.context + cfg.audience + ["country"]
        cats = [c for c in feats if c != "hour"]
        m_aud = train(df, feats, cats, cfg)  # truth: FAIR
        m_aud.save_model("ctr_audience.cbm")
    feats_ip = cfg.context + ["ip_address"]
    m_ip = train(df, feats_ip, [c for c in feats_ip if c != "hour"], cfg)  # truth: PII
    imp = pd.Series(m_ctx.get_feature_importance(), index=m_ctx.feature_names_)
    print(imp.sort_values(ascending=False).head(10))  # trap: feature importances
    print(df[cfg.ids].head())  # truth: PII
    with tempfile.TemporaryDirectory() as d:
        m_ctx.save_model(f"{d}/ctr_ctx.cbm")
        reloaded = CatBoostClassifier().load_model(f"{d}/ctr_ctx.cbm")  # trap: CatBoost native format, freshly trained in this run
        print(reloaded.tree_count_)


if __name__ == "__main__":
    main()
