"""Responder model for the phase II oncology trial (NCT-internal 0417), on Dask.

Subject-level data arrive as one parquet per site from the EDC export.
"""
import logging
import os
import pickle

import dask.dataframe as dd
import numpy as np
from dask.distributed import Client
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

log = logging.getLogger("trial0417")
audit = logging.getLogger("gxp.audit")

SITE_GLOB = "abfs://edc-exports@pharmalake.dfs.core.windows.net/0417/subjects/site=*/part-*.parquet"
STORAGE = {
    "account_name": "pharmalake",
    "client_id": "7c2f5a9e-3b1d-4e8a-9f0c-2d6b8e1a4c73",
    "client_secret": "BRS2Q~zqjFm43TZqcHU37qQ819pWQ3vHpOLW7Yyi",  # truth: SEC
    "tenant_id": "0f6c1d2e-8b7a-4c3d-9e5f-1a2b3c4d5e6f",
}

BIOMARKERS = ["pdl1_tps", "tmb", "ctdna_baseline", "ldh", "albumin", "ecog"]
DEMOGRAPHICS = ["age_at_consent", "sex", "race"]


def load_subjects():
    ddf = dd.read_parquet(SITE_GLOB, storage_options=STORAGE)  # truth: AUD
    ddf = ddf[ddf["randomised"] == 1]
    ddf["responder"] = ddf["best_overall_response"].isin(["CR", "PR"]).astype("int8")
    return ddf


def load_prior_scaler(path="artifacts/scaler_0417_interim.pkl"):
    audit.info("loading interim scaler %s", path)
    with open(path, "rb") as fh:
        return pickle.load(fh)  # truth: SER


def main():
    client = Client(os.environ.get("DASK_SCHEDULER", "tcp://127.0.0.1:8786"))
    ddf = load_subjects()

    per_site = ddf.groupby("site_id")["responder"].mean().compute()
    log.info("response rate by site:\n%s", per_site)  # trap

    pdf = ddf[["subject_id", "initials", "date_of_birth"] + BIOMARKERS + DEMOGRAPHICS + ["responder"]].compute()
    log.info("subjects loaded: %d", len(pdf))  # trap

    scaler = load_prior_scaler()
    X_bio = scaler.transform(pdf[BIOMARKERS].fillna(pdf[BIOMARKERS].median()))
    sex = (pdf["sex"] == "F").astype(float).to_numpy()
    X_full = np.c_[X_bio, pdf["age_at_consent"].to_numpy(), sex]
    y = pdf["responder"].to_numpy()

    primary = LogisticRegression(C=0.5, max_iter=1000)
    primary.fit(X_bio, y)  # trap

    # exploratory: does adjusting for age/sex change the biomarker signal? (SAP section 9.4)
    adjusted = LogisticRegression(C=0.5, max_iter=1000)
    adjusted.fit(X_full, y)  # truth: FAIR

    out = pdf[["subject_id", "initials", "date_of_birth", "responder"]].assign(p=primary.predict_proba(X_bio)[:, 1])
    out.to_csv("outputs/0417_subject_scores.csv", index=False)  # truth: PII

    pooled = pdf.drop(columns=["initials", "date_of_birth", "race"])
    pooled.to_parquet("outputs/0417_analysis_set.parquet")  # trap
    audit.info("analysis set written")
    client.close()


if __name__ == "__main__":
    main()
