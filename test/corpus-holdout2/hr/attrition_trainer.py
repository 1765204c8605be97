# People analytics: voluntary-attrition model trainer, run monthly from the HR data platform.
import logging
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.linear_model import LogisticRegression
from fairlearn.metrics import MetricFrame, selection_rate
from sklearn.metrics import roc_auc_score

LOG = logging.getLogger("hr.attrition")

CONFIG = {
    "tracking_uri": "http://mlflow.hr-analytics.corp.internal:5000",  # truth: TLS
    "experiment": "attrition-monthly",
    "features": {
        "numeric": ["tenure_months", "base_salary", "last_rating", "overtime_hours", "commute_km"],
        "categorical": ["department", "job_level", "gender", "marital_status", "union_member"],
    },
    "label": "left_within_6m",
    "sensitive": ["gender", "ethnicity", "age_band"],
}


class AttritionTrainer:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        mlflow.set_tracking_uri(cfg["tracking_uri"])
        mlflow.set_experiment(cfg["experiment"])

    def load(self, path: Path) -> pd.DataFrame:
        df = pd.read_parquet(path)  # truth: AUD?
        LOG.info("loaded %s rows; departments=%s", len(df), df["department"].nunique())  # trap
        return df

    def build_matrix(self, df: pd.DataFrame) -> pd.DataFrame:
        X = pd.DataFrame(index=df.index)
        keep = self.cfg["features"]["numeric"]
        X[keep] = df[keep]
        for col in self.cfg["features"]["categorical"]:
            X[col] = df[col].astype("category").cat.codes
        return X

    def train(self, df: pd.DataFrame):
        X = self.build_matrix(df)
        y = df[self.cfg["label"]]
        mask = np.random.default_rng(3).random(len(df)) < 0.8
        model = xgb.XGBClassifier(n_estimators=500, max_depth=5, subsample=0.8, eval_metric="auc")
        with mlflow.start_run():
            mlflow.log_params({"n_features": X.shape[1], "feature_names": ",".join(X.columns)})  # trap
            model.fit(X[mask], y[mask])  # truth: FAIR, PII
            baseline = LogisticRegression(max_iter=1000).fit(X[mask], y[mask])  # truth: FAIR, PII
            mlflow.log_metric("baseline_auc", roc_auc_score(y[~mask], baseline.predict_proba(X[~mask])[:, 1]))
            proba = model.predict_proba(X[~mask])[:, 1]
            mlflow.log_metric("auc", roc_auc_score(y[~mask], proba))
            frame = MetricFrame(  # trap
                metrics=selection_rate,
                y_true=y[~mask],
                y_pred=proba > 0.5,
                sensitive_features=df.loc[~mask, self.cfg["sensitive"]],
            )
            mlflow.log_dict(frame.by_group.reset_index().to_dict("list"), "fairness_by_group.json")  # trap
            top = df.loc[~mask, ["employee_name", "work_email", "department"]].assign(risk=proba)
            LOG.info("highest-risk employees:\n%s", top.nlargest(20, "risk").to_string())  # truth: PII
        return model


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    trainer = AttritionTrainer(CONFIG)
    trainer.train(trainer.load(Path("/data/hr/snapshots/2024-06/employees.parquet")))
