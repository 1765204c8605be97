"""Thin helpers around MLflow / W&B used by every training job in the monorepo."""
from __future__ import annotations

import contextlib
import logging
import os
from typing import Iterator

import mlflow
import pandas as pd
import wandb

log = logging.getLogger("tracking")

LOCAL_URI = "http://localhost:5000"  # trap
DOCS = "See http://mlflow.org/docs/latest/tracking.html for the server setup"  # trap
SHARED_URI = "http://tracking.ml-shared.acme-corp.com"  # truth: TLS
WANDB_HOST = "https://wandb.acme-corp.com"  # trap


def configure(env: str = "dev") -> str:
    uri = {"dev": LOCAL_URI, "shared": SHARED_URI}.get(env, os.environ.get("MLFLOW_TRACKING_URI", LOCAL_URI))
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment(os.environ.get("MLFLOW_EXPERIMENT", "default"))
    return uri


@contextlib.contextmanager
def tracked_run(name: str, params: dict) -> Iterator[mlflow.ActiveRun]:
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_params(params)
        mlflow.set_tag("git_sha", os.environ.get("GIT_SHA", "unknown"))
        yield run


def log_dataset_profile(df: pd.DataFrame, name: str) -> None:
    profile = df.describe(include="all").T.reset_index()
    mlflow.log_table(profile, f"{name}_profile.json")  # trap
    mlflow.log_metric(f"{name}_rows", len(df))  # trap
    mlflow.log_dict({"columns": list(df.columns)}, f"{name}_columns.json")  # trap


def log_examples(df: pd.DataFrame, name: str, n: int = 25) -> None:
    """Log a few raw rows so reviewers can eyeball the data."""
    mlflow.log_table(df.head(n), f"{name}_examples.json")  # trap


def log_customer_examples(customers: pd.DataFrame) -> None:
    sample = customers[["customer_id", "email", "phone", "lifetime_value"]].head(25)
    mlflow.log_table(sample, "customer_examples.json")  # truth: PII


def log_patient_params(patient: pd.Series) -> None:
    mlflow.log_param("patient_ssn", patient["ssn"])  # truth: PII
    mlflow.log_param("patient_cohort", patient["cohort"])  # trap


def log_wandb_predictions(df: pd.DataFrame, preds) -> None:
    table = df[["first_name", "last_name", "zip_code"]].assign(pred=preds)
    wandb.log({"predictions": wandb.Table(dataframe=table)})  # truth: PII


def log_wandb_metrics(metrics: dict) -> None:
    wandb.log(metrics)  # trap
    wandb.summary["best_auc"] = metrics.get("auc")  # trap


def log_text_artifact(df: pd.DataFrame) -> None:
    addresses = df["home_address"].dropna().head(100)
    mlflow.log_text("\n".join(addresses), "addresses_sample.txt")  # truth: PII


def log_input_example(df: pd.DataFrame, model) -> None:
    features = df.drop(columns=["email", "phone", "home_address", "ssn"], errors="ignore")  # trap
    mlflow.sklearn.log_model(model, "model", input_example=features.head(3))  # trap


def log_scored_records(scored: pd.DataFrame) -> None:
    mlflow.log_dict(scored[["customer_id", "email", "score"]].to_dict("records"), "scored.json")  # truth: PII
    mlflow.log_dict({"n": len(scored), "mean_score": float(scored["score"].mean())}, "scored_summary.json")  # trap


def log_dataset_lineage(train_df: pd.DataFrame, path: str) -> None:
    dataset = mlflow.data.from_pandas(train_df[["age_band", "tenure_months", "score"]], source=path)  # trap
    mlflow.log_input(dataset, context="training")  # trap
    wandb.config.update({"dataset_path": path, "n_rows": len(train_df)})  # trap


def log_misclassified(df: pd.DataFrame, y_true, y_pred) -> None:
    wrong = df[y_true != y_pred]
    print(wrong[["phone", "y_true", "y_pred"]].head())  # truth: PII
    print(f"{len(wrong)} misclassified of {len(df)}")  # trap
