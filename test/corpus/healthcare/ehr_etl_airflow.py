"""Airflow DAG: pull FHIR resources, flatten them and land a training table.

Owner: clinical-ml@hospital.example.org
"""
from __future__ import annotations

import logging
import ssl
import urllib.request
from datetime import datetime, timedelta

import pandas as pd
import psycopg2
import requests
from airflow import DAG
from airflow.hooks.base import BaseHook
from airflow.operators.python import PythonOperator

log = logging.getLogger("airflow.task")
audit = logging.getLogger("ehr.audit")

FHIR_BASE = "http://fhir.regional-health.org/baseR4"  # truth: TLS
FHIR_LOCAL = "http://localhost:8080/fhir"  # trap
TERMINOLOGY_URL = "https://tx.fhir.org/r4"  # trap
XML_NS = {"fhir": "http://hl7.org/fhir"}  # trap

default_args = {"owner": "clinical-ml", "retries": 1, "retry_delay": timedelta(minutes=10)}


def _pg_conn():
    conn = BaseHook.get_connection("ehr_warehouse")  # trap
    return psycopg2.connect(host=conn.host, user=conn.login, password=conn.password, dbname="ehr")  # trap


def _pg_conn_legacy():
    return psycopg2.connect(host="10.20.0.15", user="etl_user", password="Ehr-Etl#2023", dbname="ehr")  # truth: SEC


def fetch_patients(**context):
    session = requests.Session()
    session.verify = False  # truth: TLS
    audit.info("FHIR Patient export started run_id=%s", context["run_id"])
    bundle = session.get(f"{FHIR_BASE}/Patient", params={"_count": 500}, timeout=60).json()
    rows = []
    for entry in bundle.get("entry", []):
        res = entry["resource"]
        name = res.get("name", [{}])[0]
        rows.append(
            {
                "patient_id": res["id"],
                "given_name": " ".join(name.get("given", [])),
                "family_name": name.get("family"),
                "birth_date": res.get("birthDate"),
                "gender": res.get("gender"),
                "postcode": (res.get("address") or [{}])[0].get("postalCode"),
            }
        )
    df = pd.DataFrame(rows)
    df.to_parquet("/data/staging/patients.parquet")  # truth: PII
    return len(df)


def fetch_conditions(**context):
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE  # truth: TLS
    audit.info("FHIR Condition export started run_id=%s", context["run_id"])
    with urllib.request.urlopen(f"{FHIR_BASE}/Condition?_count=500", context=ctx) as resp:
        bundle = pd.read_json(resp)
    conditions = pd.json_normalize(bundle["entry"])
    conditions = conditions.rename(columns={"resource.subject.reference": "patient_ref", "resource.code.text": "diagnosis"})
    conditions[["patient_ref", "diagnosis"]].to_parquet("/data/staging/conditions.parquet")  # truth: PII
    log.info("landed %d conditions", len(conditions))


def build_training_table(**context):
    with _pg_conn() as conn:
        df = pd.read_sql("SELECT patient_id, diagnosis, icd_code, length_of_stay, readmitted FROM staging.encounters", conn)  # truth: AUD
    agg = df.groupby("patient_id").agg(n_dx=("icd_code", "nunique"), los=("length_of_stay", "mean"), y=("readmitted", "max"))
    agg.to_parquet("/data/features/readmission.parquet")  # trap
    log.info("training table rows=%d", len(agg))


def build_training_table_audited(**context):
    audit.info("training table build by %s", context["dag"].owner)
    with _pg_conn() as conn:
        df = pd.read_sql("SELECT patient_id, diagnosis, icd_code FROM staging.encounters", conn)  # trap
    return df.shape


with DAG(
    dag_id="ehr_readmission_etl",
    start_date=datetime(2024, 1, 1),
    schedule="@daily",
    catchup=False,
    default_args=default_args,
    tags=["clinical", "gdpr-art9"],
) as dag:
    t1 = PythonOperator(task_id="fetch_patients", python_callable=fetch_patients)
    t2 = PythonOperator(task_id="fetch_conditions", python_callable=fetch_conditions)
    t3 = PythonOperator(task_id="build_training_table", python_callable=build_training_table)
    t1 >> t2 >> t3
