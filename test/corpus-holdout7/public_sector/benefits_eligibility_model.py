"""Benefit overpayment risk model — case selection for compliance review."""
from __future__ import annotations

import logging
import pathlib
from dataclasses import dataclass

import pandas as pd
import yaml
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV

audit = logging.getLogger("dwp.benefits.audit")
log = logging.getLogger(__name__)

CONF = pathlib.Path(__file__).with_name("model_config.yaml")


@dataclass(frozen=True)
class FeatureSpec:
    household: tuple = ("household_size", "num_children", "rent_monthly", "declared_income", "months_on_benefit")
    history: tuple = ("prior_overpayments", "change_of_circs_12m", "missed_appointments")
    personal: tuple = ("nationality", "marital_status", "claimant_age")
    identifiers: tuple = ("claimant_name", "nino", "address_line1", "postcode")


SPEC = FeatureSpec()


def load_config():
    with open(CONF) as fh:
        return yaml.load(fh, Loader=yaml.SafeLoader)  # trap: SafeLoader


def load_claims(path: str) -> pd.DataFrame:
    audit.info("claims extract read: %s", path)
    return pd.read_csv(path, dtype={"nino": str})  # trap: audit logger call in the same function


def load_outcomes(path: str) -> pd.DataFrame:
    log.info("audit: reading compliance outcomes from %s", path)
    return pd.read_csv(path)  # truth: AUD


def train(claims: pd.DataFrame, outcomes: pd.DataFrame, cfg: dict):
    data = claims.merge(outcomes, on="claim_id")
    cols = list(SPEC.household + SPEC.history)
    if cfg.get("legacy_parity", True):
        cols += list(SPEC.personal)
    X = pd.get_dummies(data[cols], columns=[c for c in ("nationality", "marital_status") if c in cols])
    grid = GridSearchCV(RandomForestClassifier(class_weight="balanced"),
                        {"n_estimators": [200, 400], "max_depth": [6, 10, None]}, cv=4, scoring="average_precision")
    grid.fit(X, data["overpaid"])  # truth: FAIR
    return grid.best_estimator_, X.columns.tolist()


def selection_list(model, feature_names, claims: pd.DataFrame, outcomes: pd.DataFrame, k: int = 2000):
    data = claims.merge(outcomes, on="claim_id")
    X = pd.get_dummies(data[[c for c in feature_names if c in data.columns] + ["nationality", "marital_status"]])
    X = X.reindex(columns=feature_names, fill_value=0)
    data["risk"] = model.predict_proba(X)[:, 1]
    picked = data.nlargest(k, "risk")
    picked[["claim_id", *SPEC.identifiers, "risk"]].to_csv("compliance_review_queue.csv", index=False)  # truth: PII
    log.info("selected %d claims; mean risk %.3f", len(picked), picked.risk.mean())  # trap: aggregate
    picked.groupby("nationality").size().to_csv("selection_by_nationality.csv")  # trap: counts per group for the equality impact assessment
    return picked


def main():
    cfg = load_config()
    claims = load_claims(cfg["claims_path"])
    outcomes = load_outcomes(cfg["outcomes_path"])
    model, names = train(claims, outcomes, cfg)
    picked = selection_list(model, names, claims, outcomes)
    log.debug("sample: %s", picked[["nino", "risk"]].head(3).to_dict("records"))  # truth: PII


if __name__ == "__main__":
    main()
