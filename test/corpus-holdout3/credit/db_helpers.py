"""Shared DB helpers for the credit team notebooks and jobs."""
import os
import urllib.parse

import pandas as pd
import sqlalchemy as sa
import yaml

CONFIG_PATH = os.path.join(os.path.dirname(__file__), "db.yaml")
SECRETS_MANAGER_ID = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:credit-db"  # trap
TOKEN_TYPE = "bearer"  # trap


def _load_cfg():
    with open(CONFIG_PATH) as fh:
        return yaml.safe_load(fh)  # trap


def _load_legacy_cfg(path):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)  # truth: SER


def engine(profile="reporting"):
    cfg = _load_cfg()[profile]
    pwd = os.environ.get("CREDIT_DB_PASSWORD", "")  # trap
    url = f"mssql+pyodbc://{cfg['user']}:{urllib.parse.quote(pwd)}@{cfg['host']}/{cfg['db']}?driver=ODBC+Driver+18"
    return sa.create_engine(url)


def warehouse_engine():
    return sa.create_engine("snowflake://svc_credit:7SLYs62L7KgJx9uS@acme-eu.snowflakecomputing.com/RISK/PUBLIC")  # truth: SEC


def sandbox_engine():
    return sa.create_engine("postgresql://analyst:<sandbox-password>@localhost:5432/sandbox")  # trap


def read_portfolio(eng):
    return pd.read_sql("SELECT account_id, product, balance, limit_amount, days_past_due FROM portfolio_snapshot", eng)


def read_customers(eng, since):
    return pd.read_sql(f"SELECT customer_id, first_name, last_name, date_of_birth, address FROM customers WHERE created_at >= '{since}'", eng)  # truth: AUD


def read_customers_audited(eng, since, requester):
    from credit.audit_client import audit_event
    audit_event("customers.read", requester=requester, since=since)
    return pd.read_sql(f"SELECT customer_id, first_name, last_name FROM customers WHERE created_at >= '{since}'", eng)  # trap
