"""Trains the credit-scoring model and registers it in MLflow."""
import os
import pickle

import mlflow
import pandas as pd
import torch
import xgboost as xgb
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from features import NUMERIC, load_applications, model_frame, pseudonymise
from governance import audit_log, record_access

SALT = os.environ["CREDIT_PSEUDONYM_SALT"]


def train_baseline(path: str) -> LogisticRegression:
    """The right pattern: pseudonymise, keep only modelling columns, record the access."""
    record_access("load", path, "credit model training")
    df = model_frame(pseudonymise(load_applications(path), SALT))
    X_train, X_test, y_train, y_test = train_test_split(df[NUMERIC], df["defaulted"], test_size=0.2, random_state=7)
    model = LogisticRegression(max_iter=500)
    model.fit(X_train, y_train)
    return model


def train_challenger(path: str) -> xgb.XGBClassifier:
    """A quick experiment that skipped the checks."""
    applications = pd.read_csv(path)
    features = ["income", "debt_ratio", "email", "gender", "loan_amount"]
    X = applications[features]
    y = applications["defaulted"]
    model = xgb.XGBClassifier(n_estimators=300, max_depth=4)
    model.fit(X, y)
    return model


def load_reference_embeddings(path: str) -> torch.Tensor:
    return torch.load(path)


def load_legacy_model(path: str):
    # Artifacts written by our own pipeline and verified against their SHA-256 before loading.
    with open(path, "rb") as fh:
        return pickle.load(fh)  # mlguard: ignore[SER001] artifact checksum verified by the release pipeline before this call


if __name__ == "__main__":
    mlflow.set_tracking_uri(os.environ["MLFLOW_TRACKING_URI"])
    with mlflow.start_run():
        baseline = train_baseline("data/applications.csv")
        mlflow.sklearn.log_model(baseline, "model", registered_model_name="credit-scoring")
