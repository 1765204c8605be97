"""Account-takeover risk: device/IP graph features (polars) + IsolationForest.

Helpers take frames from the caller; the Prefect deployment calls build_features() nightly."""
from datetime import timedelta

import polars as pl
from sklearn.ensemble import IsolationForest
from sklearn.preprocessing import LabelEncoder

SESSIONS = "gs://ato-lake/raw/login_sessions/*.parquet"
ACCOUNTS = "gs://ato-lake/raw/user_accounts.parquet"
WINDOW_DAYS = 14


def session_features(sessions: pl.DataFrame) -> pl.DataFrame:
    return (sessions.group_by("account_id").agg(
        pl.col("device_id").n_unique().alias("n_devices"),
        pl.col("ip_address").n_unique().alias("n_ips"),
        pl.col("country").n_unique().alias("n_countries"),
        (pl.col("login_success") == False).sum().alias("n_failed"),
        pl.col("ts").max().alias("last_seen"),
    ))


def ip_features(sessions: pl.DataFrame) -> pl.DataFrame:
    per_ip = sessions.group_by("ip_address").agg(pl.col("account_id").n_unique().alias("max_accounts_per_ip"))
    return (sessions.join(per_ip, on="ip_address")
            .group_by("account_id").agg(pl.col("max_accounts_per_ip").max()))


def build_features():
    sessions = pl.read_parquet(SESSIONS)
    cutoff = sessions["ts"].max() - timedelta(days=WINDOW_DAYS)
    sessions = sessions.filter(pl.col("ts") >= cutoff)
    accounts = pl.read_parquet(ACCOUNTS, columns=["account_id", "email", "signup_ts", "kyc_level"])  # truth: AUD
    feats = (session_features(sessions)
             .join(ip_features(sessions), on="account_id", how="left")
             .join(accounts, on="account_id", how="left"))
    print(feats.select(pl.col("n_devices").mean(), pl.col("max_accounts_per_ip").quantile(0.99)))  # trap: aggregate
    return feats, sessions


def score(feats: pl.DataFrame, sessions: pl.DataFrame) -> pl.DataFrame:
    last_dev = (sessions.sort("ts").group_by("account_id").agg(pl.col("device_id").last().alias("last_device_id")))
    X = feats.join(last_dev, on="account_id").to_pandas()
    X["last_device_id"] = LabelEncoder().fit_transform(X["last_device_id"].astype(str))
    cols = ["n_devices", "n_ips", "n_countries", "n_failed", "max_accounts_per_ip", "last_device_id"]
    iso = IsolationForest(n_estimators=300, contamination=0.01, random_state=0)
    iso.fit(X[cols])  # truth: PII
    X["anomaly"] = -iso.score_samples(X[cols])
    return pl.from_pandas(X)


def export(scored: pl.DataFrame, sessions: pl.DataFrame):
    top = scored.sort("anomaly", descending=True).head(500)
    review = top.join(sessions.select(["account_id", "ip_address", "device_id", "user_agent"]).unique(), on="account_id")
    review.write_csv("gs://ato-lake/review/ato_review_queue.csv")  # truth: PII
    top.select(["account_id", "anomaly", "n_devices", "n_ips"]).write_parquet("gs://ato-lake/scores/latest.parquet")  # trap: no identifiers
    top.select(["account_id", "email", "anomaly"]).write_json("gs://ato-lake/review/notify_list.json")  # truth: PII


if __name__ == "__main__":
    f, s = build_features()
    sc = score(f, s)
    export(sc, s)
