"""Employee attrition model for the HR analytics team.

Legal review (2024-09): protected characteristics must not be model inputs; they may be used
only to measure disparate impact after training.
"""
import logging

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, demographic_parity_difference, equalized_odds_difference
from fairlearn.reductions import DemographicParity, ExponentiatedGradient
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

log = logging.getLogger("hr.attrition")
audit = logging.getLogger("hr.audit")

PROTECTED = ["gender", "ethnicity", "religion", "nationality", "marital_status", "disability_status", "age"]
JOB_FEATURES = ["tenure_years", "grade", "department", "overtime_hours", "last_rating", "promotions_5y", "commute_km"]


def load_hris(path: str) -> pd.DataFrame:
    audit.info("HRIS extract read for attrition model")
    return pd.read_csv(path)  # trap


def train_baseline(df: pd.DataFrame):
    X = df[JOB_FEATURES]
    y = df["left_within_12m"]
    pre = ColumnTransformer([("num", StandardScaler(), ["tenure_years", "overtime_hours", "last_rating", "promotions_5y", "commute_km"]), ("cat", OneHotEncoder(handle_unknown="ignore"), ["grade", "department"])])
    model = make_pipeline(pre, LogisticRegression(max_iter=1000))
    model.fit(X, y)  # trap
    return model


def train_with_everything(df: pd.DataFrame):
    """Exploratory: what if we let the model see everything? (not for production)"""
    cols = JOB_FEATURES + PROTECTED
    X = pd.get_dummies(df[cols], columns=["grade", "department", "gender", "ethnicity", "religion", "nationality", "marital_status"])
    rf = RandomForestClassifier(n_estimators=300, random_state=0)
    rf.fit(X, df["left_within_12m"])  # truth: FAIR, PII?
    return rf


def train_with_salary(df: pd.DataFrame):
    X = df[JOB_FEATURES[:3] + ["salary", "bonus_pct"]]
    X = pd.get_dummies(X, columns=["grade", "department"])
    rf = RandomForestClassifier(n_estimators=200)
    rf.fit(X, df["left_within_12m"])  # trap
    return rf


def train_single_protected(df: pd.DataFrame):
    X = df[["tenure_years", "overtime_hours", "marital_status"]].assign(marital_status=lambda d: d["marital_status"].astype("category").cat.codes)
    lr = LogisticRegression(max_iter=500)
    lr.fit(X, df["left_within_12m"])  # truth: FAIR
    return lr


def mitigated(df: pd.DataFrame):
    X = pd.get_dummies(df[JOB_FEATURES], columns=["grade", "department"])
    y = df["left_within_12m"]
    X_tr, X_te, y_tr, y_te, g_tr, g_te = train_test_split(X, y, df["gender"], test_size=0.25, random_state=1)
    mitigator = ExponentiatedGradient(LogisticRegression(max_iter=1000), constraints=DemographicParity())
    mitigator.fit(X_tr, y_tr, sensitive_features=g_tr)  # trap
    pred = mitigator.predict(X_te)
    dpd = demographic_parity_difference(y_te, pred, sensitive_features=g_te)  # trap
    eod = equalized_odds_difference(y_te, pred, sensitive_features=g_te)  # trap
    log.info("DPD %.3f EOD %.3f", dpd, eod)
    return mitigator


def disparate_impact(df: pd.DataFrame, model) -> pd.DataFrame:
    X = pd.get_dummies(df[JOB_FEATURES], columns=["grade", "department"])
    pred = model.predict(X)
    frames = {}
    for attr in ["gender", "ethnicity", "age_band"]:
        mf = MetricFrame(metrics={"flagged": np.mean}, y_true=df["left_within_12m"], y_pred=pred, sensitive_features=df[attr])  # trap
        frames[attr] = mf.by_group
    summary = pd.concat(frames)
    log.info("flag rate by group:\n%s", summary)  # trap
    return summary


def attrition_by_group(df: pd.DataFrame) -> None:
    for attr in PROTECTED:
        rates = df.groupby(attr)["left_within_12m"].mean()  # trap
        print(attr, rates.round(3).to_dict())  # trap


def export_flight_risk(df: pd.DataFrame, model) -> None:
    X = pd.get_dummies(df[JOB_FEATURES], columns=["grade", "department"])
    out = df[["employee_id", "full_name", "manager_email"]].assign(risk=model.predict_proba(X)[:, 1])
    out.to_excel("flight_risk.xlsx", index=False)  # truth: PII
    df[["employee_id"]].assign(risk=model.predict_proba(X)[:, 1]).to_csv("flight_risk_ids.csv", index=False)  # trap


if __name__ == "__main__":
    hr = load_hris("hris_2024.csv")
    base = train_baseline(hr)
    attrition_by_group(hr)
    disparate_impact(hr, base)
    export_flight_risk(hr, base)
