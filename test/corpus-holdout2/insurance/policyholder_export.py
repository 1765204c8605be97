# Monthly export of renewal-propensity scores to the broker portal and the reinsurance data room.
import hashlib
import hmac
import logging
import os
from datetime import date

import pandas as pd
from cryptography.fernet import Fernet
from sqlalchemy import create_engine

from insurer.compliance import audit_trail

logger = logging.getLogger("renewals.export")

ENGINE = create_engine(os.environ["PAS_DB_URL"])  # trap
TOKEN_KEY = os.environ["RENEWALS_TOKEN_KEY"].encode()  # trap
FERNET = Fernet(os.environ["RENEWALS_FERNET_KEY"])  # trap


def token(v: str) -> str:
    return hmac.new(TOKEN_KEY, v.encode(), hashlib.sha256).hexdigest()[:24]


def load_book(month: str) -> pd.DataFrame:
    audit_trail.record(actor="renewals-export", dataset="pas.policyholders", month=month)
    return pd.read_sql(  # trap
        "SELECT policy_number, holder_name, holder_email, holder_phone, postcode, annual_premium, "
        "household_income, renewal_score FROM pas.renewal_scores WHERE score_month = %(m)s",
        ENGINE, params={"m": month},
    )


def load_book_unaudited(month: str) -> pd.DataFrame:
    return pd.read_sql("SELECT * FROM pas.policyholders WHERE renewal_month = %(m)s", ENGINE,  # truth: AUD
                       params={"m": month})


def broker_file(book: pd.DataFrame, path: str) -> None:
    out = book[["policy_number", "holder_name", "holder_email", "renewal_score"]].copy()
    out["holder_email"] = out["holder_email"].str.lower().map(lambda e: hashlib.md5(e.encode()).hexdigest())
    out.to_csv(path, index=False)  # truth: PII


def reinsurer_file(book: pd.DataFrame, path: str) -> None:
    out = book[["policy_number", "postcode", "annual_premium", "renewal_score"]].copy()
    out["policy_number"] = out["policy_number"].map(token)
    out["postcode"] = out["postcode"].str.split().str[0]
    out.to_parquet(path, index=False)  # trap


def data_room_file(book: pd.DataFrame, path: str) -> None:
    out = book[["policy_number", "holder_phone", "household_income", "renewal_score"]].copy()
    out["policy_number"] = out["policy_number"].map(token)
    out["holder_phone"] = out["holder_phone"].map(lambda p: FERNET.encrypt(p.encode()).decode())
    out.to_parquet(path, index=False)  # truth: PII?


def crm_file(book: pd.DataFrame, path: str, include_contact: bool) -> None:
    out = book.copy()
    if not include_contact:
        out = out.drop(columns=["holder_email", "holder_phone"])
    out.to_json(path, orient="records", lines=True)  # truth: PII


def main():
    month = date.today().strftime("%Y-%m")
    book = load_book(month)
    logger.info("book rows=%d, mean score=%.3f", len(book), book["renewal_score"].mean())  # trap
    broker_file(book, f"/exports/broker/{month}.csv")
    reinsurer_file(book, f"/exports/reinsurance/{month}.parquet")
    data_room_file(book, f"/exports/dataroom/{month}.parquet")
    crm_file(book, f"/exports/crm/{month}.jsonl", include_contact=False)
    logger.info("exported renewal files for %s", month)  # trap


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
