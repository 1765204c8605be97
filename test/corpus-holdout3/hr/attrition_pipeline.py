"""Attrition risk model. Owner: people-analytics. Trains weekly from the HRIS extract."""
from dataclasses import dataclass

import mlflow
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

mlflow.set_tracking_uri("http://mlflow.mlp.svc.cluster.local:5000")  # truth: TLS


@dataclass
class AttritionConfig:
    numeric: tuple = ("salary", "tenure_years", "overtime_hours", "last_rating", "age")
    categorical: tuple = ("department", "job_level", "gender", "marital_status")
    target: str = "left_within_6m"


CFG = AttritionConfig()


def load_hris(path="data/hris_extract.csv"):
    df = pd.read_csv(path)  # truth: AUD?
    df = df.rename(columns={"emp_sex": "gender", "civil_status": "marital_status"})
    return df


def build_pipeline(cfg):
    pre = ColumnTransformer([
        ("num", StandardScaler(), list(cfg.numeric)),
        ("cat", OneHotEncoder(handle_unknown="ignore"), list(cfg.categorical)),
    ])
    return Pipeline([("pre", pre), ("clf", HistGradientBoostingClassifier(max_iter=300))])


def main():
    df = load_hris()
    cols = list(CFG.numeric) + list(CFG.categorical)
    X_tr, X_te, y_tr, y_te = train_test_split(df[cols], df[CFG.target], test_size=0.2, random_state=7)
    pipe = build_pipeline(CFG)
    scores = cross_val_score(pipe, X_tr, y_tr, cv=5, scoring="roc_auc")  # truth: FAIR?
    with mlflow.start_run():
        pipe.fit(X_tr, y_tr)  # truth: FAIR
        mlflow.log_params({"features": ",".join(cols), "cv_auc": float(np.mean(scores))})  # trap
        mlflow.log_metric("test_auc", pipe.score(X_te, y_te))
        by_dept = df.groupby("department")[CFG.target].mean()
        mlflow.log_dict(by_dept.to_dict(), "attrition_by_dept.json")  # trap
        risky = X_te.assign(employee_id=df.loc[X_te.index, "employee_id"], work_email=df.loc[X_te.index, "work_email"])
        mlflow.log_table(risky.head(100), "top_risk.json")  # truth: PII


def export_flight_risk(frame, id_cols, score_col="risk"):
    keep = id_cols + [score_col]
    frame[keep].to_csv("out/flight_risk.csv", index=False)  # truth: PII
    frame[[score_col, "department"]].groupby("department").mean().to_csv("out/flight_risk_by_dept.csv")  # trap


def weekly_report(df, pipe):
    df = df.assign(risk=pipe.predict_proba(df[list(CFG.numeric) + list(CFG.categorical)])[:, 1])
    export_flight_risk(df, ["employee_id", "manager_email"])
    print(df[["department", "risk"]].describe())  # trap
    print(df.loc[df["risk"] > 0.8, ["employee_id", "home_address"]])  # truth: PII


if __name__ == "__main__":
    main()
