from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass, field

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from claims_lib.audit import audit_event


@dataclass
class SeverityConfig:
    claims_path: str = "s3://ins-claims-curated/motor/claims_2019_2024.parquet"
    numeric: list[str] = field(default_factory=lambda: ["vehicle_age", "sum_insured", "policy_tenure_months",
                                                        "prior_claims_3y", "repair_estimate"])
    categorical: list[str] = field(default_factory=lambda: ["vehicle_group", "region_code", "cover_type"])
    claimant_cols: list[str] = field(default_factory=lambda: ["claimant_name", "claimant_phone", "postcode",
                                                              "policyholder_gender"])
    target: str = "incurred_amount"
    out_dir: str = "artifacts/severity"


def read_claims(cfg: SeverityConfig) -> pd.DataFrame:
    audit_event("claims.read", source=cfg.claims_path)
    return pd.read_parquet(cfg.claims_path)  # trap: covered by audit_event in the same function


def make_pipeline(cfg: SeverityConfig, remainder: str = "drop") -> Pipeline:
    pre = ColumnTransformer(
        [
            ("num", Pipeline([("imp", SimpleImputer(strategy="median")), ("sc", StandardScaler())]), cfg.numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=20), cfg.categorical),
        ],
        remainder=remainder,
    )
    return Pipeline([("pre", pre), ("gbm", HistGradientBoostingRegressor(max_iter=500, learning_rate=0.05))])


def train_v1(cfg: SeverityConfig, claims: pd.DataFrame) -> Pipeline:
    pipe = make_pipeline(cfg)
    frame = claims[cfg.numeric + cfg.categorical + cfg.claimant_cols]
    pipe.fit(frame, np.log1p(claims[cfg.target]))  # trap: ColumnTransformer keeps only numeric+categorical (remainder="drop")
    return pipe


def train_v2_passthrough(cfg: SeverityConfig, claims: pd.DataFrame) -> Pipeline:
    # experiment: let the booster see the "leftover" columns too
    pipe = make_pipeline(cfg, remainder="passthrough")
    frame = claims[cfg.numeric + cfg.categorical + ["policyholder_gender", "policyholder_age"]]
    frame = frame.assign(policyholder_gender=(frame.policyholder_gender == "F").astype(int))
    pipe.fit(frame, np.log1p(claims[cfg.target]))  # truth: FAIR
    return pipe


def export_large_losses(cfg: SeverityConfig, claims: pd.DataFrame, threshold: float = 50_000) -> None:
    big = claims.loc[claims[cfg.target] > threshold, ["claim_id", *cfg.claimant_cols, cfg.target]]
    big.to_csv(pathlib.Path(cfg.out_dir) / "large_losses_for_siu.csv", index=False)  # truth: PII
    summary = big.groupby("postcode").size().rename("n").reset_index()
    summary.to_json(pathlib.Path(cfg.out_dir) / "large_losses_by_area.json")  # trap: counts per area, no rows


def main() -> None:
    cfg = SeverityConfig()
    claims = read_claims(cfg)
    out = pathlib.Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = train_v1(cfg, claims)
    joblib.dump(model, out / "severity_v1.joblib")  # trap: dump, not load
    if (out / "severity_v2.joblib").exists():
        previous = joblib.load(out / "severity_v2.joblib")  # truth: SER, AUD?
        print(type(previous).__name__)
    train_v2_passthrough(cfg, claims)
    export_large_losses(cfg, claims)
    (out / "config.json").write_text(json.dumps(cfg.__dict__, indent=2))  # trap: config only


if __name__ == "__main__":
    main()
