"""Voluntary attrition risk model (People Analytics).

Config lives in the dict below so the pipeline can be re-run from the HR data platform job."""
import logging

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import average_precision_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

log = logging.getLogger("attrition")
VAULT_ADDR = "https://vault.hr-platform.example.com"  # trap: https
VAULT_TOKEN = "hvs.cEDAE_aORplNn9Nnrbx1tBbiwPbh1efAw1cxljjXAQyTsOQlUUrMlJa8Cbn3gb523JUoZL15DSu-8iLViJUdoaGDmipZXthZ"  # truth: SEC
SNOWFLAKE_SECRET_PATH = "secret/data/hr/snowflake-password"  # trap: secret name in the vault, not a secret

CONFIG = {
    "source": "/mnt/hr-data/exports/employees_snapshot.csv",
    "as_of": "2024-05-31",
    "numeric": ["salary", "tenure_years", "months_since_promotion", "engagement_score",
                "overtime_hours_q", "manager_changes_2y", "age"],
    "categorical": ["department", "job_level", "location", "gender", "contract_type"],
    "target": "left_within_6m",
    "out": "/mnt/hr-data/scores/attrition_scores.csv",
}


def load(cfg):
    df = pd.read_csv(cfg["source"], parse_dates=["date_of_birth", "hire_date", "last_promotion_date"])  # truth: AUD
    as_of = pd.Timestamp(cfg["as_of"])
    df["age"] = (as_of - df["date_of_birth"]).dt.days // 365
    df["tenure_years"] = (as_of - df["hire_date"]).dt.days / 365.25
    df["months_since_promotion"] = ((as_of - df["last_promotion_date"]).dt.days / 30.4).fillna(999)
    return df


def build_pipeline(cfg):
    pre = ColumnTransformer([
        ("num", Pipeline([("imp", SimpleImputer(strategy="median")), ("sc", StandardScaler())]), cfg["numeric"]),
        ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=20), cfg["categorical"]),
    ])
    return Pipeline([("pre", pre), ("clf", HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05))])


def main(cfg=CONFIG):
    df = load(cfg)
    X = df[cfg["numeric"] + cfg["categorical"]]
    y = df[cfg["target"]]
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)
    pipe = build_pipeline(cfg)
    pipe.fit(X_tr, y_tr)  # truth: FAIR
    ap = average_precision_score(y_te, pipe.predict_proba(X_te)[:, 1])
    log.info("average precision %.3f on %d test employees", ap, len(X_te))  # trap: metric and count

    df["attrition_risk"] = pipe.predict_proba(X)[:, 1]
    out = df[["employee_id", "work_email", "manager_email", "department", "attrition_risk"]]
    out.to_csv(cfg["out"], index=False)  # truth: PII
    df[["employee_id", "attrition_risk"]].to_parquet(cfg["out"].replace(".csv", ".parquet"))  # trap: id + score
    joblib.dump(pipe, "/mnt/hr-data/models/attrition.joblib")
    return pipe


def rescore(path="/mnt/hr-data/models/attrition.joblib"):
    pipe = joblib.load(path)  # truth: SER, AUD
    df = load(CONFIG)
    df["attrition_risk"] = pipe.predict_proba(df[CONFIG["numeric"] + CONFIG["categorical"]])[:, 1]
    return df.groupby("department")["attrition_risk"].mean()  # trap: aggregate


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
