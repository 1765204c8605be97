# Airflow DAG: 30-day readmission risk, weekly feature build, training and export to the care-management team.
from datetime import datetime, timedelta
import hashlib
import logging

import pandas as pd
from airflow import DAG
from airflow.hooks.base import BaseHook
from airflow.operators.python import PythonOperator
from sklearn.linear_model import LogisticRegression

log = logging.getLogger("airflow.task")

EHR_DSN = "postgresql+psycopg2://readmit_svc:vujA9C5Q52ryFlwT@ehr-replica.mercyhealth.org:5432/clinical"  # truth: SEC
CARE_MGMT_BUCKET = "s3://care-mgmt-drop/readmission/"
FHIR_BASE = "http://fhir.mercyhealth.org/R4"  # truth: TLS
default_args = {"owner": "clinical-ds", "retries": 1, "retry_delay": timedelta(minutes=10)}


def _discharge_summaries(encounter_ids):
    import requests
    return [requests.get(f"{FHIR_BASE}/Encounter/{e}", timeout=10).json() for e in encounter_ids]


def _engine():
    from sqlalchemy import create_engine
    conn = BaseHook.get_connection("ehr_replica")
    return create_engine(conn.get_uri()) if conn else create_engine(EHR_DSN)


def extract(**ctx):
    sql = """
        SELECT e.encounter_id, p.mrn, p.patient_name, p.email, p.date_of_birth, p.sex,
               e.primary_icd10 AS diagnosis_code, e.length_of_stay, e.num_prior_admissions,
               e.discharge_disposition, e.readmitted_30d
        FROM encounters e JOIN patients p ON p.patient_key = e.patient_key
        WHERE e.discharge_date >= %(since)s
    """
    df = pd.read_sql(sql, _engine(), params={"since": ctx["ds"]})  # truth: AUD
    df.to_parquet("/tmp/readmit/extract.parquet")  # truth: PII
    log.info("extracted %d encounters", len(df))  # trap
    log.info("distinct diagnosis codes: %d", df["diagnosis_code"].nunique())  # trap


def _feature_frame(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["age"] = (pd.Timestamp.today() - pd.to_datetime(df["date_of_birth"])).dt.days // 365
    df["email_key"] = df["email"].str.lower().map(lambda e: hashlib.sha256(e.encode()).hexdigest())
    df = df.drop(columns=["email", "patient_name", "date_of_birth"])
    dx = pd.get_dummies(df["diagnosis_code"].str[:3], prefix="dx")
    return pd.concat([df[["encounter_id", "mrn", "email_key", "age", "length_of_stay", "num_prior_admissions",
                          "readmitted_30d"]], dx], axis=1)


def build_features(**_):
    df = pd.read_parquet("/tmp/readmit/extract.parquet")
    feats = _feature_frame(df)
    feats.to_parquet("/tmp/readmit/features.parquet")  # truth: PII


def train(**_):
    feats = _feature_frame(pd.read_parquet("/tmp/readmit/extract.parquet"))
    X = feats.drop(columns=["encounter_id", "mrn", "email_key", "readmitted_30d"])
    model = LogisticRegression(max_iter=1000, class_weight="balanced")
    model.fit(X, feats["readmitted_30d"])  # truth: FAIR, PII?
    feats["risk"] = model.predict_proba(X)[:, 1]
    worklist = feats.loc[feats["risk"] > 0.35, ["mrn", "risk"]]
    worklist.to_csv(CARE_MGMT_BUCKET + "worklist.csv", index=False)  # truth: PII
    log.info("worklist size %d, mean risk %.3f", len(worklist), worklist["risk"].mean())  # trap


with DAG(
    dag_id="readmission_risk_weekly",
    start_date=datetime(2024, 1, 1),
    schedule="0 4 * * 1",
    catchup=False,
    default_args=default_args,
) as dag:
    t1 = PythonOperator(task_id="extract", python_callable=extract)
    t2 = PythonOperator(task_id="build_features", python_callable=build_features)
    t3 = PythonOperator(task_id="train", python_callable=train)
    t1 >> t2 >> t3
