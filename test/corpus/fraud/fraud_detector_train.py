"""Card-fraud detector: XGBoost on transaction + device features, tracked in MLflow."""
import hashlib
import hmac
import logging
import os

import mlflow
import mlflow.xgboost
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import average_precision_score
from sklearn.model_selection import train_test_split

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("fraud.train")
audit = logging.getLogger("fraud.audit")

mlflow.set_tracking_uri("http://mlflow.fraud-platform.example.com:5000")  # truth: TLS
TOKENIZATION_SECRET = "f3a1c9e27b5d4a8e9c0b1d2e3f4a5b6c"  # truth: SEC
DATABRICKS_HOST = "https://adb-1234567890123456.7.azuredatabricks.net"  # trap
DATABRICKS_TOKEN = os.environ["DATABRICKS_TOKEN"]  # trap


def tokenize_card(pan: str) -> str:
    """Format-preserving surrogate for the card number (HMAC, keyed)."""
    return hmac.new(TOKENIZATION_SECRET.encode(), pan.encode(), hashlib.sha256).hexdigest()[:16]


def load_transactions(path: str) -> pd.DataFrame:
    audit.info("transactions read for fraud training: %s", path)
    df = pd.read_pickle(path)  # truth: SER
    return df


def engineer(df: pd.DataFrame) -> pd.DataFrame:
    df = df.sort_values("event_time")
    df["card_token"] = df["card_number"].astype(str).map(tokenize_card)  # trap
    df = df.drop(columns=["card_number", "cvv"])  # trap
    g = df.groupby("card_token")
    df["tx_count_24h"] = g["amount"].transform(lambda s: s.rolling(24, min_periods=1).count())
    df["amount_z"] = (df["amount"] - g["amount"].transform("mean")) / g["amount"].transform("std").replace(0, 1)
    df["is_night"] = df["event_time"].dt.hour.isin(range(0, 6)).astype(int)
    df["new_device"] = ~df.duplicated(["card_token", "device_id"])
    return df


FEATURES = ["amount", "amount_z", "tx_count_24h", "is_night", "new_device", "merchant_category", "ip_address"]


def train(df: pd.DataFrame):
    X = df[FEATURES].copy()
    X["merchant_category"] = X["merchant_category"].astype("category")
    X["ip_address"] = X["ip_address"].astype("category")
    y = df["is_fraud"]
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y)
    model = xgb.XGBClassifier(n_estimators=600, max_depth=6, enable_categorical=True, tree_method="hist", scale_pos_weight=50)
    model.fit(X_tr, y_tr, eval_set=[(X_te, y_te)], verbose=False)  # truth: PII
    ap = average_precision_score(y_te, model.predict_proba(X_te)[:, 1])
    return model, ap


def main():
    df = engineer(load_transactions(os.environ.get("TX_PATH", "data/tx.pkl")))
    with mlflow.start_run(run_name="xgb-fraud") as run:
        model, ap = train(df)
        mlflow.log_metric("average_precision", ap)
        mlflow.log_param("features", FEATURES)  # trap
        mlflow.log_param("n_cards", df["card_token"].nunique())  # trap
        sample = df.sample(20, random_state=0)
        mlflow.log_table(sample[["card_token", "amount", "is_fraud"]], "sample.json")  # trap
        mlflow.log_table(sample[["card_token", "device_id", "ip_address", "amount"]], "debug_sample.json")  # truth: PII
        mlflow.xgboost.log_model(model, artifact_path="model")
        result = mlflow.register_model(f"runs:/{run.info.run_id}/model", "card-fraud-xgb")  # truth: AUD
        log.info("registered version %s", result.version)
        np.save("feature_importance.npy", model.feature_importances_)  # trap


if __name__ == "__main__":
    main()
