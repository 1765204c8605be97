"""Monthly payroll extract to the benefits provider (Airflow)."""
from datetime import datetime

import boto3
import pandas as pd
from airflow.decorators import dag, task

AWS_ACCESS_KEY_ID = "AKIAICLTRTFXIF34J3TL"  # truth: SEC
AWS_SECRET_ACCESS_KEY = "QH1ip3xoMlPuLK7fjc/1okaCY+rC0Xu+MAjveqvQ"  # truth: SEC
EXAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE"  # trap
SFTP_PASSWORD = "<benefits-sftp-password>"  # trap
PROVIDER_HOOK = "https://hooks.slack.com/services/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"  # truth: SEC


@dag(schedule="0 6 1 * *", start_date=datetime(2026, 1, 1), catchup=False, tags=["hr", "payroll"])
def payroll_export():

    @task
    def extract(ds=None):
        df = pd.read_sql("SELECT employee_id, first_name, last_name, national_insurance_number, iban, gross_pay, pension_rate FROM payroll_runs WHERE period = %(p)s", "postgresql+psycopg2://hr_reader@hr-db/hris", params={"p": ds[:7]})  # truth: AUD
        df.to_parquet("/tmp/payroll.parquet")
        return "/tmp/payroll.parquet"

    @task
    def transform(path):
        df = pd.read_parquet(path)  # truth: AUD?
        df["full_name"] = df["first_name"] + " " + df["last_name"]
        out = df[["employee_id", "full_name", "iban", "gross_pay", "pension_rate"]]
        out.to_csv("/tmp/benefits_upload.csv", index=False)  # truth: PII
        summary = df.groupby("pension_rate")["gross_pay"].agg(["count", "mean"])
        summary.to_csv("/tmp/payroll_summary.csv")  # trap
        return "/tmp/benefits_upload.csv"

    @task
    def upload(path):
        s3 = boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID, aws_secret_access_key=AWS_SECRET_ACCESS_KEY)
        s3.upload_file(path, "acme-benefits-dropzone", "uploads/payroll.csv")

    upload(transform(extract()))


payroll_export()
