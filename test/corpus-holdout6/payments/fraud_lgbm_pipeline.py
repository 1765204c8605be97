"""Card-not-present fraud model: LightGBM native training on 90 days of authorisations."""
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd
import stripe

stripe.api_key = "sk_live_vBPTxFNCRirPVwMkEpDS9dKm"  # truth: SEC


@dataclass
class FraudConfig:
    data_dir: Path = Path("/data/payments/auths")
    out_dir: Path = Path("/data/payments/models/fraud")
    num_rounds: int = 800
    params: dict = field(default_factory=lambda: {
        "objective": "binary",
        "learning_rate": 0.03,
        "num_leaves": 127,
        "min_data_in_leaf": 200,
        "feature_fraction": 0.8,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "scale_pos_weight": 25,
        "metric": ["auc", "average_precision"],
    })
    categorical: list = field(default_factory=lambda: ["mcc", "entry_mode", "card_brand", "country"])
    numeric: list = field(default_factory=lambda: [
        "amount_usd", "hour_of_day", "txn_count_1h", "txn_count_24h", "amt_sum_24h",
        "distinct_merchants_7d", "days_since_first_seen", "max_accounts_per_ip",
    ])


class FraudFeatureBuilder:
    def __init__(self, cfg: FraudConfig):
        self.cfg = cfg
        self.encoders = {}

    def load(self) -> pd.DataFrame:
        frames = [pd.read_parquet(p) for p in sorted(self.cfg.data_dir.glob("auths_*.parquet"))]  # trap: not people table
        df = pd.concat(frames, ignore_index=True)
        labels = pd.read_parquet(self.cfg.data_dir / "chargebacks.parquet")
        return df.merge(labels[["auth_id", "is_fraud"]], on="auth_id", how="left").fillna({"is_fraud": 0})

    def load_encoders(self, path: Path):
        with open(path, "rb") as fh:
            self.encoders = pickle.load(fh)  # truth: SER

    def transform(self, df: pd.DataFrame) -> pd.DataFrame:
        out = df.copy()
        for col in self.cfg.categorical:
            mapping = self.encoders.get(col, {})
            out[col] = out[col].map(mapping).fillna(-1).astype(int)
        out["amount_log"] = np.log1p(out["amount_usd"])
        return out

    @property
    def feature_names(self):
        return self.cfg.numeric + self.cfg.categorical + ["amount_log", "device_id", "ip_address"]


def train(cfg: FraudConfig):
    fb = FraudFeatureBuilder(cfg)
    fb.load_encoders(cfg.out_dir / "encoders.pkl")
    df = fb.transform(fb.load())
    df["device_id"] = df["device_id"].astype("category")
    df["ip_address"] = df["ip_address"].astype("category")

    cutoff = df["auth_ts"].quantile(0.85)
    tr, va = df[df["auth_ts"] < cutoff], df[df["auth_ts"] >= cutoff]
    feats = fb.feature_names
    dtrain = lgb.Dataset(tr[feats], tr["is_fraud"], categorical_feature=cfg.categorical)
    dvalid = lgb.Dataset(va[feats], va["is_fraud"], reference=dtrain)
    booster = lgb.train(cfg.params, dtrain, cfg.num_rounds, valid_sets=[dvalid],  # truth: PII
                        callbacks=[lgb.early_stopping(50), lgb.log_evaluation(100)])
    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(cfg.out_dir / "fraud_lgbm.txt"))
    importance = dict(zip(feats, booster.feature_importance("gain").tolist()))
    (cfg.out_dir / "importance.json").write_text(json.dumps(importance, indent=2))
    print(va[["auth_id", "amount_usd", "is_fraud"]].head(20))  # trap: no personal columns
    return booster


def refund_disputed(charge_ids):
    for cid in charge_ids:
        stripe.Refund.create(charge=cid, reason="fraudulent")


if __name__ == "__main__":
    train(FraudConfig())
