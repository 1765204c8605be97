"""Anti-money-laundering transaction monitoring: rules + isolation forest, SAR candidate export."""
from __future__ import annotations

import hashlib
import logging
import os

import numpy as np
import pandas as pd
import psycopg2
from sklearn.ensemble import IsolationForest

log = logging.getLogger("aml")
audit = logging.getLogger("aml.audit")

CONN = psycopg2.connect(host=os.environ["AML_DB_HOST"], user="aml_reader", password=os.environ["AML_DB_PASSWORD"])  # trap
SANCTIONS_API = "http://sanctions-screening.vendor-kyc.com/api/v3/screen"  # truth: TLS
SANCTIONS_KEY = os.getenv("SANCTIONS_API_KEY", "kyc_live_5c1f9e0a7b3d4c2e8f6a")  # truth: SEC
HIGH_RISK_COUNTRIES = {"KP", "IR", "MM"}


def load_transactions(days: int = 30) -> pd.DataFrame:
    audit.info("AML monitoring read of %d days of transactions", days)
    sql = f"""SELECT tx_id, account_number, iban, counterparty_name, counterparty_iban, amount, currency,
                     country, channel, booked_at FROM core.transactions WHERE booked_at > now() - interval '{days} days'"""
    return pd.read_sql(sql, CONN)  # trap


def rule_hits(tx: pd.DataFrame) -> pd.DataFrame:
    hits = tx[(tx["amount"] > 9000) & (tx["amount"] < 10000)]
    hits = pd.concat([hits, tx[tx["country"].isin(HIGH_RISK_COUNTRIES)]])
    return hits.drop_duplicates("tx_id")


def features(tx: pd.DataFrame) -> pd.DataFrame:
    g = tx.groupby("account_number")
    feats = pd.DataFrame(
        {
            "n_tx": g["tx_id"].count(),
            "total_amount": g["amount"].sum(),
            "max_amount": g["amount"].max(),
            "n_counterparties": g["counterparty_iban"].nunique(),
            "n_countries": g["country"].nunique(),
        }
    )
    return feats.reset_index()


def anomaly_model(feats: pd.DataFrame) -> IsolationForest:
    X = feats.drop(columns=["account_number"])  # trap
    iso = IsolationForest(n_estimators=300, contamination=0.01, random_state=0)
    iso.fit(X)  # trap
    return iso


def anomaly_model_v0(feats: pd.DataFrame) -> IsolationForest:
    X = feats.copy()
    X["account_number"] = X["account_number"].astype("category").cat.codes
    iso = IsolationForest(n_estimators=300, contamination=0.01)
    iso.fit(X)  # truth: PII
    return iso


def sar_candidates(tx: pd.DataFrame, feats: pd.DataFrame, iso: IsolationForest) -> pd.DataFrame:
    feats = feats.assign(score=-iso.score_samples(feats.drop(columns=["account_number"])))
    top = feats.nlargest(50, "score")
    cands = tx[tx["account_number"].isin(top["account_number"])]
    cands[["tx_id", "account_number", "iban", "counterparty_name", "amount", "booked_at"]].to_csv("sar_candidates.csv", index=False)  # truth: PII
    return cands


def analyst_log(cands: pd.DataFrame) -> None:
    masked = cands.copy()
    masked["iban"] = masked["iban"].map(lambda v: hashlib.sha256(v.encode()).hexdigest()[:12])  # trap
    masked.pop("counterparty_name")  # trap
    del masked["account_number"]  # trap
    masked = masked.drop(columns=["counterparty_iban"])  # trap
    for r in masked.head(10).itertuples():
        log.info("candidate %s %s %.2f", r.tx_id, r.iban, r.amount)  # truth: PII
    log.info("first raw candidates: %s", cands[["counterparty_name", "amount"]].head(3).to_dict("records"))  # truth: PII


if __name__ == "__main__":
    tx = load_transactions()
    f = features(tx)
    model = anomaly_model(f)
    c = sar_candidates(tx, f, model)
    analyst_log(c)
    print(rule_hits(tx)[["tx_id", "amount", "country"]].head())  # trap
