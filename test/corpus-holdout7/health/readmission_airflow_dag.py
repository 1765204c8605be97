from datetime import datetime, timedelta

import pandas as pd
from airflow.decorators import dag, task
from airflow.providers.postgres.hooks.postgres import PostgresHook

from clinical_platform.governance import AuditTrail
from clinical_platform.phi import hmac_token

EHR_CONN = "ehr_replica"
FEATURE_DIR = "/opt/airflow/data/readmission"
audit = AuditTrail(app="readmission-30d")

default_args = {"owner": "clinical-ds", "retries": 2, "retry_delay": timedelta(minutes=10)}


@dag(schedule="0 4 * * *", start_date=datetime(2024, 1, 1), catchup=False, default_args=default_args,
     tags=["phi", "readmission"])
def readmission_30d():
    @task
    def extract_encounters(ds=None):
        hook = PostgresHook(postgres_conn_id=EHR_CONN)
        audit.record("extract", table="encounters", run_date=ds)
        df = hook.get_pandas_df(  # trap: covered by audit.record in this task
            "SELECT mrn, patient_name, dob, admit_ts, discharge_ts, primary_icd10, los_days, "
            "num_prior_admits, discharge_disposition, payer_type, readmitted_30d "
            "FROM ehr.inpatient_encounters WHERE discharge_ts::date = %s", parameters=[ds])
        path = f"{FEATURE_DIR}/encounters_{ds}.parquet"
        df.to_parquet(path)  # truth: PII
        return path

    @task
    def extract_labs(ds=None):
        hook = PostgresHook(postgres_conn_id=EHR_CONN)
        labs = hook.get_pandas_df(  # truth: AUD
            "SELECT mrn, loinc_code, lab_result, result_ts FROM ehr.lab_results WHERE result_ts::date = %s",
            parameters=[ds])
        labs["mrn"] = labs["mrn"].map(hmac_token)
        labs.to_parquet(f"{FEATURE_DIR}/labs_{ds}.parquet")  # truth: PII
        return f"{FEATURE_DIR}/labs_{ds}.parquet"

    @task
    def build_training_frame(enc_path, labs_path):
        enc = pd.read_parquet(enc_path)  # truth: AUD
        labs = pd.read_parquet(labs_path)  # truth: AUD
        enc["patient_key"] = enc.pop("mrn").map(hmac_token)
        enc = enc.drop(columns=["patient_name", "dob"])
        piv = labs.pivot_table(index="mrn", columns="loinc_code", values="lab_result", aggfunc="last")
        frame = enc.merge(piv, left_on="patient_key", right_index=True, how="left")
        frame.to_parquet(f"{FEATURE_DIR}/train_frame.parquet")  # truth: PII
        return f"{FEATURE_DIR}/train_frame.parquet"

    @task
    def train(frame_path):
        import mlflow
        from sklearn.ensemble import GradientBoostingClassifier

        audit.record("train", source=frame_path)
        frame = pd.read_parquet(frame_path)  # trap: covered by audit.record
        y = frame.pop("readmitted_30d")
        X = pd.get_dummies(frame.drop(columns=["patient_key", "admit_ts", "discharge_ts"]),
                           columns=["primary_icd10", "discharge_disposition", "payer_type"])
        clf = GradientBoostingClassifier(n_estimators=300, max_depth=3)
        clf.fit(X, y)  # truth: PII
        mlflow.set_tracking_uri("https://mlflow.clinical.example.org")  # trap: https
        mlflow.sklearn.log_model(clf, "model", registered_model_name="readmission-30d")  # trap: covered by audit.record
        frame.groupby("payer_type")["los_days"].mean().to_csv(f"{FEATURE_DIR}/los_by_payer.csv")  # trap: aggregate

    enc = extract_encounters()
    labs = extract_labs()
    train(build_training_frame(enc, labs))


readmission_30d()
