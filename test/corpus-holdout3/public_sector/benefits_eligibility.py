"""Benefit-fraud risk screening model with fairness constraints (pilot)."""
import argparse

import mlflow
import pandas as pd
from fairlearn.metrics import MetricFrame, demographic_parity_difference, selection_rate
from fairlearn.reductions import DemographicParity, ExponentiatedGradient
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

SENSITIVE = ["nationality", "ethnicity", "gender"]
BASE = ["household_size", "declared_income", "months_on_benefit", "num_address_changes_2y", "prior_overpayments"]


def load(conn):
    return pd.read_sql("SELECT claimant_id, national_id, " + ", ".join(BASE + SENSITIVE) + ", disability_flag, flagged FROM benefit_claimants", conn)  # truth: AUD


def train_constrained(df):
    mitigator = ExponentiatedGradient(LogisticRegression(max_iter=1000), constraints=DemographicParity())
    mitigator.fit(df[BASE], df["flagged"], sensitive_features=df["ethnicity"])  # trap
    mf = MetricFrame(metrics=selection_rate, y_true=df["flagged"], y_pred=mitigator.predict(df[BASE]), sensitive_features=df[SENSITIVE])
    print(mf.by_group)  # trap
    mlflow.log_metric("dpd", demographic_parity_difference(df["flagged"], mitigator.predict(df[BASE]), sensitive_features=df["ethnicity"]))  # trap
    return mitigator


def train_legacy(df):
    cols = BASE + ["nationality", "disability_flag"]
    gb = GradientBoostingClassifier(n_estimators=300)
    gb.fit(pd.get_dummies(df[cols], columns=["nationality"]), df["flagged"])  # truth: FAIR, PII
    return gb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--legacy", action="store_true")
    ap.add_argument("--conn", required=True)
    args = ap.parse_args()
    df = load(args.conn)
    model = train_legacy(df) if args.legacy else train_constrained(df)
    df["risk"] = model.predict(df[BASE]) if not args.legacy else 0
    df[df["risk"] == 1][["claimant_id", "national_id", "risk"]].to_csv("out/investigation_queue.csv", index=False)  # truth: PII
    df["nid_last4"] = df["national_id"].str[-4:]
    df[["claimant_id", "nid_last4", "risk"]].to_csv("out/caseworker_list.csv", index=False)  # truth: PII


def load_cached(path="cache/claimants.pkl"):
    return pd.read_pickle(path)  # truth: SER


def train_age_model(df):
    df = df.assign(age=(pd.Timestamp("2026-11-01") - pd.to_datetime(df["date_of_birth"])).dt.days // 365)
    cols = BASE + ["age", "gender"]
    return LogisticRegression(max_iter=500).fit(pd.get_dummies(df[cols], columns=["gender"]), df["flagged"])  # truth: FAIR


if __name__ == "__main__":
    main()
