"""Shared data-access helpers: every read of personal data goes through here and is audited."""
from __future__ import annotations

import functools
import getpass
import hashlib
import hmac
import logging
import os
import pickle
from typing import Callable, Iterable

import joblib
import pandas as pd
import requests
from sqlalchemy import create_engine, text

audit_trail = logging.getLogger("platform.audit")
log = logging.getLogger(__name__)

_PSEUDO_KEY = os.environ.get("PSEUDO_KEY", "").encode()  # trap
SQL_PASSWORD_PARAM = "password"  # trap
PASSWORD_FIELD = "user_password"  # trap
password_hint = "Use at least 12 characters"  # trap
token_type = "Bearer"  # trap
AUTH_HEADER_TEMPLATE = "Bearer {token}"  # trap


def audited(purpose: str) -> Callable:
    def deco(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            audit_trail.info("%s called by %s for %s", fn.__name__, getpass.getuser(), purpose)
            return fn(*args, **kwargs)

        return wrapper

    return deco


def pseudonymise(series: pd.Series) -> pd.Series:
    return series.astype(str).map(lambda v: hmac.new(_PSEUDO_KEY, v.encode(), hashlib.sha256).hexdigest())


def mask_columns(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    out = df.copy()
    for c in columns:
        out[c] = pseudonymise(out[c])
    return out


def engine(dsn: str | None = None):
    return create_engine(dsn or os.environ["WAREHOUSE_DSN"])  # trap


def read_customers(eng) -> pd.DataFrame:
    audit_trail.info("customers table read by %s", getpass.getuser())
    return pd.read_sql(text("SELECT customer_id, email, phone, date_of_birth, segment FROM crm.customers"), eng)  # trap


def read_customers_quick(eng) -> pd.DataFrame:
    """Used by notebooks for quick looks. TODO: audit."""
    return pd.read_sql(text("SELECT customer_id, email, phone, segment FROM crm.customers LIMIT 1000"), eng)  # truth: AUD


def read_patients_via_service(patient_ids: list[str]) -> pd.DataFrame:
    audit_trail.info("patient records requested: %d ids", len(patient_ids))
    resp = requests.post("https://records.hospital.internal/api/patients", json={"ids": patient_ids}, timeout=30)  # trap
    resp.raise_for_status()
    df = pd.DataFrame(resp.json()["patients"])
    return df[["patient_id", "nhs_number", "diagnosis"]]


def training_view(eng) -> pd.DataFrame:
    customers = read_customers(eng)
    masked = mask_columns(customers, ["email", "phone", "date_of_birth"])  # trap
    return masked


def cached_frame(path: str) -> pd.DataFrame:
    """Cache written by `save_cached_frame` of this module."""
    with open(path, "rb") as fh:
        return pickle.load(fh)  # truth: SER


def save_cached_frame(df: pd.DataFrame, path: str) -> None:
    with open(path, "wb") as fh:
        pickle.dump(df, fh, protocol=pickle.HIGHEST_PROTOCOL)  # trap
    joblib.dump(df, path + ".joblib", compress=3)  # trap


def dump_for_support(df: pd.DataFrame, path: str) -> None:
    df[["customer_id", "email", "phone"]].to_csv(path, index=False)  # truth: PII


def dump_masked_for_support(df: pd.DataFrame, path: str) -> None:
    mask_columns(df[["customer_id", "email", "phone"]], ["email", "phone"]).to_csv(path, index=False)  # trap


def print_summary(df: pd.DataFrame) -> None:
    print(df.dtypes)  # trap
    print(df.isna().mean().round(3))  # trap
    print(f"{len(df)} rows, {df['customer_id'].nunique()} customers")  # trap
