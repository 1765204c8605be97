"""Airflow DAG: nightly PHI extract for the readmission feature store.

Tasks: extract -> pseudonymise -> publish. Only the pseudonymised parquet leaves the
clinical VPC; the raw extract stays on the encrypted scratch volume.
"""
import hashlib
import logging
from datetime import datetime, timedelta

import pandas as pd
from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook
from cryptography.fernet import Fernet

audit = logging.getLogger("clinical.audit.phi")
log = logging.getLogger(__name__)

RAW = "/scratch/phi/raw_{ds}.parquet"
PSEUDO = "s3://clinical-features/readmission/pseudo_{ds}.parquet"

DEFAULT_ARGS = {
    "owner": "clinical-ml",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "email": ["clinical-ml-oncall@stmarys-health.org"],
}

EHR_CONN_EXTRA = {
    "host": "ehr-replica.stmarys-health.org",
    "login": "svc_readmit",
    "password": "ZAa3u2olZU6uqbgs",  # truth: SEC
    "sslmode": "require",
}


def _salted(value: str, salt: str) -> str:
    return hashlib.sha256((salt + str(value)).encode()).hexdigest()


def extract(ds: str, **_) -> None:
    hook = PostgresHook(postgres_conn_id="ehr_replica")
    audit.info("PHI extract started ds=%s", ds)
    df = hook.get_pandas_df(  # trap
        "SELECT mrn, patient_name, date_of_birth, diagnosis, medication, insurance_member_id, "
        "admit_date, discharge_date FROM ehr.encounters WHERE discharge_date = %s",
        parameters=[ds],
    )
    df.to_parquet(RAW.format(ds=ds))  # truth: PII


def extract_labs(ds: str, **_) -> pd.DataFrame:
    hook = PostgresHook(postgres_conn_id="ehr_replica")
    labs = hook.get_pandas_df("SELECT mrn, lab_result, blood_type FROM ehr.labs WHERE day = %s", parameters=[ds])  # truth: AUD
    return labs


def pseudonymise(ds: str, **_) -> None:
    salt = Variable.get("phi_salt")  # trap
    fernet = Fernet(Variable.get("phi_fernet_key").encode())  # trap
    audit.info("pseudonymisation started ds=%s", ds)
    df = pd.read_parquet(RAW.format(ds=ds))
    df["mrn"] = df["mrn"].map(lambda v: _salted(v, salt))
    df["insurance_member_id"] = df["insurance_member_id"].map(lambda v: fernet.encrypt(str(v).encode()))
    df = df.drop(columns=["patient_name", "date_of_birth", "diagnosis", "medication"])
    df.to_parquet(PSEUDO.format(ds=ds), index=False)  # trap


def publish_stats(ds: str, **_) -> None:
    audit.info("stats read of pseudonymised extract ds=%s", ds)
    df = pd.read_parquet(PSEUDO.format(ds=ds))
    log.info("published %d encounters for %s", len(df), ds)  # trap
    print(df.describe())  # trap


with DAG(
    dag_id="readmission_phi_extract",
    default_args=DEFAULT_ARGS,
    schedule="0 3 * * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    tags=["phi", "readmission"],
) as dag:
    t_extract = PythonOperator(task_id="extract", python_callable=extract)
    t_labs = PythonOperator(task_id="extract_labs", python_callable=extract_labs)
    t_pseudo = PythonOperator(task_id="pseudonymise", python_callable=pseudonymise)
    t_stats = PythonOperator(task_id="publish_stats", python_callable=publish_stats)
    t_extract >> t_pseudo >> t_stats
    t_labs >> t_pseudo
