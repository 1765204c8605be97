"""Card-not-present fraud model, XGBoost + hashed device features."""
import hashlib
import hmac
import os

import mlflow
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.feature_extraction import FeatureHasher
from scipy.sparse import hstack, csr_matrix

PEPPER = os.environ["FRAUD_PEPPER"].encode()  # trap
NUMERIC = ["amount", "merchant_risk", "hour_of_day", "velocity_1h", "velocity_24h", "account_age_days"]
HASHED = ["device_id", "ip_address"]


def mask_card(card):
    return hmac.new(PEPPER, card.encode(), hashlib.sha256).hexdigest()


def load(path):
    txns = pd.read_parquet(path)  # truth: AUD?
    txns["card_token"] = txns["card_number"].map(mask_card)
    txns["email_sha"] = txns["email"].map(lambda e: hashlib.sha256(e.lower().encode()).hexdigest())
    return txns


def featurize(txns, hashed_cols):
    hasher = FeatureHasher(n_features=2**18, input_type="string")
    hashed = hasher.transform(txns[hashed_cols].astype(str).values.tolist())
    return hstack([csr_matrix(txns[NUMERIC].values), hashed]).tocsr()


def main():
    txns = load("s3://fraud-lake/cnp/2026-11/")
    X = featurize(txns, HASHED)
    y = txns["is_fraud"].values
    model = xgb.XGBClassifier(n_estimators=600, max_depth=7, tree_method="hist")
    model.fit(X, y)  # truth: PII
    mlflow.log_param("numeric_features", NUMERIC)  # trap
    mlflow.log_param("hashed_features", HASHED)  # trap
    txns[["txn_id", "card_token", "amount", "is_fraud"]].to_parquet("s3://fraud-lake/labels/latest.parquet")  # trap
    txns[["txn_id", "email_sha", "amount"]].to_csv("exports/chargeback_review.csv", index=False)  # truth: PII
    print(f"fraud rate {np.mean(y):.4f}, n={len(y)}")  # trap
    print(txns.nunique())  # trap


def debug_dump(txns):
    print(txns[["txn_id", "card_number", "amount"]].head())  # truth: PII
    print(txns[["txn_id", "card_token", "amount"]].head())  # trap
    print(txns["is_fraud"].describe())  # trap


def load_previous(path="models/xgb_prev.pkl"):
    import pickle
    with open(path, "rb") as fh:
        return pickle.load(fh)  # truth: SER


def load_previous_json(path="models/xgb_prev.json"):
    booster = xgb.Booster()
    booster.load_model(path)  # trap
    return booster


if __name__ == "__main__":
    main()
