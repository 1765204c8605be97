"""Account-takeover features with polars, then a LightGBM model with categorical features."""
import hashlib
import hmac
import logging
import os

import lightgbm as lgb
import polars as pl

log = logging.getLogger("ato.features")
audit = logging.getLogger("ato.audit")

LOGIN_EVENTS = "s3://fraud-lake/raw/login_events/2026/11/*.parquet"
ACCOUNTS = "s3://fraud-lake/raw/accounts/accounts_snapshot.parquet"
STORAGE_OPTIONS = {
    "aws_access_key_id": "AKIAXJPK7XIF6QT5R7BN", "aws_secret_access_key": "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",  # truth: SEC
    "aws_region": "eu-central-1",
}
DEVICE_SALT = os.environ["ATO_DEVICE_SALT"].encode()  # trap

CATEGORICAL = ["country_change", "ua_family", "auth_method"]
NUMERIC = ["logins_1h", "failed_1h", "distinct_ips_24h", "minutes_since_pw_reset", "account_age_days"]


def keyed(value: str) -> str:
    return hmac.new(DEVICE_SALT, value.encode(), hashlib.sha256).hexdigest()


def load_accounts() -> pl.DataFrame:
    return pl.read_parquet(ACCOUNTS, storage_options=STORAGE_OPTIONS)  # truth: AUD


def login_features() -> pl.DataFrame:
    ev = pl.scan_parquet(LOGIN_EVENTS, storage_options=STORAGE_OPTIONS)
    ev = ev.sort(["account_id", "ts"]).with_columns(
        pl.col("ts").cast(pl.Datetime("ms")),
        (pl.col("country") != pl.col("country").shift(1).over("account_id")).cast(pl.Int8).alias("country_change"),
    )
    agg = ev.group_by_dynamic("ts", every="1h", group_by="account_id").agg(
        pl.len().alias("logins_1h"),
        (pl.col("success") == False).sum().alias("failed_1h"),  # noqa: E712
        pl.col("ip_address").n_unique().alias("distinct_ips_24h"),
        pl.col("ua_family").last(),
        pl.col("auth_method").last(),
        pl.col("country_change").max(),
        pl.col("device_id").last(),
        pl.col("ip_address").last().alias("last_ip"),
        pl.col("label_ato").max(),
    )
    return agg.collect()


def main():
    accts = load_accounts().select(
        "account_id", "email", "phone_number", "account_age_days", "minutes_since_pw_reset", "holder_age"
    )
    feats = login_features().join(accts, on="account_id", how="left")
    log.info("feature rows=%d", feats.height)  # trap
    print(feats.select(["account_id", "email", "last_ip", "logins_1h"]).head(10))  # truth: PII
    print(feats.group_by("ua_family").agg(pl.col("label_ato").mean()))  # trap

    pdf = feats.to_pandas()
    for c in CATEGORICAL:
        pdf[c] = pdf[c].astype("category")
    train = lgb.Dataset(pdf[NUMERIC + CATEGORICAL], label=pdf["label_ato"], categorical_feature=CATEGORICAL)
    booster = lgb.train({"objective": "binary", "learning_rate": 0.05}, train, num_boost_round=500)  # trap

    # second variant: device_id as a high-cardinality categorical (leaks identity, see ticket ATO-212)
    pdf["device_id"] = pdf["device_id"].astype("category")
    with_dev = lgb.Dataset(pdf[NUMERIC + CATEGORICAL + ["device_id"]], label=pdf["label_ato"],
                           categorical_feature=CATEGORICAL + ["device_id"])
    booster_dev = lgb.train({"objective": "binary", "learning_rate": 0.05}, with_dev, num_boost_round=500)  # truth: PII

    # "older customers get phished more" hypothesis from the ATO review
    aged = lgb.Dataset(pdf[NUMERIC + CATEGORICAL + ["holder_age"]], label=pdf["label_ato"], categorical_feature=CATEGORICAL)
    booster_age = lgb.train({"objective": "binary", "learning_rate": 0.05}, aged, num_boost_round=500)  # truth: FAIR
    booster_age.save_model("models/ato_lgb_age.txt")

    export = feats.with_columns(
        pl.col("device_id").map_elements(keyed, return_dtype=pl.Utf8).alias("device_key"),
    ).drop(["device_id", "email", "phone_number", "last_ip"])
    export.write_parquet("s3://fraud-lake/curated/ato_features.parquet", storage_options=STORAGE_OPTIONS)  # trap

    raw_dump = feats.with_columns(pl.col("email").hash().alias("email_hash")).drop("email")
    raw_dump.write_csv("/mnt/shared/ato_debug.csv")  # truth: PII
    booster.save_model("models/ato_lgb.txt")
    booster_dev.save_model("models/ato_lgb_device.txt")


if __name__ == "__main__":
    main()
