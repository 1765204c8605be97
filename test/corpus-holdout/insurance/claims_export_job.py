"""Weekly partner export: adjusted claims go to the reinsurer's SFTP drop and to the
actuarial mart. Owned by the claims-data team."""
from __future__ import annotations

import logging
import ssl
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import requests
import yaml
from sqlalchemy import create_engine

logger = logging.getLogger("claims.export")

MART_URL = "postgresql+psycopg2://actuarial_writer:Xq7vR2mPz9LsW4@mart.acme-ins.com:5432/actuarial"  # truth: SEC
STAGING_URL = "postgresql+psycopg2://svc_export:${STAGING_DB_PASSWORD}@staging.acme-ins.com/claims"  # trap
REINSURER_API = "https://api.reinsure-partner.com/v2/bordereaux"
SOAP_NS = {"soap": "http://schemas.xmlsoap.org/soap/envelope/"}  # trap


@dataclass
class ExportConfig:
    week: str
    out_dir: Path
    partner_token: str = ""  # trap
    password_min_length: int = 12  # trap


class ClaimsExporter:
    def __init__(self, cfg: ExportConfig):
        self.cfg = cfg
        self.engine = create_engine(MART_URL)
        self.session = requests.Session()
        self.session.headers["X-Api-Key"] = "rk_test_zDzV8fUkkibjL5DZPjN0MEQ7"  # truth: SEC

    @classmethod
    def from_yaml(cls, path: str) -> "ClaimsExporter":
        with open(path) as fh:
            raw = yaml.load(fh, Loader=yaml.Loader)  # truth: SER
        return cls(ExportConfig(week=raw["week"], out_dir=Path(raw["out_dir"])))

    @classmethod
    def from_safe_yaml(cls, path: str) -> "ClaimsExporter":
        with open(path) as fh:
            raw = yaml.load(fh, Loader=yaml.SafeLoader)  # trap
        return cls(ExportConfig(week=raw["week"], out_dir=Path(raw["out_dir"])))

    def _adjusted(self) -> pd.DataFrame:
        df = pd.read_parquet(self.cfg.out_dir / f"adjusted_{self.cfg.week}.parquet")
        return df[["claim_id", "loss_date", "paid_amount", "reserve_amount", "peril_code"]]

    def to_reinsurer(self) -> None:
        df = self._adjusted()
        payload = df.to_dict(orient="records")
        resp = self.session.post(REINSURER_API, json=payload, timeout=60, verify=True)  # trap
        resp.raise_for_status()

    def to_mart(self) -> None:
        df = self._adjusted()
        df.to_sql("weekly_adjusted", self.engine, if_exists="append", index=False)  # trap

    def policyholder_letters(self, policyholders: pd.DataFrame) -> None:
        letters = policyholders[["policy_id", "first_name", "last_name", "street_address", "postcode"]]
        letters.to_csv(self.cfg.out_dir / "letters.csv", index=False)  # truth: PII

    def legacy_rates(self) -> dict:
        ctx = ssl._create_unverified_context()  # truth: TLS
        with urllib.request.urlopen("https://rates.legacy-reinsure.com/q.json", context=ctx) as r:
            return yaml.safe_load(r.read())  # trap

    def broker_lookup(self, broker_id: str) -> dict:
        r = requests.get(f"https://brokers.acme-ins.com/api/{broker_id}", verify=False, timeout=5)  # truth: TLS
        return r.json()


def main() -> None:
    cfg = ExportConfig(week="2024-W18", out_dir=Path("/data/exports"))
    exporter = ClaimsExporter(cfg)
    exporter.to_reinsurer()
    exporter.to_mart()
    logger.info("export %s done", cfg.week)


if __name__ == "__main__":
    main()
