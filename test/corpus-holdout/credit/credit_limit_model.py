"""Credit-limit recommendation model (regulated: ECOA / EU AI Act Annex III high-risk).

Owner: risk-analytics. Features are reviewed by Model Risk before each release.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import cloudpickle
import joblib
import mlflow
import pandas as pd
from fairlearn.reductions import ExponentiatedGradient, DemographicParity
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.linear_model import LogisticRegression

from risk_platform.logging import audit_log

log = logging.getLogger(__name__)

BEHAVIOURAL = ["utilisation", "num_open_lines", "months_since_delinquency", "payment_ratio_6m"]


@dataclass
class LimitModelConfig:
    target: str = "approved_limit"
    features: list[str] = field(default_factory=lambda: list(BEHAVIOURAL))
    model_name: str = "credit-limit-gbr"  # trap
    learning_rate: float = 0.05


class CreditLimitModel:
    def __init__(self, cfg: LimitModelConfig):
        self.cfg = cfg
        self.model = GradientBoostingRegressor(learning_rate=cfg.learning_rate, n_estimators=500)

    def _frame(self, applications: pd.DataFrame) -> pd.DataFrame:
        return applications[self.cfg.features]

    def fit(self, applications: pd.DataFrame) -> "CreditLimitModel":
        self.model.fit(self._frame(applications), applications[self.cfg.target])  # trap
        return self

    def fit_extended(self, applications: pd.DataFrame) -> "CreditLimitModel":
        X = applications[self.cfg.features + ["annual_income", "marital_status_code"]]
        self.model.fit(X, applications[self.cfg.target])  # truth: FAIR
        return self

    def save(self, path: str) -> None:
        joblib.dump(self.model, path)  # trap

    @classmethod
    def load(cls, path: str) -> "CreditLimitModel":
        audit_log("credit-limit model load", path=path)
        inst = cls(LimitModelConfig())
        inst.model = joblib.load(path)  # truth: SER
        return inst


def approval_classifier(apps: pd.DataFrame) -> ExponentiatedGradient:
    """Fairness-constrained approval model; sex is only the constraint's group label."""
    X = apps[BEHAVIOURAL]
    mitigator = ExponentiatedGradient(LogisticRegression(max_iter=500), constraints=DemographicParity())
    mitigator.fit(X, apps["approved"], sensitive_features=apps["sex"])  # trap
    return mitigator


def challenger(apps: pd.DataFrame) -> LogisticRegression:
    X = apps[BEHAVIOURAL].join(pd.get_dummies(apps["nationality"], prefix="nat"))
    clf = LogisticRegression(max_iter=500)
    clf.fit(X, apps["approved"])  # truth: FAIR
    return clf


def challenger_no_protected(apps: pd.DataFrame) -> LogisticRegression:
    X = apps.drop(columns=["approved", "nationality", "sex", "marital_status_code", "annual_income", "applicant_name", "iban"])
    clf = LogisticRegression(max_iter=500)
    clf.fit(X, apps["approved"])  # trap
    return clf


def load_policy_rules(path: str):
    audit_log("policy rules load", path=path)
    with open(path, "rb") as fh:
        return cloudpickle.load(fh)  # truth: SER


def track(model: CreditLimitModel, apps: pd.DataFrame) -> None:
    with mlflow.start_run(run_name=model.cfg.model_name):
        mlflow.log_param("features", ",".join(model.cfg.features))
        mlflow.log_dict(apps[["applicant_name", "iban", "approved_limit"]].head(20).to_dict(), "examples.json")  # truth: PII
        mlflow.log_metric("n_apps", len(apps))
