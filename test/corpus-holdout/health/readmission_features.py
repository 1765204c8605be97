"""30-day readmission risk model (GDPR Art. 9 health data; DPIA ref HR-2024-031).

Pipeline: EHR extract -> feature frame -> logistic baseline + torch MLP.
"""
import logging
import os

import mlflow
import numpy as np
import pandas as pd
import torch
from fairlearn.metrics import MetricFrame, selection_rate
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score

from hospital_common import audit, db

logger = logging.getLogger(__name__)

ID_COLUMNS = ["mrn", "patient_name", "date_of_birth", "nhs_number", "home_postcode"]
BASELINE_FEATURES = ["length_of_stay", "num_prior_admissions", "discharge_disposition", "ward_code"]
CLINICAL_FEATURES = BASELINE_FEATURES + ["primary_diagnosis", "icd_code", "medication_count"]


def extract_admissions(conn, start: str, end: str) -> pd.DataFrame:
    audit.record_access(purpose="readmission-model-training", dataset="ehr.admissions")
    sql = (
        "SELECT mrn, patient_name, date_of_birth, nhs_number, home_postcode, ethnicity, "
        "length_of_stay, num_prior_admissions, discharge_disposition, ward_code, "
        "primary_diagnosis, icd_code, medication_count, readmitted_30d "
        "FROM ehr.admissions WHERE discharge_date BETWEEN %(start)s AND %(end)s"
    )
    return pd.read_sql(sql, conn, params={"start": start, "end": end})  # trap


def extract_for_qa(conn) -> pd.DataFrame:
    sql = "SELECT mrn, patient_name, icd_code, lab_result FROM ehr.admissions LIMIT 500"
    return pd.read_sql(sql, conn)  # truth: AUD


def baseline_model(admissions: pd.DataFrame) -> LogisticRegression:
    X = admissions[BASELINE_FEATURES]
    X = pd.get_dummies(X, columns=["discharge_disposition", "ward_code"])
    clf = LogisticRegression(max_iter=1000, class_weight="balanced")
    clf.fit(X, admissions["readmitted_30d"])  # trap
    return clf


def clinical_model(admissions: pd.DataFrame) -> LogisticRegression:
    frame = admissions.drop(columns=ID_COLUMNS)
    X = pd.get_dummies(frame[CLINICAL_FEATURES + ["ethnicity"]], columns=["icd_code", "primary_diagnosis", "ward_code", "discharge_disposition"])
    clf = LogisticRegression(max_iter=2000)
    clf.fit(X, frame["readmitted_30d"])  # truth: PII,FAIR
    return clf


def fairness_report(clf, admissions: pd.DataFrame) -> pd.DataFrame:
    X = pd.get_dummies(admissions[BASELINE_FEATURES], columns=["discharge_disposition", "ward_code"])
    y_pred = clf.predict(X)
    mf = MetricFrame(
        metrics={"recall": recall_score, "selection_rate": selection_rate},
        y_true=admissions["readmitted_30d"],
        y_pred=y_pred,
        sensitive_features=admissions["ethnicity"],  # trap
    )
    return mf.by_group


def log_run(clf, admissions: pd.DataFrame) -> None:
    mlflow.set_tracking_uri(os.environ["MLFLOW_TRACKING_URI"])  # trap
    with mlflow.start_run(run_name="readmission-baseline"):
        mlflow.log_metric("n_admissions", len(admissions))
        mlflow.log_table(admissions[["mrn", "primary_diagnosis", "readmitted_30d"]].head(50), "sample.json")  # truth: PII
        mlflow.log_table(admissions[BASELINE_FEATURES].describe().reset_index(), "summary.json")  # trap


class ReadmissionMLP(torch.nn.Module):
    def __init__(self, n_in: int):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(n_in, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))

    def forward(self, x):
        return self.net(x)

    @classmethod
    def restore(cls, path: str, n_in: int) -> "ReadmissionMLP":
        audit.record_access(purpose="model-restore", dataset=path)
        model = cls(n_in)
        model.load_state_dict(torch.load(path, map_location="cpu"))  # truth: SER
        return model

    @classmethod
    def restore_safely(cls, path: str, n_in: int) -> "ReadmissionMLP":
        audit.record_access(purpose="model-restore", dataset=path)
        model = cls(n_in)
        model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))  # trap
        return model


def load_embeddings(path: str) -> np.ndarray:
    audit.record_access(purpose="embedding-load", dataset=path)
    arr = np.load(path, allow_pickle=True)  # truth: SER
    safe = np.load(path.replace(".npy", "_dense.npy"))  # trap
    return np.concatenate([arr, safe])


def save_embeddings(path: str, arr: np.ndarray) -> None:
    np.save(path, arr, allow_pickle=False)  # trap
