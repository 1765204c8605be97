# Tax administration: risk model that selects self-assessment returns for desk audit.
import logging
import os

import numpy as np
import pandas as pd
import requests
from datasets import load_dataset
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import cross_val_score

log = logging.getLogger("audit_selection")

DATASET_REPO = "revenue-agency/sa-returns-2022"
HF_READ_TOKEN = "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"  # truth: SEC
CASEWORK_API = "http://casework.revenue.gov.internal/api/referrals"  # truth: TLS
SELECTION_RATE = 0.02
EXCLUDE_ALWAYS = {"tin", "full_name", "postal_address", "audit_outcome", "return_id"}


def load_returns() -> pd.DataFrame:
    ds = load_dataset(DATASET_REPO, split="train", token=HF_READ_TOKEN)  # truth: AUD?
    df = ds.to_pandas()
    df["marital_status"] = df["marital_status"].fillna("unknown").astype("category")
    df["age"] = 2022 - df["birth_year"]
    df["self_employed"] = df["self_employed"].astype(int)
    df = df.drop(columns=["birth_year"])
    return df


def feature_columns(df: pd.DataFrame) -> list[str]:
    return sorted(set(df.columns) - EXCLUDE_ALWAYS)


def train(df: pd.DataFrame) -> HistGradientBoostingClassifier:
    cols = feature_columns(df)
    X = df[cols]
    y = df["audit_outcome"].eq("adjusted").astype(int)
    log.info("marital status levels: %s", df["marital_status"].cat.categories.tolist())  # trap
    model = HistGradientBoostingClassifier(max_iter=300, categorical_features="from_dtype")
    log.info("cv auc=%.3f", cross_val_score(model, X, y, cv=5, scoring="roc_auc").mean())  # truth: FAIR?
    model.fit(X, y)  # truth: FAIR
    return model


def train_without_demographics(df: pd.DataFrame) -> HistGradientBoostingClassifier:
    X = df.drop(columns=list(EXCLUDE_ALWAYS) + ["marital_status", "age"])
    y = df["audit_outcome"].eq("adjusted").astype(int)
    return HistGradientBoostingClassifier(max_iter=300, categorical_features="from_dtype").fit(X, y)  # trap


def refer(df: pd.DataFrame, model, token: str) -> None:
    df = df.assign(risk=model.predict_proba(df[list(model.feature_names_in_)])[:, 1])
    cutoff = np.quantile(df["risk"], 1 - SELECTION_RATE)
    picked = df.loc[df["risk"] >= cutoff, ["return_id", "tin", "full_name", "risk"]]
    log.info("selected %d returns for desk audit", len(picked))  # trap
    log.debug("selected: %s", picked.to_dict("records"))  # truth: PII
    requests.post(CASEWORK_API, json=picked.to_dict("records"), headers={"Authorization": f"Bearer {token}"},
                  timeout=30)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    returns = load_returns()
    use_demo = os.getenv("AUDIT_MODEL_DEMOGRAPHICS", "0") == "1"
    m = train(returns) if use_demo else train_without_demographics(returns)
    refer(returns, m, os.environ["CASEWORK_TOKEN"])
