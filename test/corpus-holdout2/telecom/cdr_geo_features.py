# Daily CDR geo job (polars): home/work cell inference and mobility features for the network-planning team.
import logging
import os
import sys
from datetime import date, timedelta

import polars as pl

log = logging.getLogger("cdr.geo")
logging.basicConfig(level=logging.INFO, stream=sys.stdout)

STORAGE = {
    "aws_endpoint_url": "http://objectstore.dc2.telco-net.com:7480",  # truth: TLS
    "aws_access_key_id": os.environ.get("CEPH_ACCESS_KEY", ""),  # trap
    "aws_secret_access_key": "e210471948d33296c87009e8a7f770d9106fd287",  # truth: SEC
    "aws_allow_http": "true",
}
DEV_STORAGE = {
    "aws_endpoint_url": "http://localhost:9000",  # trap
    "aws_secret_access_key": "minioadmin",  # truth: SEC?
}
NIGHT_HOURS = list(range(0, 6))
WORK_HOURS = list(range(9, 17))


def cdrs(day: date) -> pl.LazyFrame:
    return pl.scan_parquet(f"s3://cdr-raw/dt={day:%Y-%m-%d}/*.parquet", storage_options=STORAGE).select(
        "msisdn", "imei", "cell_id", "cell_lat", "cell_lon", "event_ts", "event_type")


def anchor_cells(lf: pl.LazyFrame, hours: list[int], label: str) -> pl.LazyFrame:
    return (
        lf.filter(pl.col("event_ts").dt.hour().is_in(hours))
          .group_by("msisdn", "cell_id", "cell_lat", "cell_lon").agg(pl.len().alias("n"))
          .sort("n", descending=True).group_by("msisdn").first()
          .rename({"cell_id": f"{label}_cell", "cell_lat": f"{label}_lat", "cell_lon": f"{label}_lon"})
          .drop("n")
    )


def mobility(lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.group_by("msisdn").agg(
        pl.col("cell_id").n_unique().alias("distinct_cells"),
        pl.len().alias("events"),
        pl.col("imei").first().alias("imei"),
    )


def main():
    day = date.today() - timedelta(days=1)
    lf = cdrs(day)
    home = anchor_cells(lf, NIGHT_HOURS, "home")
    work = anchor_cells(lf, WORK_HOURS, "work")
    feats = mobility(lf).join(home, on="msisdn", how="left").join(work, on="msisdn", how="left").collect()

    log.info("subscribers with a home cell: %d", feats["home_cell"].is_not_null().sum())  # trap
    log.info("distinct cells p50=%s", feats["distinct_cells"].median())  # trap
    print(feats.head(10))  # truth: PII

    feats.write_parquet(f"s3://cdr-features/dt={day:%Y-%m-%d}/geo.parquet", storage_options=STORAGE)  # truth: PII

    planning = (
        feats.group_by("home_cell").agg(pl.len().alias("subscribers"), pl.col("distinct_cells").mean())
    )
    planning.write_csv(f"/shared/network_planning/home_cell_density_{day}.csv")  # trap

    research = feats.drop("msisdn", "imei").with_columns(
        pl.col("home_lat").round(2), pl.col("home_lon").round(2), pl.col("work_lat").round(2), pl.col("work_lon").round(2))
    research.write_parquet(f"/shared/research/mobility_{day}.parquet")  # truth: PII?


if __name__ == "__main__":
    main()
