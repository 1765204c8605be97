"""Voluntary-attrition risk model for the People Analytics dashboard.

Input is the monthly HRIS extract (one row per employee). Output is a risk score per
employee for HR business partners, plus a model card.
"""
from dataclasses import dataclass, field
import logging

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.model_selection import StratifiedKFold

log = logging.getLogger("people.attrition")
audit_log = logging.getLogger("people.audit")


@dataclass
class AttritionConfig:
    extract_path: str = "s3://people-analytics/hris/employees_2026_11.parquet"
    target: str = "left_within_6m"
    drop_cols: list = field(default_factory=lambda: [
        "employee_id", "first_name", "last_name", "work_email", "personal_phone",
        "home_address", "national_insurance_number", "manager_email",
    ])
    protected: list = field(default_factory=lambda: ["gender", "ethnicity", "age", "disability_status"])
    n_folds: int = 5
    params: dict = field(default_factory=lambda: {
        "max_depth": 5, "eta": 0.05, "subsample": 0.8, "objective": "binary:logistic",
        "eval_metric": "auc",
    })


def load_employees(cfg: AttritionConfig) -> pd.DataFrame:
    df = pd.read_parquet(cfg.extract_path)  # truth: AUD
    df["tenure_years"] = (pd.Timestamp("2026-11-30") - pd.to_datetime(df["hire_date"])).dt.days / 365.25
    df["age"] = (pd.Timestamp("2026-11-30") - pd.to_datetime(df["birth_date"])).dt.days // 365
    df["since_promo"] = (pd.Timestamp("2026-11-30") - pd.to_datetime(df["last_promotion"])).dt.days
    return df


def feature_matrix(df: pd.DataFrame, cfg: AttritionConfig) -> pd.DataFrame:
    X = df.drop(columns=cfg.drop_cols + [cfg.target])
    X = X.select_dtypes(include=["number", "bool"])
    return X


def cross_validate(X, y, params, n_folds):
    aucs = []
    for tr, va in StratifiedKFold(n_folds, shuffle=True, random_state=3).split(X, y):
        dtr = xgb.DMatrix(X.iloc[tr], label=y.iloc[tr])
        dva = xgb.DMatrix(X.iloc[va], label=y.iloc[va])
        bst = xgb.train(params, dtr, 300, evals=[(dva, "va")], verbose_eval=False)
        aucs.append(float(bst.eval(dva).split(":")[1]))
    return float(np.mean(aucs))


def main():
    cfg = AttritionConfig()
    df = load_employees(cfg)
    y = df[cfg.target]

    # numeric-only matrix: age and disability_status (0/1) survive select_dtypes
    X = feature_matrix(df, cfg)
    log.info("feature columns: %s", list(X.columns))  # trap
    auc = cross_validate(X, y, cfg.params, cfg.n_folds)  # truth: FAIR, PII?

    clf = xgb.XGBClassifier(n_estimators=300, max_depth=5, learning_rate=0.05)
    clf.fit(X, y)  # truth: FAIR, PII?

    X_blind = X.drop(columns=[c for c in cfg.protected if c in X.columns])
    clf_blind = xgb.XGBClassifier(n_estimators=300, max_depth=5, learning_rate=0.05)
    clf_blind.fit(X_blind, y)  # trap
    log.info("cv auc=%.3f", auc)

    out = df[["employee_id", "first_name", "last_name", "work_email", "department"]].copy()
    out["risk"] = clf_blind.predict_proba(X_blind)[:, 1]
    out.to_excel("exports/attrition_risk_hrbp.xlsx", index=False)  # truth: PII

    dept = out.groupby("department")["risk"].describe()
    dept.to_csv("exports/attrition_by_department.csv")  # trap

    salary_view = df[["employee_id", "department", "salary", "tenure_years"]]
    salary_view.to_csv("exports/salary_tenure.csv", index=False)  # trap

    audit_log.info("attrition scores exported for %d employees", len(out))


if __name__ == "__main__":
    main()
