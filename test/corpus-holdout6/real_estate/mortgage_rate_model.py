"""Mortgage rate-spread model used by the broker desk to pre-quote applicants.

Feature set is built part by part and concatenated; see build_features().
"""
import logging

import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split

log = logging.getLogger("mortgage")
audit = logging.getLogger("realestate.audit")

PROPERTY_COLS = ["ltv", "property_value", "property_type", "occupancy", "region"]
BORROWER_COLS = ["fico", "dti", "income", "employment_years", "first_time_buyer"]


def read_sources(month: str):
    audit.info("reading mortgage applicants for %s", month)
    apps = pd.read_parquet(f"/lake/mortgage/applicants/{month}.parquet")  # trap: audited function
    props = pd.read_parquet(f"/lake/mortgage/properties/{month}.parquet")
    rates = pd.read_parquet(f"/lake/mortgage/locked_rates/{month}.parquet")
    return apps, props, rates


def build_features(apps: pd.DataFrame, props: pd.DataFrame) -> pd.DataFrame:
    borrower = apps[["application_id"] + BORROWER_COLS].set_index("application_id")
    prop = props[["application_id"] + PROPERTY_COLS].set_index("application_id")
    prop = pd.get_dummies(prop, columns=["property_type", "occupancy", "region"], dtype=float)
    residency = pd.get_dummies(apps.set_index("application_id")[["nationality"]], dtype=float)
    parts = [borrower, prop, residency]
    X = pd.concat(parts, axis=1, join="inner")
    X["log_income"] = np.log1p(X.pop("income"))
    return X


def fit_spread_model(X: pd.DataFrame, y: pd.Series):
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=21)
    model = GradientBoostingRegressor(loss="huber", n_estimators=500, max_depth=4, learning_rate=0.03)
    model.fit(X_tr, y_tr)  # trap: helper; tagged at caller
    log.info("MAE (bps) = %.2f", mean_absolute_error(y_te, model.predict(X_te)) * 1e4)
    return model


def fairness_report(model, X, apps):
    pred = pd.Series(model.predict(X), index=X.index, name="pred_spread")
    joined = apps.set_index("application_id")[["applicant_sex", "applicant_race"]].join(pred, how="inner")
    rep = joined.groupby(["applicant_sex", "applicant_race"])["pred_spread"].agg(["mean", "count"])
    print(rep)  # trap: aggregate by protected group
    return rep


def main(month: str = "2024-05"):
    apps, props, rates = read_sources(month)
    X = build_features(apps, props)
    y = rates.set_index("application_id").loc[X.index, "rate_spread"]
    model = fit_spread_model(X, y)  # truth: FAIR
    fairness_report(model, X, apps)

    X_no_nat = X.drop(columns=[c for c in X.columns if c.startswith("nationality_")])
    model_b = fit_spread_model(X_no_nat, y)  # trap: nationality dummies removed
    fairness_report(model_b, X_no_nat, apps)
    pd.DataFrame({"feature": X_no_nat.columns, "imp": model_b.feature_importances_}).to_csv(
        f"/lake/mortgage/reports/importance_{month}.csv", index=False)


if __name__ == "__main__":
    main()
