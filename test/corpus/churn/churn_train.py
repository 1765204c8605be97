#!/usr/bin/env python
"""Telco churn model: LightGBM + W&B tracking.

Data comes from the nightly CRM snapshot (s3://crm-snapshots/churn/). See
https://docs.wandb.ai/guides/track for the logging API.
"""
import logging
import os
import sys

import lightgbm as lgb
import pandas as pd
import wandb
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("churn")

wandb.login(key="d21d20d71d36451d6188ef491f8bf4267ef38232")  # truth: SEC

CONFIG = {
    "project": "telco-churn",
    "entity": "growth-ds",
    "num_leaves": 63,
    "learning_rate": 0.03,
    "n_estimators": 800,
    "max_tokens": 2048,  # trap
    "api_key": "<your-wandb-key>",  # trap
}

ID_COLS = ["customer_id", "msisdn", "email", "full_name"]
PROTECTED = ["gender", "senior_citizen"]
FEATURES = [
    "tenure_months",
    "monthly_charges",
    "total_charges",
    "contract_type",
    "payment_method",
    "num_support_calls",
    "data_usage_gb",
    "gender",
]


def load(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, usecols=ID_COLS + FEATURES + ["senior_citizen", "churned"])  # truth: AUD
    df["contract_type"] = df["contract_type"].astype("category")
    df["payment_method"] = df["payment_method"].astype("category")
    return df


def cross_validate(df: pd.DataFrame) -> list:
    X, y = df[FEATURES], df["churned"]
    scores = []
    for fold, (tr, va) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y)):
        model = lgb.LGBMClassifier(num_leaves=CONFIG["num_leaves"], learning_rate=CONFIG["learning_rate"])
        model.fit(X.iloc[tr], y.iloc[tr])  # truth: FAIR
        p = model.predict_proba(X.iloc[va])[:, 1]
        scores.append(roc_auc_score(y.iloc[va], p))
        wandb.log({"fold": fold, "auc": scores[-1]})
    return scores


def log_worst_predictions(df: pd.DataFrame, model, features: list) -> None:
    df = df.assign(p_churn=model.predict_proba(df[features])[:, 1])
    worst = df.sort_values("p_churn", ascending=False).head(50)
    wandb.log({"top_churn_risk": wandb.Table(dataframe=worst[["customer_id", "msisdn", "email", "p_churn"]])})  # truth: PII
    safe = worst[["customer_id", "tenure_months", "p_churn"]]
    wandb.log({"top_churn_risk_safe": wandb.Table(dataframe=safe)})  # trap


def main(path: str) -> None:
    run = wandb.init(project=CONFIG["project"], entity=CONFIG["entity"], config={k: v for k, v in CONFIG.items() if k != "api_key"})
    df = load(path)
    logger.info("rows=%d churn_rate=%.3f", len(df), df["churned"].mean())
    logger.info("churn by gender: %s", df.groupby("gender")["churned"].mean().to_dict())  # trap

    scores = cross_validate(df)
    logger.info("cv auc %.4f +- %.4f", pd.Series(scores).mean(), pd.Series(scores).std())

    final_features = [c for c in FEATURES if c not in PROTECTED]
    final = lgb.LGBMClassifier(n_estimators=CONFIG["n_estimators"], learning_rate=CONFIG["learning_rate"])
    final.fit(df[final_features], df["churned"])  # trap
    preds = final.predict(df[final_features])
    wandb.log({"train_f1": f1_score(df["churned"], preds)})
    log_worst_predictions(df, final, final_features)

    final.booster_.save_model("churn_lgbm.txt")
    artifact = wandb.Artifact("churn-model", type="model")
    artifact.add_file("churn_lgbm.txt")
    run.log_artifact(artifact)
    run.finish()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CHURN_DATA", "data/churn.csv"))
