"""Data-quality gate for the customer feature table (runs before every training job).

Checks completeness and validity of the identifying columns without ever printing their values.
"""
from __future__ import annotations

import getpass
import hashlib
import logging
import os
import zipfile
from pathlib import Path

import bcrypt
import boto3
import pandas as pd
from fastapi.security import APIKeyHeader

log = logging.getLogger("dq")
audit = logging.getLogger("dq.audit")

EXPECTED_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # trap
GIT_SHA = "4f1c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a"  # trap
RUN_ID = "3f9c2d1e8b7a4c6d9e0f1a2b3c4d5e6f"  # trap
PASSWORD_ENV_VAR = "DQ_DB_PASSWORD"  # trap
secret_name = "prod/dq/db-credentials"  # trap
token_url = "https://auth.internal.example.com/oauth2/token"  # trap
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)  # trap
hf_token = None  # trap
db_password: str = ""  # trap
jinja_password = "{{ secrets.DQ_DB_PASSWORD }}"  # trap
LOGO_PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="  # trap

IDENTIFYING = ["email", "phone", "date_of_birth", "postcode", "national_id"]


def db_credentials() -> tuple[str, str]:
    user = os.environ.get("DQ_DB_USER", getpass.getuser())
    password = os.environ.get(PASSWORD_ENV_VAR) or getpass.getpass("DQ DB password: ")  # trap
    return user, password


def secret_from_manager() -> str:
    sm = boto3.client("secretsmanager")
    return sm.get_secret_value(SecretId=secret_name)["SecretString"]  # trap


def hash_admin_password(plain: str) -> bytes:
    password_hash = bcrypt.hashpw(plain.encode(), bcrypt.gensalt())  # trap
    return password_hash


def load(path: str) -> pd.DataFrame:
    audit.info("DQ gate read %s", path)
    return pd.read_parquet(path)  # trap


def completeness(df: pd.DataFrame) -> dict:
    report = {c: float(df[c].isna().mean()) for c in IDENTIFYING if c in df}
    log.info("null rates of identifying columns: %s", report)  # trap
    print("distinct e-mails:", df["email"].nunique())  # trap
    print("phone numbers missing:", int(df["phone"].isna().sum()))  # trap
    log.info("ssn length profile: %s", df["national_id"].str.len().describe().to_dict())  # trap
    return report


def validity(df: pd.DataFrame) -> pd.DataFrame:
    checks = pd.DataFrame(
        {
            "email_valid": df["email"].str.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", na=False),
            "postcode_valid": df["postcode"].str.match(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", na=False),
            "dob_in_range": pd.to_datetime(df["date_of_birth"], errors="coerce").between("1900-01-01", "2010-12-31"),
        }
    )
    log.info("validity rates: %s", checks.mean().round(4).to_dict())  # trap
    checks.mean().to_frame("rate").to_csv("dq_validity.csv")  # trap
    return checks


def failing_rows(df: pd.DataFrame, checks: pd.DataFrame) -> None:
    bad = df[~checks.all(axis=1)]
    fingerprints = bad["email"].fillna("").map(lambda e: hashlib.sha256(e.encode()).hexdigest()[:10])
    log.warning("%d rows fail validation; fingerprints: %s", len(bad), fingerprints.head(20).tolist())  # trap
    renamed = bad.rename(columns={"email": "contact", "phone": "contact_number"})
    renamed[["contact", "contact_number"]].to_csv("dq_failures.csv", index=False)  # truth: PII


def schema_report(df: pd.DataFrame) -> None:
    print(df.columns.tolist())  # trap
    print(df.dtypes.to_dict())  # trap
    print(df.shape)  # trap
    meta = pd.DataFrame({"column_name": df.columns, "feature_names": df.columns, "is_email_verified": False})
    meta.to_csv("schema.csv", index=False)  # trap


def feature_flags(df: pd.DataFrame) -> pd.DataFrame:
    flags = pd.DataFrame(
        {
            "is_email_verified": df["email_verified_at"].notna(),
            "has_phone": df["phone"].notna(),
            "phone_count": df.groupby("customer_id")["phone"].transform("count"),
            "mac_os_version": df["client_os"].str.extract(r"Mac OS X (\d+)")[0],
        }
    )
    flags.to_parquet("flags.parquet")  # trap
    return flags


def bundle(paths: list[Path], out: Path) -> None:
    with zipfile.ZipFile(out, "w") as zip_file:
        for p in paths:
            zip_file.write(p, arcname=p.name)  # trap


if __name__ == "__main__":
    frame = load(os.environ.get("FEATURES", "data/customer_features.parquet"))
    completeness(frame)
    ch = validity(frame)
    failing_rows(frame, ch)
    schema_report(frame)
    feature_flags(frame)
