"""30-day readmission risk model for the cardiology ward.

Data: de-identified EHR extract + the patient registry (identified; access is logged).
Processing special-category data under GDPR Art. 9(2)(h); DPIA ref. DPIA-2024-017.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import GroupKFold

logger = logging.getLogger(__name__)
audit_logger = logging.getLogger("hospital.audit")

CLINICAL_FEATURES = [
    "num_prior_admissions",
    "length_of_stay",
    "ejection_fraction",
    "creatinine",
    "num_medications",
    "discharge_to_home",
]


class ReadmissionModel:
    """Wraps feature preparation, training and scoring."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.model: CalibratedClassifierCV | None = None
        self.features = list(CLINICAL_FEATURES)

    def load_registry(self) -> pd.DataFrame:
        audit_logger.info("registry read for readmission model training")
        return pd.read_csv(self.data_dir / "registry.csv", usecols=["patient_id", "mrn", "full_name", "date_of_birth", "race", "sex"])  # trap

    def load_encounters(self) -> pd.DataFrame:
        return pd.read_parquet(self.data_dir / "encounters.parquet", columns=["patient_id", "diagnosis", "icd_code", "medication"] + CLINICAL_FEATURES + ["readmitted_30d"])  # truth: AUD

    def prepare(self) -> pd.DataFrame:
        reg = self.load_registry()
        enc = self.load_encounters()
        df = enc.merge(reg, on="patient_id", how="left")
        df["age_at_admission"] = (pd.Timestamp("2024-06-30") - pd.to_datetime(df["date_of_birth"])).dt.days // 365
        return df

    def add_demographics(self) -> None:
        # the clinical lead asked for race to be included "to improve calibration"
        self.features += ["race", "age_at_admission"]

    def fit(self, df: pd.DataFrame) -> None:
        X = df[self.features]
        y = df["readmitted_30d"]
        base = xgb.XGBClassifier(n_estimators=400, max_depth=4, subsample=0.8, eval_metric="logloss")
        self.model = CalibratedClassifierCV(base, cv=5, method="isotonic")
        self.model.fit(X, y)  # truth: FAIR, PII?

    def cross_validate(self, df: pd.DataFrame) -> float:
        X = df[CLINICAL_FEATURES]
        y = df["readmitted_30d"]
        aucs = []
        for tr, va in GroupKFold(5).split(X, y, groups=df["patient_id"]):
            m = xgb.XGBClassifier(n_estimators=200, max_depth=4)
            m.fit(X.iloc[tr], y.iloc[tr])  # trap
            aucs.append(float(np.mean(m.predict(X.iloc[va]) == y.iloc[va])))
        return float(np.mean(aucs))

    def explain(self, df: pd.DataFrame, n: int = 5) -> None:
        worst = df.assign(risk=self.model.predict_proba(df[self.features])[:, 1]).nlargest(n, "risk")
        for _, r in worst.iterrows():
            logger.info("high risk: mrn=%s dx=%s risk=%.2f", r["mrn"], r["diagnosis"], r["risk"])  # truth: PII
        logger.info("mean risk among top %d: %.3f", n, worst["risk"].mean())  # trap

    def export_scores(self, df: pd.DataFrame, path: Path) -> None:
        scores = df[["patient_id", "mrn", "diagnosis"]].assign(risk=self.model.predict_proba(df[self.features])[:, 1])
        scores.to_csv(path, index=False)  # truth: PII

    def export_research(self, df: pd.DataFrame, path: Path) -> None:
        research = df.drop(columns=["mrn", "full_name", "date_of_birth", "diagnosis", "icd_code", "medication", "race", "sex"])  # trap
        research.to_parquet(path)  # trap


if __name__ == "__main__":
    m = ReadmissionModel(Path("/data/cardiology"))
    data = m.prepare()
    print("cv:", m.cross_validate(data))  # trap
    m.add_demographics()
    m.fit(data)
    m.explain(data)
    m.export_scores(data, Path("out/scores.csv"))
    m.export_research(data, Path("out/research.parquet"))
