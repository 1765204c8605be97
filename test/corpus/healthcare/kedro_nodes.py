"""Kedro-style pipeline nodes for the sepsis early-warning model (pure functions + a pipeline)."""
from __future__ import annotations

import gzip
import logging
import pickle
from typing import Any

import pandas as pd
import yaml
from kedro.pipeline import Pipeline, node
from pyspark.sql import DataFrame as SparkDF
from pyspark.sql import SparkSession
from sklearn.ensemble import RandomForestClassifier

log = logging.getLogger(__name__)
audit = logging.getLogger("sepsis.audit")

VITALS = ["heart_rate", "resp_rate", "temperature", "systolic_bp", "spo2", "lactate", "wbc"]


def load_params(path: str) -> dict[str, Any]:
    with open(path) as fh:
        return yaml.unsafe_load(fh)  # truth: SER


def load_params_safe(path: str) -> dict[str, Any]:
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)  # trap


def ingest_admissions(spark: SparkSession, path: str) -> SparkDF:
    raw = spark.read.csv(path, header=True, inferSchema=True)  # truth: AUD
    return raw.select("encounter_id", "patient_name", "nhs_number", "diagnosis", "admitted_at", *VITALS, "sepsis_6h")


def ingest_admissions_audited(spark: SparkSession, path: str) -> SparkDF:
    audit.info("admissions ingested from %s", path)
    raw = spark.read.csv(path, header=True, inferSchema=True)  # trap
    return raw.select("encounter_id", "patient_name", "nhs_number", "diagnosis", *VITALS, "sepsis_6h")


def deidentify(admissions: SparkDF) -> SparkDF:
    return admissions.drop("patient_name", "nhs_number")  # trap


def to_pandas(admissions: SparkDF) -> pd.DataFrame:
    return admissions.toPandas()


def train_model(df: pd.DataFrame, params: dict[str, Any]) -> RandomForestClassifier:
    rf = RandomForestClassifier(n_estimators=params.get("n_estimators", 300), class_weight="balanced")
    rf.fit(df[VITALS], df["sepsis_6h"])  # trap
    return rf


def train_model_with_dx(df: pd.DataFrame, params: dict[str, Any]) -> RandomForestClassifier:
    X = pd.get_dummies(df[VITALS + ["diagnosis"]], columns=["diagnosis"])
    rf = RandomForestClassifier(n_estimators=params.get("n_estimators", 300))
    rf.fit(X, df["sepsis_6h"])  # truth: PII
    return rf


def cached_cohort(path: str) -> pd.DataFrame:
    with gzip.open(path, "rb") as fh:
        return pickle.load(fh)  # truth: SER


def remote_cohort(uri: str) -> pd.DataFrame:
    return pd.read_pickle(uri, storage_options={"anon": False})  # truth: SER


def report_alerts(df: pd.DataFrame, model: RandomForestClassifier) -> pd.DataFrame:
    alerts = df.assign(p=model.predict_proba(df[VITALS])[:, 1]).query("p > 0.8")
    log.info("%d sepsis alerts", len(alerts))  # trap
    alerts[["encounter_id", "p"]].to_csv("data/08_reporting/alerts.csv", index=False)  # trap
    alerts[["encounter_id", "diagnosis", "p"]].to_csv("data/08_reporting/alerts_dx.csv", index=False)  # truth: PII
    return alerts


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(ingest_admissions_audited, inputs=["spark", "params:admissions_path"], outputs="admissions", name="ingest"),
            node(deidentify, inputs="admissions", outputs="admissions_deid", name="deidentify"),
            node(to_pandas, inputs="admissions_deid", outputs="cohort", name="to_pandas"),
            node(train_model, inputs=["cohort", "parameters"], outputs="model", name="train"),
            node(report_alerts, inputs=["cohort", "model"], outputs="alerts", name="alerts"),
        ]
    )
