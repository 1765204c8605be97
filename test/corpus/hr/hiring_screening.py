"""Résumé screening model (shortlist prediction) and its bias audit (NYC Local Law 144 style).

Candidate data come from the ATS export; demographic fields are self-reported and optional.
"""
from __future__ import annotations

import logging

import lightgbm as lgb
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
import xgboost as xgb
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, GroupKFold, cross_val_score, train_test_split

log = logging.getLogger("screening")
audit = logging.getLogger("screening.audit")

ATS_COLUMNS = [
    "candidate_id", "years_experience", "degree_level", "skills_match", "referral", "assessment_score",
    "age", "gender", "ethnicity", "religion", "nationality", "pregnancy_status", "veteran", "shortlisted",
]
JOB_FEATURES = ["years_experience", "degree_level", "skills_match", "referral", "assessment_score"]
PROTECTED = ["age", "gender", "ethnicity", "religion", "nationality", "pregnancy_status"]
GROUPS = {"numeric": ["years_experience", "assessment_score", "skills_match"], "categorical": ["degree_level", "religion"]}


def load_ats(path: str) -> pd.DataFrame:
    audit.info("ATS export %s read for screening model", path)
    return pd.read_csv(path, usecols=ATS_COLUMNS)  # trap


def everything(df: pd.DataFrame) -> LogisticRegression:
    X = pd.get_dummies(df[[c for c in df.columns if c not in ("candidate_id", "shortlisted")]])
    lr = LogisticRegression(max_iter=2000)
    lr.fit(X, df["shortlisted"])  # truth: FAIR, PII?
    return lr


def grouped_features(df: pd.DataFrame) -> LogisticRegression:
    X = pd.get_dummies(df[GROUPS["numeric"] + GROUPS["categorical"]], columns=GROUPS["categorical"])
    lr = LogisticRegression(max_iter=2000)
    lr.fit(X, df["shortlisted"])  # truth: FAIR, PII?
    return lr


def filtered(df: pd.DataFrame) -> Ridge:
    X = df.filter(items=["age", "years_experience", "assessment_score"])
    return Ridge().fit(X, df["shortlisted"])  # truth: FAIR


def formula_model(df: pd.DataFrame):
    return smf.logit("shortlisted ~ years_experience + assessment_score + C(nationality)", data=df).fit(disp=False)  # truth: FAIR


def boosted(df: pd.DataFrame) -> xgb.Booster:
    return xgb.train({"objective": "binary:logistic", "max_depth": 4}, xgb.DMatrix(df[JOB_FEATURES + ["gender_code"]], label=df["shortlisted"]), num_boost_round=200)  # truth: FAIR


def lgb_model(df: pd.DataFrame) -> lgb.Booster:
    return lgb.train({"objective": "binary", "verbose": -1}, lgb.Dataset(df[JOB_FEATURES], label=df["shortlisted"]), num_boost_round=200)  # trap


def cv_with_ethnicity(df: pd.DataFrame) -> float:
    X = pd.get_dummies(df[JOB_FEATURES + ["ethnicity"]], columns=["ethnicity"])
    return float(np.mean(cross_val_score(LogisticRegression(max_iter=2000), X, df["shortlisted"], cv=5)))  # truth: FAIR, PII?


def tuned(df: pd.DataFrame) -> GridSearchCV:
    X = df[JOB_FEATURES + ["pregnancy_status"]]
    gs = GridSearchCV(LogisticRegression(max_iter=2000), {"C": [0.1, 1.0, 10.0]}, cv=5)
    gs.fit(X, df["shortlisted"])  # truth: FAIR, PII?
    return gs


def job_only(df: pd.DataFrame) -> LogisticRegression:
    X_tr, X_te, y_tr, y_te = train_test_split(df[JOB_FEATURES], df["shortlisted"], stratify=df["gender"], test_size=0.2)  # trap
    lr = LogisticRegression(max_iter=2000)
    lr.fit(X_tr, y_tr)  # trap
    return lr


def job_only_grouped(df: pd.DataFrame) -> list[float]:
    scores = []
    for tr, te in GroupKFold(5).split(df, groups=df["ethnicity"]):  # trap
        lr = LogisticRegression(max_iter=2000).fit(df.iloc[tr][JOB_FEATURES], df.iloc[tr]["shortlisted"])  # trap
        scores.append(lr.score(df.iloc[te][JOB_FEATURES], df.iloc[te]["shortlisted"]))
    return scores


def without_protected(df: pd.DataFrame) -> LogisticRegression:
    X = pd.get_dummies(df.drop(columns=PROTECTED + ["candidate_id", "shortlisted", "veteran"]))
    return LogisticRegression(max_iter=2000).fit(X, df["shortlisted"])  # trap


def age_estimator(df: pd.DataFrame) -> Ridge:
    """Sanity check requested by legal: how well do job features predict age? (leakage probe)"""
    return Ridge().fit(df[JOB_FEATURES], df["age"])  # trap


def impact_ratios(df: pd.DataFrame, pred: np.ndarray) -> pd.DataFrame:
    out = []
    for attr in ["gender", "ethnicity"]:
        rates = df.assign(sel=pred).groupby(attr)["sel"].mean()  # trap
        out.append((rates / rates.max()).rename(attr))
    report = pd.concat(out, axis=1)
    log.info("impact ratios:\n%s", report)  # trap
    report.to_csv("impact_ratios.csv")  # trap
    return report


if __name__ == "__main__":
    ats = load_ats("ats_export.csv")
    ats["gender_code"] = ats["gender"].map({"F": 0, "M": 1, "X": 2})
    model = job_only(ats)
    impact_ratios(ats, model.predict(ats[JOB_FEATURES]))
