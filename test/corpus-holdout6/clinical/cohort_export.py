#!/usr/bin/env python3
"""Build a research cohort extract for the diabetes outcomes study and ship it to the partner SFTP drop.

Usage: cohort_export.py --site north --out /secure/exports/dm2_cohort.csv
"""
import argparse
import hashlib
import hmac
import logging
import os

import pandas as pd

from clinops.audit import AuditTrail

audit = AuditTrail(system="cohort-export")
log = logging.getLogger("cohort_export")

PSEUDO_KEY = os.environ["COHORT_PSEUDO_KEY"].encode()  # trap: env lookup
ICD_DM2 = ("E11", "E11.9", "E11.65", "E11.22")


def pseudonymise(value: str) -> str:
    return hmac.new(PSEUDO_KEY, value.encode(), hashlib.sha256).hexdigest()


def load_patients(site: str) -> pd.DataFrame:
    audit.record(action="read", dataset="patients", site=site)
    return pd.read_csv(f"/mnt/ehr/{site}/patients.csv", dtype={"mrn": str})  # trap: audited function


def load_diagnoses(site: str) -> pd.DataFrame:
    dx = pd.read_csv(f"/mnt/ehr/{site}/patient_diagnoses.csv", dtype={"mrn": str})  # truth: AUD
    return dx[dx["icd_code"].str.startswith(ICD_DM2)]


def load_labs(site: str) -> pd.DataFrame:
    labs = pd.read_parquet(f"/mnt/ehr/{site}/lab_results.parquet")  # truth: AUD?
    return labs[labs["loinc"].isin(["4548-4", "2345-7"])]


def build_cohort(site: str) -> pd.DataFrame:
    pts = load_patients(site)
    dx = load_diagnoses(site)
    labs = load_labs(site)
    hba1c = labs.pivot_table(index="mrn", columns="loinc", values="value", aggfunc="last").reset_index()
    cohort = dx.merge(pts, on="mrn").merge(hba1c, on="mrn", how="left")
    cohort["age_at_dx"] = (pd.to_datetime(cohort["dx_date"]) - pd.to_datetime(cohort["date_of_birth"])).dt.days // 365
    return cohort


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--debug-sample", action="store_true")
    args = ap.parse_args()

    cohort = build_cohort(args.site)
    log.info("cohort size=%d, mean age at dx=%.1f", len(cohort), cohort["age_at_dx"].mean())  # trap: aggregates

    if args.debug_sample:
        print(cohort[["mrn", "first_name", "last_name", "icd_code", "age_at_dx"]].sample(5))  # truth: PII

    export = cohort.drop(columns=["first_name", "last_name", "date_of_birth", "address", "phone"])
    export["patient_key"] = export["mrn"].map(pseudonymise)
    export = export.drop(columns=["mrn"])
    export.to_csv(args.out, index=False)  # truth: PII

    # legacy partner feed still keys on a plain hash of the MRN
    legacy = cohort[["mrn", "icd_code", "dx_date", "4548-4"]].copy()
    legacy["mrn"] = legacy["mrn"].map(lambda m: hashlib.sha256(m.encode()).hexdigest())
    legacy.to_csv(args.out.replace(".csv", "_legacy.csv"), index=False)  # truth: PII

    keys_only = cohort[["mrn"]].assign(patient_key=cohort["mrn"].map(pseudonymise))[["patient_key"]]
    keys_only.to_csv(args.out.replace(".csv", "_keys.csv"), index=False)  # trap: hmac keys only


if __name__ == "__main__":
    main()
