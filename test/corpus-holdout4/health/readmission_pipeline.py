"""30-day readmission model for the discharge planning tool.

sklearn Pipeline: ColumnTransformer (numeric + one-hot) -> HistGradientBoosting.
"""
import logging
import os

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

log = logging.getLogger("readmit")
audit = logging.getLogger("clinical.audit")

NUMERIC = ["length_of_stay", "n_prior_admissions_12m", "n_medications", "charlson_index",
           "last_hb", "last_creatinine"]
CATEGORICAL = ["admission_type", "discharge_destination", "ward_specialty"]
CLINICAL_CODES = ["primary_diagnosis_icd10", "secondary_diagnosis_icd10"]
TARGET = "readmitted_30d"


def load_encounters(path):
    audit.info("encounter extract read for readmission training: %s", path)
    enc = pd.read_parquet(path)  # trap
    return enc[enc["discharge_date"] >= "2023-01-01"]


def make_preprocessor(numeric, categorical, remainder="drop"):
    return ColumnTransformer(
        [
            ("num", Pipeline([("imp", SimpleImputer(strategy="median")), ("sc", StandardScaler())]), numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=20), categorical),
        ],
        remainder=remainder,
    )


def promote(version: str):
    from mlflow.tracking import MlflowClient

    client = MlflowClient()
    client.transition_model_version_stage("readmission-30d", version, "Production", archive_existing_versions=True)  # truth: AUD


def main():
    enc = load_encounters(os.environ.get("ENCOUNTERS_PATH", "/data/ehr/encounters.parquet"))
    train, test = train_test_split(enc, test_size=0.25, random_state=11, stratify=enc[TARGET])

    # v1: whole frame in, the ColumnTransformer keeps only NUMERIC + CATEGORICAL
    v1 = Pipeline([("prep", make_preprocessor(NUMERIC, CATEGORICAL)),
                   ("clf", HistGradientBoostingClassifier(max_iter=300))])
    v1.fit(train, train[TARGET])  # trap

    # v2: adds the coded diagnoses, which the clinicians asked for
    v2 = Pipeline([("prep", make_preprocessor(NUMERIC, CATEGORICAL + CLINICAL_CODES)),
                   ("clf", HistGradientBoostingClassifier(max_iter=300))])
    v2.fit(train, train[TARGET])  # truth: PII

    # v3 (research): passthrough keeps every other column, incl. mrn, postcode, sex, age
    v3 = Pipeline([("prep", make_preprocessor(NUMERIC, CATEGORICAL, remainder="passthrough")),
                   ("clf", HistGradientBoostingClassifier(max_iter=300))])
    research_cols = NUMERIC + CATEGORICAL + ["mrn", "patient_postcode", "sex", "age", TARGET]
    v3.fit(train[research_cols].drop(columns=[TARGET]), train[TARGET])  # truth: PII, FAIR

    # simple benchmark on age + sex only, for the clinical governance paper
    bench = LogisticRegression(max_iter=500)
    bench.fit(pd.get_dummies(train[["age", "sex"]], columns=["sex"]), train[TARGET])  # truth: FAIR

    for name, model in [("v1", v1), ("v2", v2)]:
        acc = model.score(test, test[TARGET])
        log.info("%s accuracy=%.3f", name, acc)  # trap

    err = test.assign(p=v2.predict_proba(test)[:, 1])
    misses = err[(err["p"] < 0.1) & (err[TARGET] == 1)]
    log.warning("high-confidence misses:\n%s", misses[["mrn", "primary_diagnosis_icd10", "p"]].head(20))  # truth: PII
    log.info("miss rate by ward:\n%s", misses.groupby("ward_specialty").size())  # trap

    audit.info("persisting readmission model v2")
    joblib.dump(v2, "models/readmission_v2.joblib")


if __name__ == "__main__":
    main()
