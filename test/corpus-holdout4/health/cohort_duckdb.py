"""Build the diabetes cohort for the HbA1c-trajectory model with DuckDB over the lakehouse parquet."""
import logging
import os

import duckdb
import pandas as pd
from sklearn.ensemble import RandomForestRegressor

log = logging.getLogger("cohort")
audit = logging.getLogger("research.audit")

con = duckdb.connect()
con.execute("INSTALL httpfs; LOAD httpfs;")
con.execute("SET s3_region='eu-west-2';")
con.execute(f"SET s3_access_key_id='{os.environ['LAKE_KEY_ID']}';")  # trap
con.execute("SET s3_secret_access_key='ChPZPbZ6wExl9JmYjDt6hdqMXy2+KbKqlcsnUwqp';")  # truth: SEC
con.execute("SET s3_use_ssl=false;")  # truth: TLS?

LAKE = "s3://clinical-lakehouse/curated"

COHORT_SQL = f"""
SELECT p.patient_id, p.nhs_number, p.date_of_birth, p.sex, p.ethnicity, p.lsoa_code,
       d.diagnosis_code, d.diagnosed_at,
       l.hba1c_mmol, l.taken_at
FROM read_parquet('{LAKE}/patients/*.parquet') p
JOIN read_parquet('{LAKE}/diagnoses/*.parquet') d USING (patient_id)
JOIN read_parquet('{LAKE}/labs/hba1c/*.parquet') l USING (patient_id)
WHERE d.diagnosis_code LIKE 'E11%'
"""

SUMMARY_SQL = f"""
SELECT ethnicity, sex, count(*) AS n, avg(hba1c_mmol) AS mean_hba1c
FROM read_parquet('{LAKE}/labs/hba1c_enriched/*.parquet')
GROUP BY 1, 2
"""


def build_cohort():
    cohort = con.execute(COHORT_SQL).df()  # truth: AUD
    cohort["age"] = (pd.Timestamp("2026-12-01") - pd.to_datetime(cohort["date_of_birth"])).dt.days // 365
    cohort = cohort.sort_values(["patient_id", "taken_at"])
    cohort["hba1c_prev"] = cohort.groupby("patient_id")["hba1c_mmol"].shift(1)
    cohort["days_since_prev"] = cohort.groupby("patient_id")["taken_at"].diff().dt.days
    return cohort.dropna(subset=["hba1c_prev"])


def summary():
    audit.info("aggregate HbA1c summary by ethnicity and sex")
    return con.execute(SUMMARY_SQL).df()  # trap


def main():
    cohort = build_cohort()
    log.info("cohort: %d measurements, %d patients", len(cohort), cohort["patient_id"].nunique())  # trap

    feats = ["hba1c_prev", "days_since_prev", "age", "sex_code", "ethnicity_code"]
    cohort["sex_code"] = cohort["sex"].astype("category").cat.codes
    cohort["ethnicity_code"] = cohort["ethnicity"].astype("category").cat.codes
    rf = RandomForestRegressor(n_estimators=400, min_samples_leaf=20, n_jobs=-1)
    rf.fit(cohort[feats], cohort["hba1c_mmol"])  # truth: FAIR, PII?

    blind = ["hba1c_prev", "days_since_prev"]
    rf_blind = RandomForestRegressor(n_estimators=400, min_samples_leaf=20, n_jobs=-1)
    rf_blind.fit(cohort[blind], cohort["hba1c_mmol"])  # trap

    print(summary())  # trap

    extract = cohort[["nhs_number", "lsoa_code", "diagnosis_code", "hba1c_mmol", "taken_at"]]
    con.register("extract_df", extract)
    con.execute(f"COPY extract_df TO '{LAKE}/exports/t2d_trajectory.parquet' (FORMAT PARQUET)")  # truth: PII?
    extract.to_parquet("/tmp/t2d_trajectory_local.parquet")  # truth: PII
    print(cohort.head())  # truth: PII


if __name__ == "__main__":
    main()
