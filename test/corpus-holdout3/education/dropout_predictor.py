"""Early-warning model for first-year dropout (student success office)."""
import logging
import os
from dataclasses import dataclass, field
from typing import List

import joblib
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import StandardScaler

log = logging.getLogger("edu.dropout")
audit = logging.getLogger("edu.audit")

SIS_DB = "mysql+pymysql://sis_reader:qL7vN2xR9tK4mB8w@sis-db.campus.edu/sis"  # truth: SEC


@dataclass
class DropoutConfig:
    academic: List[str] = field(default_factory=lambda: ["gpa_sem1", "credits_attempted", "credits_passed", "lms_logins_wk", "late_submissions"])
    background: List[str] = field(default_factory=lambda: ["age_at_entry", "first_generation", "ethnicity_code", "has_disability"])
    drop_background: bool = False


class DropoutModel(BaseEstimator, ClassifierMixin):
    def __init__(self, cfg: DropoutConfig = None):
        self.cfg = cfg or DropoutConfig()

    def _cols(self):
        cols = list(self.cfg.academic)
        if not self.cfg.drop_background:
            cols += self.cfg.background
        return cols

    def fit(self, df, y):
        X = df[self._cols()]
        self.scaler_ = StandardScaler().fit(X)  # truth: FAIR?
        self.rf_ = RandomForestClassifier(n_estimators=400, class_weight="balanced")
        self.rf_.fit(self.scaler_.transform(X), y)  # truth: FAIR, PII
        return self

    def predict_proba(self, df):
        return self.rf_.predict_proba(self.scaler_.transform(df[self._cols()]))


def load_enrolment(term):
    q = f"SELECT student_id, student_name, email, {', '.join(DropoutConfig().academic)}, age_at_entry, first_generation, ethnicity_code, has_disability, dropped FROM enrolment WHERE term = '{term}'"
    return pd.read_sql(q, os.environ.get("SIS_DB", SIS_DB))  # truth: AUD


def load_enrolment_audited(term, user):
    audit.info("enrolment read term=%s user=%s", term, user)
    return pd.read_sql(f"SELECT student_id, gpa_sem1, dropped FROM enrolment WHERE term = '{term}'", os.environ["SIS_DB"])  # trap


def main():
    df = load_enrolment("2026-FA")
    model = DropoutModel().fit(df, df["dropped"])  # truth: FAIR?
    df["risk"] = model.predict_proba(df)[:, 1]
    top = df.sort_values("risk", ascending=False).head(200)
    top[["student_id", "student_name", "email", "risk"]].to_csv("out/advisor_outreach.csv", index=False)  # truth: PII
    log.info("mean risk by first_generation: %s", df.groupby("first_generation")["risk"].mean().to_dict())  # trap
    joblib.dump(model, "out/dropout_model.joblib")  # trap
    fair = DropoutModel(DropoutConfig(drop_background=True)).fit(df, df["dropped"])  # trap


def baseline_logit(df):
    import statsmodels.formula.api as smf
    m1 = smf.logit("dropped ~ gpa_sem1 + credits_passed + lms_logins_wk", data=df).fit(disp=0)  # trap
    m2 = smf.logit("dropped ~ gpa_sem1 + credits_passed + lms_logins_wk + age_at_entry + C(ethnicity_code)", data=df).fit(disp=0)  # truth: FAIR, PII
    print(m2.summary2().tables[1])  # trap
    return m1, m2


if __name__ == "__main__":
    main()
