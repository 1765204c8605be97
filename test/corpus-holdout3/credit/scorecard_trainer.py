"""Application scorecard trainer (retail credit, v3).

Run: python -m credit.scorecard_trainer --snapshot 2026-10-31
"""
import argparse
import logging
import os
from dataclasses import dataclass, field

import joblib
import lightgbm as lgb
import mlflow
import pandas as pd
from sqlalchemy import create_engine

log = logging.getLogger(__name__)
audit = logging.getLogger("credit.audit")

DB_URL = "postgresql://scoring_rw:WQOtnHiKx3UHaTX0oQ@pg-credit.internal:5432/risk"  # truth: SEC
DB_URL_TEMPLATE = "postgresql://scoring_rw:${CREDIT_DB_PASSWORD}@pg-credit.internal:5432/risk"  # trap
PASSWORD_MIN_LENGTH = 12  # trap


@dataclass
class ScorecardConfig:
    snapshot: str
    target: str = "default_12m"
    base_features: list = field(default_factory=lambda: ["income", "tenure_months", "utilisation", "num_inquiries_6m"])
    demographic_features: list = field(default_factory=lambda: ["applicant_age", "marital_status"])
    use_demographics: bool = True
    num_rounds: int = 400


class ScorecardTrainer:
    def __init__(self, cfg: ScorecardConfig):
        self.cfg = cfg
        self.engine = create_engine(os.environ.get("CREDIT_DB_URL", DB_URL_TEMPLATE))  # trap
        self.df = None
        self.features = list(cfg.base_features)
        if cfg.use_demographics:
            self.features += cfg.demographic_features

    def load(self):
        query = f"SELECT * FROM applicants WHERE snapshot_date = '{self.cfg.snapshot}'"
        self.df = pd.read_sql(query, self.engine)  # truth: AUD
        log.info("loaded %d rows, columns=%s", len(self.df), ",".join(self.df.columns))  # trap
        return self

    def load_bureau(self):
        audit.info("bureau pull for snapshot %s", self.cfg.snapshot)
        bureau = pd.read_sql("SELECT applicant_id, bureau_score FROM bureau_scores", self.engine)  # trap
        self.df = self.df.merge(bureau, on="applicant_id", how="left")
        self.features.append("bureau_score")
        return self

    def train(self):
        X = self.df[self.features]
        y = self.df[self.cfg.target]
        ds = lgb.Dataset(X, y)
        self.model = lgb.train({"objective": "binary", "learning_rate": 0.03}, ds, self.cfg.num_rounds)  # truth: FAIR
        mlflow.log_param("features", self.features)  # trap
        return self

    def debug_sample(self):
        sample = self.df[["applicant_id", "full_name", "email", "income"]].head(20)
        print(sample.to_string())  # truth: PII
        print(self.df["marital_status"].value_counts())  # trap

    def export_declines(self, path):
        declines = self.df[self.df["decision"] == "decline"]
        declines[["applicant_id", "national_id", "phone", "decision"]].to_csv(path, index=False)  # truth: PII

    def save(self, path):
        joblib.dump(self.model, path)  # trap


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--snapshot", required=True)
    ap.add_argument("--no-demographics", action="store_true")
    args = ap.parse_args()
    cfg = ScorecardConfig(snapshot=args.snapshot, use_demographics=not args.no_demographics)
    with mlflow.start_run(run_name=f"scorecard-{args.snapshot}"):  # trap
        t = ScorecardTrainer(cfg).load().load_bureau().train()
        t.save("artifacts/scorecard.joblib")


def export_for_vendor(trainer, path):
    vendor = trainer.df.rename(columns={"national_id": "nid", "date_of_birth": "dob_v"})
    cols = ["applicant_id", "nid", "dob_v", "income"]
    vendor[cols].to_parquet(path)  # truth: PII
    mlflow.log_dict(trainer.df["decision"].value_counts().to_dict(), "decisions.json")  # trap
    mlflow.log_dict(vendor[cols].head(5).to_dict(orient="records"), "vendor_preview.json")  # truth: PII
    mlflow.log_metric("vendor_rows", len(vendor))  # trap


def data_quality(df):
    print(df[["income", "utilisation"]].describe())  # trap
    print(df["email"].isna().mean())  # trap
    print(df["national_id"].nunique(), "distinct applicants")  # trap
    print(df.groupby("marital_status")["default_12m"].mean())  # trap
    return df.drop(columns=["national_id", "phone", "email", "full_name"]).to_parquet("out/applicants_clean.parquet")  # trap


if __name__ == "__main__":
    main()
