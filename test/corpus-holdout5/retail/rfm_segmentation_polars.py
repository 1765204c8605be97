"""RFM segmentation for CRM campaigns (polars). Output goes to the email platform."""
import hashlib
import hmac
import os

import polars as pl
from sklearn.cluster import KMeans

from crm_lib.audit import audit_read

ORDERS = "/lake/crm/orders_2023_2024.parquet"
CUSTOMERS = "/lake/crm/customers.parquet"
PEPPER = os.environ["CRM_PSEUDO_PEPPER"].encode()  # trap: env lookup
SENDGRID_API_KEY = "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"  # truth: SEC
FROM_EMAIL_TEMPLATE = "offers+{segment}@shop.example.com"  # trap: template, not personal data


def pseudo(value: str) -> str:
    return hmac.new(PEPPER, value.lower().encode(), hashlib.sha256).hexdigest()


def load():
    audit_read(CUSTOMERS, purpose="rfm-segmentation")
    customers = pl.read_parquet(CUSTOMERS)  # trap: audited function
    orders = pl.read_parquet(ORDERS)
    return customers, orders


def rfm(orders: pl.DataFrame, as_of) -> pl.DataFrame:
    return (orders.group_by("customer_id").agg(
        ((pl.lit(as_of) - pl.col("order_ts").max()).dt.total_days()).alias("recency"),
        pl.len().alias("frequency"),
        pl.col("order_value").sum().alias("monetary"),
    ))


def main():
    customers, orders = load()
    as_of = orders["order_ts"].max()
    r = rfm(orders, as_of)
    X = r.select(["recency", "frequency", "monetary"]).with_columns(pl.all().log1p()).to_numpy()
    km = KMeans(n_clusters=6, n_init=10, random_state=42).fit(X)  # trap: behavioural aggregates only
    seg = r.with_columns(pl.Series("segment", km.labels_))
    print(seg.group_by("segment").agg(pl.col("monetary").mean(), pl.len()).sort("segment"))  # trap: aggregate

    full = seg.join(customers.select(["customer_id", "email", "first_name", "postcode", "marketing_opt_in"]),
                    on="customer_id")
    full = full.filter(pl.col("marketing_opt_in"))
    full.write_csv("/lake/crm/exports/rfm_segments_for_esp.csv")  # truth: PII

    shared = full.with_columns(
        pl.col("email").map_elements(lambda e: hashlib.md5(e.encode()).hexdigest(), return_dtype=pl.Utf8).alias("email_md5")
    ).select(["email_md5", "segment", "recency", "frequency"])
    shared.write_parquet("/lake/partners/adtech/rfm_audience.parquet")  # truth: PII

    keyed = full.with_columns(
        pl.col("email").map_elements(pseudo, return_dtype=pl.Utf8).alias("email_token")
    ).select(["email_token", "segment"])
    keyed.write_parquet("/lake/partners/clean_room/rfm_tokens.parquet")  # trap: keyed HMAC

    sample = full.filter(pl.col("segment") == 0).head(5)
    print(sample)  # truth: PII


if __name__ == "__main__":
    main()
