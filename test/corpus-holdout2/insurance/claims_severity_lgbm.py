# Motor claims severity model (LightGBM, Tweedie) trained from a YAML experiment config.
import argparse
import logging

import lightgbm as lgb
import numpy as np
import pandas as pd
import yaml
from sklearn.linear_model import TweedieRegressor

logger = logging.getLogger("claims.severity")

DEFAULT_CFG = {
    "data": {"claims": "/data/motor/claims_2019_2024.parquet", "policies": "/data/motor/policies.parquet"},
    "features": {
        "numeric": ["vehicle_value", "vehicle_age", "annual_mileage", "driver_age", "years_licensed", "ncd_years"],
        "categorical": ["vehicle_group", "region", "cover_type", "driver_gender"],
    },
    "target": "incurred_amount",
    "exclude": ["policy_number", "policyholder_name", "vin"],
}


def read_cfg(path=None):
    if path:
        with open(path) as fh:
            return yaml.safe_load(fh)  # trap
    return dict(DEFAULT_CFG)


def frame(cfg):
    claims = pd.read_parquet(cfg["data"]["claims"])
    policies = pd.read_parquet(cfg["data"]["policies"])
    df = claims.merge(policies, on="policy_number", how="left")
    logger.info("claims=%d policies=%d", len(claims), policies["policy_number"].nunique())  # trap
    return df


def fit(cfg, df):
    num = cfg["features"]["numeric"]
    cat = cfg["features"]["categorical"]
    cols = num + cat
    X = df[cols].copy()
    for c in cat:
        X[c] = X[c].astype("category")
    y = df[cfg["target"]].clip(upper=df[cfg["target"]].quantile(0.995))
    dtrain = lgb.Dataset(X, y, categorical_feature=cat, free_raw_data=False)
    params = {"objective": "tweedie", "tweedie_variance_power": 1.5, "learning_rate": 0.03,
              "num_leaves": 63, "min_data_in_leaf": 200, "feature_fraction": 0.8, "verbose": -1}
    booster = lgb.train(params, dtrain, num_boost_round=1500)  # truth: FAIR
    return booster, cols


def fit_without_protected(cfg, df):
    protected = {"driver_gender", "driver_age"}
    cols = [c for c in cfg["features"]["numeric"] + cfg["features"]["categorical"] if c not in protected]
    X = df[cols].apply(lambda s: s.astype("category") if s.dtype == object else s)
    return lgb.LGBMRegressor(objective="tweedie", n_estimators=800).fit(X, df[cfg["target"]]), cols  # trap


def glm_baseline(cfg, df):
    num = df.drop(columns=[cfg["target"]]).select_dtypes("number")
    glm = TweedieRegressor(power=1.5, link="log", alpha=0.1, max_iter=500)
    glm.fit(num.fillna(0), df[cfg["target"]])  # truth: FAIR
    return glm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config")
    ap.add_argument("--fair", action="store_true")
    args = ap.parse_args()
    cfg = read_cfg(args.config)
    df = frame(cfg)
    glm_baseline(cfg, df)
    booster, cols = fit_without_protected(cfg, df) if args.fair else fit(cfg, df)
    booster.save_model("/models/motor/severity.txt") if hasattr(booster, "save_model") else None
    imp = pd.Series(booster.feature_importance("gain") if hasattr(booster, "feature_importance")
                    else booster.booster_.feature_importance("gain"), index=cols)
    print(imp.sort_values(ascending=False).head(10))  # trap
    sample = df.sample(100, random_state=1)[cfg["exclude"] + ["incurred_amount"]]
    sample.to_csv("/tmp/severity_debug_sample.csv", index=False)  # truth: PII
    np.save("/tmp/severity_pred.npy", np.asarray(booster.predict(df[cols])))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
