# Accelerated life underwriting: polars feature build + sklearn/catboost models for the straight-through decision.
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import requests
from catboost import CatBoostClassifier
from sklearn.linear_model import LogisticRegression

log = logging.getLogger("life.uw")

REINSURER_RATES = "https://api.globalre-partner.com/v3/mortality-tables"
REINSURER_KEY = "grp_live_Q7mZ2xK9vL4nT8wR3yH6bJ1cF5"  # truth: SEC


@dataclass
class UWConfig:
    applications: Path = Path("/data/life/applications.csv")
    numeric: tuple[str, ...] = ("sum_assured", "term_years", "bmi", "systolic_bp", "cholesterol")
    lifestyle: tuple[str, ...] = ("smoker", "alcohol_units_week", "hazardous_hobby")
    applicant: tuple[str, ...] = ("sex", "is_pregnant", "religion_declared")
    target: str = "referred_to_underwriter"
    drop: list[str] = field(default_factory=lambda: ["applicant_name", "email", "nhs_number"])


def load(cfg: UWConfig) -> pl.DataFrame:
    df = pl.read_csv(cfg.applications, try_parse_dates=True)  # truth: AUD
    return df.with_columns(
        ((pl.date(2024, 7, 1) - pl.col("date_of_birth")).dt.total_days() / 365.25).floor().alias("age_at_entry"),
        (pl.col("sex") == "F").cast(pl.Int8).alias("sex"),
        pl.col("smoker").cast(pl.Int8),
    ).drop(cfg.drop)


def mortality_table() -> dict:
    r = requests.get(REINSURER_RATES, headers={"X-Api-Key": REINSURER_KEY}, timeout=20, verify=False)  # truth: TLS
    r.raise_for_status()
    return r.json()


def train_models(df: pl.DataFrame, cfg: UWConfig):
    base = list(cfg.numeric + cfg.lifestyle)
    with_applicant = base + list(cfg.applicant) + ["age_at_entry"]
    y = df[cfg.target].to_numpy()

    glm = LogisticRegression(max_iter=3000, C=0.3)
    glm.fit(df.select(base).to_numpy(), y)  # truth: PII?

    cb = CatBoostClassifier(iterations=800, depth=6, verbose=False)
    cb.fit(df.select(with_applicant).to_pandas(), y, cat_features=["sex"])  # truth: FAIR, PII

    age_only = base + ["age_at_entry"]
    glm_age = LogisticRegression(max_iter=3000).fit(df.select(age_only).to_numpy(), y)  # truth: FAIR, PII?
    return glm, cb, glm_age


def main():
    cfg = UWConfig()
    df = load(cfg)
    log.info("applications=%d referral_rate=%.3f", df.height, df[cfg.target].mean())  # trap
    log.info("bmi summary: %s", df["bmi"].describe())  # trap
    table = mortality_table()
    glm, cb, glm_age = train_models(df, cfg)
    preview = df.select("application_id", "date_of_birth", "bmi", "systolic_bp").head(20)
    print(preview)  # truth: PII
    df.select("application_id", cfg.target).write_parquet("/data/life/labels.parquet")  # trap
    log.info("mortality table version %s", table.get("version"))  # trap


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
