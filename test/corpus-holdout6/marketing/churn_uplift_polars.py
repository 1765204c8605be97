"""Retention campaign: T-learner uplift on the last email campaign, then build the next send list.

polars for the feature work, sklearn for the two response models.
"""
import hashlib
import os

import numpy as np
import polars as pl
from sklearn.ensemble import HistGradientBoostingClassifier

SENDGRID_API_KEY = os.getenv("SENDGRID_API_KEY", "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")  # truth: SEC
DATA = "/data/marketing"

FEATURES = ["tenure_months", "orders_12m", "aov_12m", "days_since_last_order", "n_emails_sent",
            "email_open_rate", "support_tickets_6m", "discount_share", "app_user"]


def sha(s: str) -> str:
    return hashlib.sha256(s.strip().lower().encode()).hexdigest()


def load() -> pl.DataFrame:
    cust = pl.read_parquet(f"{DATA}/customers.parquet")  # truth: AUD
    camp = pl.read_parquet(f"{DATA}/campaign_2024q2_assignments.parquet")
    orders = pl.scan_parquet(f"{DATA}/orders/*.parquet")
    post = (
        orders.filter(pl.col("order_date") >= pl.date(2024, 4, 15))
        .group_by("customer_id")
        .agg(pl.len().alias("orders_post"))
        .collect()
    )
    return (
        cust.join(camp, on="customer_id", how="inner")
        .join(post, on="customer_id", how="left")
        .with_columns(
            pl.col("orders_post").fill_null(0),
            (pl.col("orders_post").fill_null(0) > 0).cast(pl.Int8).alias("retained"),
            pl.col("has_app").cast(pl.Int8).alias("app_user"),
        )
    )


def fit_tlearner(df: pl.DataFrame):
    treated = df.filter(pl.col("treatment") == 1)
    control = df.filter(pl.col("treatment") == 0)
    m1 = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05)
    m0 = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05)
    m1.fit(treated.select(FEATURES).to_numpy(), treated["retained"].to_numpy())  # trap: behavioural features
    m0.fit(control.select(FEATURES).to_numpy(), control["retained"].to_numpy())
    return m1, m0


def main():
    df = load()
    print(df.group_by("treatment").agg(pl.col("retained").mean()))  # trap: aggregate
    m1, m0 = fit_tlearner(df)
    X = df.select(FEATURES).to_numpy()
    df = df.with_columns(pl.Series("uplift", m1.predict_proba(X)[:, 1] - m0.predict_proba(X)[:, 1]))

    deciles = df.with_columns((pl.col("uplift").rank("ordinal") * 10 / df.height).floor().alias("decile"))
    print(deciles.group_by("decile").agg(pl.col("retained").mean(), pl.len()).sort("decile"))

    targets = df.filter(pl.col("uplift") > np.quantile(df["uplift"].to_numpy(), 0.7))
    send = targets.select("customer_id", "email", "first_name", "uplift")
    send.write_csv(f"{DATA}/exports/retention_send_list.csv")  # truth: PII

    hashed = targets.with_columns(pl.col("email").map_elements(sha, return_dtype=pl.Utf8).alias("email_sha256"))
    hashed.select("email_sha256", "uplift").write_parquet(f"{DATA}/exports/ad_audience_match.parquet")  # truth: PII

    print(send.head(10))  # truth: PII
    seg_counts = targets.group_by("region").agg(pl.len().alias("n"))
    seg_counts.write_csv(f"{DATA}/exports/target_counts_by_region.csv")  # trap: counts


if __name__ == "__main__":
    main()
