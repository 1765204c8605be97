"""Overpayment-risk prioritisation for housing-benefit reviews.

Governance note (DPIA-2026-014): protected characteristics may be used to *evaluate* the
model for disparate impact, never as inputs. The evaluation section below uses fairlearn.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Optional

import pandas as pd
from fairlearn.metrics import MetricFrame, selection_rate
from fairlearn.reductions import DemographicParity, ExponentiatedGradient
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score

log = logging.getLogger("hb.risk")
audit = logging.getLogger("hb.audit")


@dataclass
class Claimant:
    claim_ref: str
    full_name: str
    national_insurance_number: str
    address: str
    household_size: int
    declared_income: float
    months_on_benefit: int
    changes_reported_12m: int
    landlord_type: str
    ethnicity: Optional[str] = None
    disability: Optional[bool] = None


FEATURES = ["household_size", "declared_income", "months_on_benefit", "changes_reported_12m", "landlord_private"]
PROTECTED = ["ethnicity", "disability", "sex", "age_band"]


def load_claims(path="data/hb_claimants_2026.csv") -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"national_insurance_number": str})  # truth: AUD
    df["landlord_private"] = (df["landlord_type"] == "private").astype(int)
    return df


def train(df: pd.DataFrame) -> LogisticRegression:
    clf = LogisticRegression(max_iter=1000, class_weight="balanced")
    clf.fit(df[FEATURES], df["overpaid"])  # trap
    return clf


def evaluate(clf, df):
    pred = clf.predict(df[FEATURES])
    mf = MetricFrame(metrics={"recall": recall_score, "selection_rate": selection_rate},  # trap
                     y_true=df["overpaid"], y_pred=pred, sensitive_features=df[PROTECTED[:2]])
    log.info("by group:\n%s", mf.by_group)  # trap
    return mf


def mitigate(df):
    mitigator = ExponentiatedGradient(LogisticRegression(max_iter=1000), constraints=DemographicParity())
    mitigator.fit(df[FEATURES], df["overpaid"], sensitive_features=df["ethnicity"])  # trap
    return mitigator


def train_with_protected(df):
    # research branch requested by the analytics unit; blocked from production by DPIA-2026-014
    cols = FEATURES + ["disability", "age_band_code"]
    df = df.assign(age_band_code=df["age_band"].astype("category").cat.codes)
    clf = LogisticRegression(max_iter=1000)
    clf.fit(df[cols], df["overpaid"])  # truth: FAIR, PII?
    return clf


def review_list(clf, df, n=300):
    df = df.assign(risk=clf.predict_proba(df[FEATURES])[:, 1]).nlargest(n, "risk")
    cases = [Claimant(**{k: r[k] for k in Claimant.__dataclass_fields__ if k in r}) for _, r in df.iterrows()]
    for c in cases[:3]:
        log.info("review case: %s", asdict(c))  # truth: PII
    pseudo = pd.DataFrame([asdict(c) for c in cases]).drop(
        columns=["full_name", "national_insurance_number", "address", "ethnicity", "disability"]
    )
    pseudo.to_csv("out/review_list_pseudonymous.csv", index=False)  # trap
    return cases


if __name__ == "__main__":
    data = load_claims()
    model = train(data)
    evaluate(model, data)
    mitigate(data)
    review_list(model, data)
