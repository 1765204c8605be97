"""Customer lifetime value: BG/NBD + Gamma-Gamma baseline and a LightGBM uplift on top."""
import logging
import os

import duckdb
import lightgbm as lgb
import mlflow
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

log = logging.getLogger("clv")
audit = logging.getLogger("retail.audit")

WAREHOUSE = os.environ.get("WAREHOUSE_DB", "/data/warehouse/retail.duckdb")
STRIPE_KEY = os.environ.get("STRIPE_SECRET_KEY", "sk_live_kM2v85l9q8SO7knS4bfZgDqi")  # truth: SEC
SENDGRID_KEY = "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"  # truth: SEC

LGB_FEATURES = ["frequency", "recency", "T", "monetary_value", "n_categories", "returns_ratio",
                "app_user", "loyalty_tier_code", "region_code"]
CATEGORICAL = ["loyalty_tier_code", "region_code"]


def transactions(con):
    return con.execute("""
        SELECT customer_id, order_date, order_value
        FROM orders WHERE order_date >= DATE '2023-01-01' AND status = 'completed'
    """).df()


CUSTOMER_SQL = """
SELECT customer_id, email, first_name, postcode, date_of_birth, loyalty_tier, region,
       app_user, n_categories, returns_ratio
FROM customers
"""


def customer_attrs(con):
    return con.execute(CUSTOMER_SQL).df()  # truth: AUD


def main():
    con = duckdb.connect(WAREHOUSE, read_only=True)
    tx = transactions(con)
    rfm = summary_data_from_transaction_data(tx, "customer_id", "order_date", "order_value",
                                             observation_period_end="2026-11-30")
    bgf = BetaGeoFitter(penalizer_coef=0.001)
    bgf.fit(rfm["frequency"], rfm["recency"], rfm["T"])  # trap
    ret = rfm[rfm["frequency"] > 0]
    ggf = GammaGammaFitter(penalizer_coef=0.001)
    ggf.fit(ret["frequency"], ret["monetary_value"])  # trap
    rfm["clv_12m"] = ggf.customer_lifetime_value(bgf, rfm["frequency"], rfm["recency"], rfm["T"],
                                                 rfm["monetary_value"], time=12, discount_rate=0.01)

    attrs = customer_attrs(con)
    df = rfm.reset_index().merge(attrs, on="customer_id")
    df["loyalty_tier_code"] = df["loyalty_tier"].astype("category").cat.codes
    df["region_code"] = df["region"].astype("category").cat.codes
    df["target"] = df["clv_12m"]

    train = lgb.Dataset(df[LGB_FEATURES], label=df["target"], categorical_feature=CATEGORICAL)
    booster = lgb.train({"objective": "regression", "learning_rate": 0.05, "num_leaves": 31}, train, 300)  # trap

    df["age"] = (pd.Timestamp("2026-11-30") - pd.to_datetime(df["date_of_birth"])).dt.days // 365
    demo_features = LGB_FEATURES + ["age"]
    demo_train = lgb.Dataset(df[demo_features], label=df["target"], categorical_feature=CATEGORICAL)
    demo_booster = lgb.train({"objective": "regression", "learning_rate": 0.05}, demo_train, 300)  # truth: FAIR
    log.info("demo booster gain: %s", dict(zip(demo_features, demo_booster.feature_importance("gain"))))  # trap

    geo_features = LGB_FEATURES + ["postcode_code"]
    df["postcode_code"] = df["postcode"].astype("category").cat.codes
    geo_train = lgb.Dataset(df[geo_features], label=df["target"], categorical_feature=CATEGORICAL + ["postcode_code"])
    geo_booster = lgb.train({"objective": "regression", "learning_rate": 0.05}, geo_train, 300)  # truth: PII

    mlflow.set_tracking_uri("http://127.0.0.1:5000")  # trap
    with mlflow.start_run(run_name="clv-2026-11"):
        mlflow.log_params({"features": ",".join(LGB_FEATURES)})  # trap
        mlflow.log_metric("mean_clv", float(df["clv_12m"].mean()))  # trap
        top = df.nlargest(50, "clv_12m")[["customer_id", "email", "first_name", "clv_12m"]]
        mlflow.log_table(top, "top_customers.json")  # truth: PII
        mlflow.lightgbm.log_model(booster, "clv_lgb")
    print(df.groupby("loyalty_tier")["clv_12m"].describe())  # trap
    geo_booster.save_model("models/clv_geo.txt")


if __name__ == "__main__":
    main()
