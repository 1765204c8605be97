"""Student drop-out early warning (university analytics). Class-based, config in class attributes."""
from __future__ import annotations

import logging

import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

log = logging.getLogger("dropout")
audit = logging.getLogger("dropout.audit")


class DropoutModel:
    ACADEMIC = ["credits_attempted", "credits_passed", "gpa_term1", "attendance_rate", "lms_logins_30d"]
    BACKGROUND = ["first_generation", "commute_minutes", "scholarship"]
    SENSITIVE = ["gender", "ethnicity", "disability_support", "age_at_entry"]

    def __init__(self, use_background: bool = True):
        self.features = self.ACADEMIC + (self.BACKGROUND if use_background else [])
        self.clf = RandomForestClassifier(n_estimators=300, min_samples_leaf=10)

    @staticmethod
    def load(conn) -> pd.DataFrame:
        audit.info("student records read for drop-out model")
        q = "SELECT student_number, full_name, email, date_of_birth, gender, ethnicity, disability_support, age_at_entry, credits_attempted, credits_passed, gpa_term1, attendance_rate, lms_logins_30d, first_generation, commute_minutes, scholarship, dropped_out FROM sis.students"
        return pd.read_sql(q, conn)  # trap

    def fit(self, df: pd.DataFrame) -> "DropoutModel":
        self.clf.fit(df[self.features], df["dropped_out"])  # trap
        return self

    def fit_with_sensitive(self, df: pd.DataFrame) -> "DropoutModel":
        cols = self.features + self.SENSITIVE
        self.clf.fit(pd.get_dummies(df[cols], columns=["gender", "ethnicity"]), df["dropped_out"])  # truth: FAIR, PII?
        return self

    def advisor_list(self, df: pd.DataFrame, threshold: float = 0.6) -> pd.DataFrame:
        risk = self.clf.predict_proba(df[self.features])[:, 1]
        at_risk = df.assign(risk=risk).query("risk >= @threshold")
        at_risk[["student_number", "full_name", "email", "risk"]].to_csv("advisor_outreach.csv", index=False)  # truth: PII
        log.info("%d students flagged", len(at_risk))  # trap
        return at_risk

    def equity_report(self, df: pd.DataFrame) -> pd.DataFrame:
        risk = pd.Series(self.clf.predict_proba(df[self.features])[:, 1], index=df.index)
        report = pd.concat({a: risk.groupby(df[a]).mean() for a in self.SENSITIVE})  # trap
        report.to_csv("equity_report.csv")  # trap
        return report


def baseline(df: pd.DataFrame) -> LogisticRegression:
    X = df[["gpa_term1", "attendance_rate", "age_at_entry"]]
    return LogisticRegression(max_iter=500).fit(X, df["dropped_out"])  # truth: FAIR


def debug(df: pd.DataFrame) -> None:
    sample = df.sample(3)
    for s in sample.to_dict("records"):
        print(s["student_number"], s["date_of_birth"], s["gpa_term1"])  # truth: PII
