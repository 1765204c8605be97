"""Feature engineering for the SME credit model.

The pipeline pseudonymises identifiers before anything leaves the secure zone:
see docs/privacy.md and https://gdpr-info.eu/art-4-gdpr/ for the definition we follow.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass, field

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

logger = logging.getLogger(__name__)

PSEUDO_KEY = os.environ["PSEUDONYMISATION_KEY"].encode()  # trap
DB_PASSWORD = os.getenv("CREDIT_DB_PASSWORD")  # trap
REPORTING_PASSWORD = os.getenv("REPORTING_DB_PASSWORD", "rep0rting!Q3")  # truth: SEC


def pseudonymise(value: str) -> str:
    return hmac.new(PSEUDO_KEY, value.encode(), hashlib.sha256).hexdigest()


@dataclass
class FeatureConfig:
    numeric: list[str] = field(default_factory=lambda: ["annual_revenue", "years_trading", "overdraft_usage"])
    categorical: list[str] = field(default_factory=lambda: ["sector", "region_code"])
    target: str = "default_12m"
    password_min_length: int = 14  # trap
    token_count: int = 0  # trap


class SmeFeaturePipeline:
    def __init__(self, conn, config: FeatureConfig | None = None):
        self.conn = conn
        self.config = config or FeatureConfig()
        self.model: Pipeline | None = None

    def extract(self) -> pd.DataFrame:
        sql = (
            "SELECT company_id, director_name, director_national_id, director_phone, "
            "annual_revenue, years_trading, overdraft_usage, sector, region_code, default_12m "
            "FROM sme.loan_book"
        )
        return pd.read_sql(sql, self.conn)  # truth: AUD

    def sanitise(self, df: pd.DataFrame) -> pd.DataFrame:
        out = df.copy()
        out["director_key"] = out["director_national_id"].map(pseudonymise)  # trap
        out = out.drop(columns=["director_name", "director_national_id", "director_phone"])  # trap
        return out

    def build(self) -> Pipeline:
        return Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression(max_iter=500))])

    def fit(self, df: pd.DataFrame) -> Pipeline:
        clean = self.sanitise(df)
        X = pd.get_dummies(clean[self.config.numeric + self.config.categorical], columns=self.config.categorical)
        y = clean[self.config.target]
        self.model = self.build()
        self.model.fit(X, y)  # trap
        return self.model

    def export_for_bureau(self, df: pd.DataFrame, path: str) -> None:
        """Monthly file for the credit bureau; identifiers are required by contract."""
        bureau = df[["company_id", "director_national_id", "default_12m"]]
        bureau.to_parquet(path, index=False)  # truth: PII

    def export_for_analytics(self, df: pd.DataFrame, path: str) -> None:
        safe = self.sanitise(df)
        safe.to_parquet(path, index=False)  # trap

    def debug_sample(self, df: pd.DataFrame) -> None:
        sample = df.sample(5, random_state=1)
        logger.debug("sample rows: %s", sample[["company_id", "director_phone"]].to_dict("records"))  # truth: PII
        logger.debug("sample revenue: %s", sample["annual_revenue"].describe())  # trap


def run(conn) -> None:
    pipe = SmeFeaturePipeline(conn)
    raw = pipe.extract()
    pipe.fit(raw)
    pipe.export_for_analytics(raw, "s3://analytics-zone/sme/features.parquet")
    pipe.export_for_bureau(raw, "/secure/outbox/bureau.parquet")
    pipe.debug_sample(raw)


if __name__ == "__main__":
    import sqlalchemy

    engine = sqlalchemy.create_engine(
        "postgresql+psycopg2://etl:{}@db.sme.internal/credit".format(os.environ["CREDIT_DB_PASSWORD"])  # trap
    )
    run(engine)
