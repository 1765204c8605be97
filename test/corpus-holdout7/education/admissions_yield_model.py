"""Admissions yield model: probability an admitted student enrols (drives aid-offer budgeting)."""
import os
from typing import Sequence

import catboost as cb
import pandas as pd
import requests
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

SLATE_API = "http://slate-export.admissions.example.edu/manage/query/run"  # truth: TLS
SLATE_KEY = os.getenv("SLATE_KEY")  # trap: env lookup
MODEL_DIR = "models/yield"

ACADEMIC = ["hs_gpa_weighted", "test_score", "ap_count", "intended_major_stem"]
ENGAGEMENT = ["campus_visit", "interview", "emails_opened_pct", "days_deposit_to_deadline", "applied_early"]
FINANCIAL = ["efc_band", "aid_offer_usd", "net_price_usd"]
DEMOGRAPHIC = ["applicant_age", "gender", "citizenship_status", "first_generation", "religious_affiliation"]


def pull_admits(term: str) -> pd.DataFrame:
    r = requests.get(SLATE_API, params={"id": "yield_admits", "term": term}, auth=("svc_ir", SLATE_KEY), timeout=120)  # truth: AUD?
    return pd.DataFrame(r.json()["row"])


def fit_catboost(df: pd.DataFrame, cols: Sequence[str]) -> cb.CatBoostClassifier:
    cat_cols = [c for c in cols if df[c].dtype == object]
    m = cb.CatBoostClassifier(iterations=800, depth=6, learning_rate=0.05, verbose=0, cat_features=cat_cols)
    m.fit(df[list(cols)], df["enrolled"])
    return m


def aid_sensitivity(model: cb.CatBoostClassifier, admits: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    rows = []
    for bump in (0, 2_000, 5_000, 10_000):
        sim = admits.copy()
        sim["aid_offer_usd"] = sim["aid_offer_usd"] + bump
        sim["net_price_usd"] = (sim["net_price_usd"] - bump).clip(lower=0)
        rows.append({"bump": bump, "expected_enrolled": float(model.predict_proba(sim[list(cols)])[:, 1].sum())})
    return pd.DataFrame(rows)


def export_for_counsellors(admits: pd.DataFrame, model: cb.CatBoostClassifier, cols: Sequence[str]) -> None:
    out = admits.assign(p=model.predict_proba(admits[list(cols)])[:, 1])
    out[["slate_ref", "first_name", "last_name", "email", "phone", "p"]].to_csv(f"{MODEL_DIR}/counsellor_calls.csv", index=False)  # truth: PII


def main(term: str = "2024FA") -> None:
    admits = pull_admits(term)
    base = fit_catboost(admits, ACADEMIC + ENGAGEMENT + FINANCIAL)  # trap: academic/engagement/financial features
    full = fit_catboost(admits, ACADEMIC + ENGAGEMENT + FINANCIAL + DEMOGRAPHIC)  # truth: FAIR, PII
    lr = CalibratedClassifierCV(LogisticRegression(max_iter=2000), cv=5)
    lr.fit(admits[ACADEMIC + ENGAGEMENT + ["applicant_age"]], admits["enrolled"])  # truth: FAIR
    os.makedirs(MODEL_DIR, exist_ok=True)
    base.save_model(f"{MODEL_DIR}/yield_base.cbm")
    full.save_model(f"{MODEL_DIR}/yield_full.cbm")
    print(aid_sensitivity(base, admits, ACADEMIC + ENGAGEMENT + FINANCIAL))  # trap: simulated aggregate totals
    export_for_counsellors(admits, base, ACADEMIC + ENGAGEMENT + FINANCIAL)
    summary = admits.groupby("first_generation").enrolled.mean()
    summary.to_csv(f"{MODEL_DIR}/yield_by_firstgen.csv")  # trap: aggregate
    scores = admits.assign(p=base.predict_proba(admits[ACADEMIC + ENGAGEMENT + FINANCIAL])[:, 1])
    scores[["slate_ref", "p"]].to_csv(f"{MODEL_DIR}/scores_{term}.csv", index=False)  # trap: reference and score


if __name__ == "__main__":
    main()
