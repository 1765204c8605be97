# Housing-benefit claim triage: ranks new claims for manual verification (municipal social services).
"""Trains the triage model used by the verification team.

Run: python benefits_triage_model.py --claims /secure/benefits/claims_2023.csv
"""
import argparse
import logging

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

logger = logging.getLogger("benefits.triage")

NUMERIC = ["household_size", "declared_income", "rent_amount", "months_at_address", "prior_claims"]
CATEGORICAL = ["tenure_type", "employment_status", "nationality", "disability_status"]
IDENTIFIERS = ["claim_ref", "bsn", "claimant_name", "street_address"]
LABEL = "overpayment_found"


def load_claims(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"bsn": str})  # truth: AUD
    logger.info("claims missing a BSN: %d", df["bsn"].isna().sum())  # trap
    logger.info("claims loaded: %d rows, %.1f%% overpayments", len(df), 100 * df[LABEL].mean())  # trap
    return df


def make_pipeline(categorical=CATEGORICAL) -> Pipeline:
    pre = ColumnTransformer([
        ("num", SimpleImputer(strategy="median"), NUMERIC),
        ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=20), list(categorical)),
    ])
    return Pipeline([("pre", pre), ("gb", GradientBoostingClassifier(n_estimators=300, max_depth=3))])


def train(df: pd.DataFrame) -> Pipeline:
    pipe = make_pipeline()
    pipe.fit(df[NUMERIC + CATEGORICAL], df[LABEL])  # truth: FAIR, PII
    return pipe


def train_reviewed(df: pd.DataFrame) -> Pipeline:
    allowed = [c for c in CATEGORICAL if c not in ("nationality", "disability_status")]
    pipe = make_pipeline(allowed)
    pipe.fit(df[NUMERIC + allowed], df[LABEL])  # trap
    return pipe


def quick_baseline(df: pd.DataFrame) -> RandomForestClassifier:
    X = pd.DataFrame(index=df.index)
    for col in NUMERIC + CATEGORICAL:
        X[col] = df[col] if col in NUMERIC else df[col].astype("category").cat.codes
    return RandomForestClassifier(n_estimators=200).fit(X.fillna(-1), df[LABEL])  # truth: FAIR, PII


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", required=True)
    ap.add_argument("--reviewed", action="store_true", help="use the feature set approved by the ethics board")
    args = ap.parse_args()
    df = load_claims(args.claims)
    model = train_reviewed(df) if args.reviewed else train(df)
    logger.info("baseline oob check: %s", quick_baseline(df).n_features_in_)
    joblib.dump(model, "/models/benefits/triage.joblib")

    df["triage_score"] = model.predict_proba(df)[:, 1]
    queue = df.sort_values("triage_score", ascending=False).head(500)
    queue[IDENTIFIERS + ["triage_score"]].to_csv("/secure/benefits/verification_queue.csv", index=False)  # truth: PII
    print(queue.groupby("nationality")["triage_score"].mean())  # trap
    print(queue[["claim_ref", "triage_score"]].head())  # trap


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
