"""Early-warning model for first-year dropout (student success office).

Data: SIS enrolment extract + VLE engagement aggregates. Built column by column because the
SIS extract changes shape every semester.
"""
import logging
import os

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_val_score

log = logging.getLogger("ews")
audit = logging.getLogger("ews.audit")

SIS_URL = os.getenv("SIS_DB_URL", "mssql+pyodbc://ews_reader:G9NqqIBX3TyNTU@sis-sql01.campus.example.edu/SIS?driver=ODBC+Driver+18")  # truth: SEC
VLE_API = "http://vle-reports.campus.example.edu/api/engagement"  # truth: TLS
CANVAS_TOKEN = os.getenv("CANVAS_TOKEN", "your-canvas-token-here")  # trap


def sis_extract(term: str) -> pd.DataFrame:
    eng = sa.create_engine(SIS_URL)
    q = sa.text("""
        SELECT s.student_id, s.first_name, s.last_name, s.student_email, s.date_of_birth, s.gender,
               s.ethnicity, s.home_postcode, s.first_gen, s.fee_status, e.programme, e.entry_tariff,
               e.credits_attempted, e.credits_passed, e.withdrew
        FROM students s JOIN enrolments e ON e.student_id = s.student_id
        WHERE e.term = :term AND e.year_of_study = 1
    """)
    with eng.connect() as c:
        return pd.read_sql(q, c, params={"term": term})  # truth: AUD


def vle_engagement(term: str) -> pd.DataFrame:
    import requests
    cache = f"cache/vle_{term}.pkl"
    if os.path.exists(cache):
        return pd.read_pickle(cache)  # truth: SER
    r = requests.get(VLE_API, params={"term": term}, timeout=60)
    r.raise_for_status()
    return pd.DataFrame(r.json()["rows"])


def build_features(sis: pd.DataFrame, vle: pd.DataFrame) -> pd.DataFrame:
    df = sis.merge(vle, on="student_id", how="left")
    X = pd.DataFrame(index=df.index)
    X["entry_tariff"] = df["entry_tariff"].fillna(df["entry_tariff"].median())
    X["pass_ratio"] = df["credits_passed"] / df["credits_attempted"].replace(0, np.nan)
    X["logins_wk"] = df["logins_4w"].fillna(0) / 4
    X["late_submissions"] = df["late_submissions"].fillna(0)
    X["first_gen"] = df["first_gen"].astype(int)
    X["overseas_fee"] = (df["fee_status"] == "overseas").astype(int)
    X["age_at_entry"] = (pd.Timestamp("2026-09-15") - pd.to_datetime(df["date_of_birth"])).dt.days // 365
    return X, df


def main(term="2026A"):
    sis = sis_extract(term)
    vle = vle_engagement(term)
    X, df = build_features(sis, vle)
    y = df["withdrew"].astype(int)
    log.info("students=%d, withdrawal rate=%.3f", len(df), y.mean())  # trap

    rf = RandomForestClassifier(n_estimators=500, min_samples_leaf=10, class_weight="balanced", n_jobs=-1)
    log.info("cv auc %.3f", cross_val_score(rf, X, y, scoring="roc_auc", cv=5).mean())  # truth: FAIR?
    rf.fit(X, y)  # truth: FAIR

    X_blind = X.drop(columns=["age_at_entry"])
    rf_blind = RandomForestClassifier(n_estimators=500, min_samples_leaf=10, class_weight="balanced", n_jobs=-1)
    rf_blind.fit(X_blind, y)  # trap

    gap = df.assign(p=rf_blind.predict_proba(X_blind)[:, 1]).groupby("ethnicity")["p"].mean()
    log.info("mean predicted risk by ethnicity: %s", gap.round(3).to_dict())  # trap

    advisers = df.assign(risk=rf_blind.predict_proba(X_blind)[:, 1])
    advisers = advisers[advisers["risk"] > 0.35][["student_id", "first_name", "last_name", "student_email", "programme", "risk"]]
    advisers.to_csv(f"out/ews_adviser_list_{term}.csv", index=False)  # truth: PII
    print(advisers.head(20))  # truth: PII


if __name__ == "__main__":
    main()
