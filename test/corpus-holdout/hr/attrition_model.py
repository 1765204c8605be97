"""Attrition early-warning model for HR business partners.

Works-council agreement BV-2023-07: protected characteristics may be used for bias
monitoring only, never as model inputs.
"""
import logging
from typing import Iterable

import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from hrdata.connect import warehouse

log = logging.getLogger(__name__)
hr_audit = logging.getLogger("people.audit")

EMPLOYEE_SQL = """
SELECT employee_id, team_id, employee_name, national_insurance_no, salary, gender, age_band,
       disability_status, tenure_years, overtime_hours, job_level, last_promotion_years,
       engagement_score, manager_changes, left_within_12m
FROM people.employees_snapshot
"""
ENGAGEMENT_SQL = "SELECT team_id, AVG(engagement_score) AS engagement_score, survey_wave FROM people.engagement GROUP BY 1, 3"
SAFE_FEATURES = ["tenure_years", "overtime_hours", "job_level", "last_promotion_years", "engagement_score", "manager_changes"]


def fetch_employees() -> pd.DataFrame:
    hr_audit.info("employee snapshot pulled for attrition model")
    return pd.read_sql(EMPLOYEE_SQL, warehouse())  # trap


def fetch_employees_for_adhoc() -> pd.DataFrame:
    return pd.read_sql(EMPLOYEE_SQL, warehouse())  # truth: AUD


def fetch_engagement() -> pd.DataFrame:
    return pd.read_sql(ENGAGEMENT_SQL, warehouse())  # trap


class AttritionModel:
    def __init__(self, features: Iterable[str] = SAFE_FEATURES):
        self.features = list(features)
        self.clf = RandomForestClassifier(n_estimators=400, min_samples_leaf=5, random_state=3)

    def train(self, emp: pd.DataFrame) -> float:
        X, y = emp[self.features], emp["left_within_12m"]
        score = cross_val_score(self.clf, X, y, cv=5, scoring="roc_auc").mean()
        self.clf.fit(X, y)  # trap
        return score


class PayAwareAttritionModel(AttritionModel):
    """Experiment from the comp team: does pay explain attrition?"""

    def train(self, emp: pd.DataFrame) -> float:
        X = emp[self.features + ["salary"]]
        self.clf.fit(X, emp["left_within_12m"])  # trap
        return self.clf.score(X, emp["left_within_12m"])


def demographic_experiment(emp: pd.DataFrame) -> LogisticRegression:
    cols = SAFE_FEATURES + ["gender"]
    X = pd.get_dummies(emp[cols], columns=["gender"], drop_first=True)
    lr = LogisticRegression(max_iter=1000)
    lr.fit(X, emp["left_within_12m"])  # truth: FAIR
    return lr


def accommodation_experiment(emp: pd.DataFrame) -> LogisticRegression:
    X = emp[SAFE_FEATURES].assign(has_disability=(emp["disability_status"] != "none").astype(int))
    lr = LogisticRegression(max_iter=1000)
    lr.fit(X, emp["left_within_12m"])  # truth: FAIR,PII
    return lr


def bias_monitor(model: AttritionModel, emp: pd.DataFrame) -> pd.DataFrame:
    emp = emp.assign(risk=model.clf.predict_proba(emp[model.features])[:, 1])
    return emp.groupby(["gender", "age_band"])["risk"].mean().unstack()  # trap


def high_risk_report(model: AttritionModel, emp: pd.DataFrame) -> None:
    emp = emp.assign(risk=model.clf.predict_proba(emp[model.features])[:, 1])
    top = emp.sort_values("risk", ascending=False).head(25)
    for column_name in top.columns:  # trap
        log.debug("report column %s", column_name)  # trap
    print(top[["employee_name", "salary", "risk"]])  # truth: PII
    top[["team_id", "job_level", "risk"]].to_csv("high_risk_teams.csv", index=False)  # trap


if __name__ == "__main__":
    emp = fetch_employees()
    model = AttritionModel()
    auc = model.train(emp)
    log.info("cv auc %.3f", auc)
    high_risk_report(model, emp)
