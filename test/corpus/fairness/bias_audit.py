"""Bias audit for the consumer-loan approval models (run before every release).

Protected attributes are loaded only to measure group metrics and to train mitigated models;
features must never include them. See the model governance policy, section 4.2.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from aif360.algorithms.preprocessing import Reweighing
from aif360.datasets import BinaryLabelDataset
from fairlearn.metrics import MetricFrame, false_negative_rate, selection_rate
from fairlearn.postprocessing import ThresholdOptimizer
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

log = logging.getLogger("governance.bias")
audit = logging.getLogger("governance.audit")

SENSITIVE = ["sex", "race", "age_group", "nationality"]
NUMERIC = ["loan_amount", "term_months", "credit_utilization", "debt_to_income"]
CATEGORICAL = ["purpose", "home_ownership"]


def load(path: str) -> pd.DataFrame:
    audit.info("bias audit dataset %s opened", path)
    return pd.read_parquet(path)  # trap


def baseline(df: pd.DataFrame) -> Pipeline:
    pre = ColumnTransformer([("num", StandardScaler(), NUMERIC), ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL)])
    model = Pipeline([("pre", pre), ("clf", LogisticRegression(max_iter=1000))])
    model.fit(df[NUMERIC + CATEGORICAL], df["approved"])  # trap
    return model


def challenger_with_demographics(df: pd.DataFrame) -> Pipeline:
    cat = CATEGORICAL + ["sex", "race"]
    pre = ColumnTransformer([("num", StandardScaler(), NUMERIC), ("cat", OneHotEncoder(handle_unknown="ignore"), cat)])
    model = Pipeline([("pre", pre), ("clf", GradientBoostingClassifier())])
    model.fit(df[NUMERIC + cat], df["approved"])  # truth: FAIR, PII?
    return model


def everything_but_target(df: pd.DataFrame) -> GradientBoostingClassifier:
    X = pd.get_dummies(df.drop(columns=["approved", "application_id"]))
    gb = GradientBoostingClassifier()
    gb.fit(X, df["approved"])  # truth: FAIR, PII?
    return gb


def everything_but_sensitive(df: pd.DataFrame) -> GradientBoostingClassifier:
    X = pd.get_dummies(df.drop(columns=["approved", "application_id"] + SENSITIVE))
    gb = GradientBoostingClassifier()
    gb.fit(X, df["approved"])  # trap
    return gb


def with_nationality(df: pd.DataFrame) -> LogisticRegression:
    feature_cols = list(NUMERIC)
    feature_cols.append("nationality_code")
    X = df.loc[:, feature_cols]
    lr = LogisticRegression(max_iter=1000)
    lr.fit(X, df["approved"])  # truth: FAIR
    return lr


def postprocessed(df: pd.DataFrame, model: Pipeline) -> ThresholdOptimizer:
    to = ThresholdOptimizer(estimator=model, constraints="equalized_odds", prefit=True, predict_method="predict_proba")
    to.fit(df[NUMERIC + CATEGORICAL], df["approved"], sensitive_features=df["sex"])  # trap
    return to


def reweighed(df: pd.DataFrame) -> LogisticRegression:
    bld = BinaryLabelDataset(df=df[NUMERIC + ["sex", "approved"]], label_names=["approved"], protected_attribute_names=["sex"])  # trap
    rw = Reweighing(unprivileged_groups=[{"sex": 0}], privileged_groups=[{"sex": 1}])  # trap
    transformed = rw.fit_transform(bld)
    lr = LogisticRegression(max_iter=1000)
    lr.fit(df[NUMERIC], df["approved"], sample_weight=transformed.instance_weights)  # trap
    return lr


def group_report(df: pd.DataFrame, model, name: str) -> pd.DataFrame:
    pred = model.predict(df[NUMERIC + CATEGORICAL])
    rows = []
    for attr in SENSITIVE:
        mf = MetricFrame(metrics={"selection_rate": selection_rate, "fnr": false_negative_rate}, y_true=df["approved"], y_pred=pred, sensitive_features=df[attr])  # trap
        rows.append(mf.by_group.assign(attribute=attr))
        log.info("%s %s: selection-rate gap %.3f", name, attr, mf.difference()["selection_rate"])  # trap
    return pd.concat(rows)


def adverse_impact_ratio(df: pd.DataFrame, pred: np.ndarray) -> dict:
    rates = df.assign(pred=pred).groupby("race")["pred"].mean()  # trap
    return (rates / rates.max()).round(3).to_dict()


def export(report: pd.DataFrame, path: str) -> None:
    report.to_csv(path)  # trap


if __name__ == "__main__":
    data = load("data/loan_applications_2024.parquet")
    base = baseline(data)
    report = group_report(data, base, "baseline")
    export(report, "reports/bias_baseline.csv")
    log.info("AIR by race: %s", adverse_impact_ratio(data, base.predict(data[NUMERIC + CATEGORICAL])))  # trap
