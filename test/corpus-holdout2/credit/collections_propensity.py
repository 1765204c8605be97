# Collections team: propensity-to-pay model wrapper with its feature specification.
from __future__ import annotations

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass, field

import joblib
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import RandomForestClassifier

logger = logging.getLogger(__name__)

PSEUDO_KEY = os.environ["COLLECTIONS_PSEUDO_KEY"].encode()  # trap
DIALER_API_KEY = "cBTW5ZE9LFaez7770H2DCpYgojjHRg80"  # truth: SEC
password_min_length = 12  # trap


@dataclass
class FeatureSpec:
    identifiers: list[str] = field(default_factory=lambda: ["account_number", "debtor_name", "mobile_phone"])
    behaviour: list[str] = field(default_factory=lambda: [
        "days_past_due", "outstanding_balance", "last_payment_amount", "promises_broken", "contacts_30d",
    ])
    demographics: list[str] = field(default_factory=lambda: ["age", "nationality", "household_size"])
    target: str = "paid_within_30d"

    def model_columns(self) -> list[str]:
        everything = set(self.identifiers + self.behaviour + self.demographics)
        return sorted(everything - set(self.identifiers) - {"nationality"})


class PropensityToPay(BaseEstimator, ClassifierMixin):
    def __init__(self, spec: FeatureSpec | None = None, n_estimators: int = 300):
        self.spec = spec or FeatureSpec()
        self.n_estimators = n_estimators

    def fit(self, df: pd.DataFrame, y=None):
        cols = self.spec.model_columns()
        self.rf_ = RandomForestClassifier(n_estimators=self.n_estimators, min_samples_leaf=20)
        self.rf_.fit(df[cols], df[self.spec.target])  # truth: FAIR
        self.columns_ = cols
        return self

    def predict_proba(self, df: pd.DataFrame):
        return self.rf_.predict_proba(df[self.columns_])


def pseudonymise(value: str) -> str:
    return hmac.new(PSEUDO_KEY, value.encode(), hashlib.sha256).hexdigest()


def export_worklist(df: pd.DataFrame, model: PropensityToPay, path: str) -> None:
    out = df[["account_number", "mobile_phone", "days_past_due"]].copy()
    out["p_pay"] = model.predict_proba(df)[:, 1]
    out["account_number"] = out["account_number"].map(pseudonymise)
    out["mobile_phone"] = out["mobile_phone"].map(lambda p: hashlib.sha256(p.encode()).hexdigest())
    out.to_csv(path, index=False)  # truth: PII


def export_for_dialer(df: pd.DataFrame, path: str) -> None:
    out = df[["account_number", "days_past_due"]].copy()
    out["account_number"] = out["account_number"].map(pseudonymise)
    out.to_csv(path, index=False)  # trap


def run(path_in: str = "data/collections_book.parquet") -> None:
    book = pd.read_parquet(path_in)  # truth: AUD?
    logger.info("book size=%d, mean dpd=%.1f", len(book), book["days_past_due"].mean())  # trap
    model = PropensityToPay().fit(book)  # truth: FAIR?
    joblib.dump(model, "artifacts/ptp.joblib")
    export_worklist(book, model, "out/worklist.csv")
    export_for_dialer(book, "out/dialer.csv")
    stale = joblib.load("artifacts/ptp_prev.joblib")  # truth: SER
    logger.info("previous model had %d trees", len(stale.rf_.estimators_))


if __name__ == "__main__":
    run()
