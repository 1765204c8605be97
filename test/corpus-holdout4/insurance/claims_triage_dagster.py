"""Dagster assets for the home-insurance claims triage model (fast-track vs. adjuster)."""
import json
import logging

import joblib
import pandas as pd
from dagster import AssetExecutionContext, Definitions, EnvVar, asset, define_asset_job
from dagster_aws.s3 import S3Resource
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

audit = logging.getLogger("claims.audit")

NUM = ["claim_amount", "days_to_report", "prior_claims_5y", "policy_tenure_years", "sum_insured"]
CAT = ["peril", "property_type", "channel"]
PERSONAL = ["claimant_name", "claimant_email", "claimant_phone", "property_address", "iban"]


@asset
def raw_claims(context: AssetExecutionContext) -> pd.DataFrame:
    df = pd.read_json("s3://claims-landing/home/fnol_claimants_latest.json", orient="records")  # truth: AUD
    context.log.info(f"loaded {len(df)} FNOL records")  # trap
    context.log.debug(f"first record: {df.iloc[0].to_dict()}")  # truth: PII
    return df


@asset
def triage_training_set(raw_claims: pd.DataFrame) -> pd.DataFrame:
    df = raw_claims[raw_claims["status"] == "closed"].copy()
    df["fast_track_ok"] = ((df["final_cost"] <= df["claim_amount"] * 1.1) & (df["fraud_flag"] == 0)).astype(int)
    return df.drop(columns=PERSONAL)


@asset
def triage_model(context: AssetExecutionContext, triage_training_set: pd.DataFrame):
    pre = ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), CAT)], remainder="passthrough")
    pipe = Pipeline([("pre", pre), ("gb", GradientBoostingClassifier(n_estimators=300, max_depth=3))])
    X = triage_training_set[NUM + CAT]
    pipe.fit(X, triage_training_set["fast_track_ok"])  # trap
    joblib.dump(pipe, "/tmp/triage.joblib")
    context.log.info(f"train accuracy {pipe.score(X, triage_training_set['fast_track_ok']):.3f}")  # trap
    return pipe


@asset
def triage_model_geo(context: AssetExecutionContext, raw_claims: pd.DataFrame):
    # challenger with the claimant's location; raw_claims still carries lat/lon from the FNOL app
    df = raw_claims[raw_claims["status"] == "closed"].copy()
    df["fast_track_ok"] = (df["final_cost"] <= df["claim_amount"] * 1.1).astype(int)
    cols = NUM + ["property_lat", "property_lon"]
    gb = GradientBoostingClassifier(n_estimators=300, max_depth=3)
    gb.fit(df[cols], df["fast_track_ok"])  # truth: PII
    return gb


@asset
def triage_model_demo(context: AssetExecutionContext, triage_training_set: pd.DataFrame):
    df = triage_training_set.assign(married=(triage_training_set["marital_status"] == "married").astype(int))
    cols = NUM + ["claimant_age", "married"]
    gb = GradientBoostingClassifier(n_estimators=300, max_depth=3)
    gb.fit(df[cols], df["fast_track_ok"])  # truth: FAIR
    context.log.info(f"demo challenger features: {cols}")  # trap
    return gb


@asset
def adjuster_queue(context: AssetExecutionContext, raw_claims: pd.DataFrame, triage_model) -> None:
    open_ = raw_claims[raw_claims["status"] == "open"].copy()
    open_["p_fast"] = triage_model.predict_proba(open_[NUM + CAT])[:, 1]
    queue = open_[open_["p_fast"] < 0.5][["claim_id", "claimant_name", "claimant_phone", "peril", "p_fast"]]
    queue.to_csv("/data/exports/adjuster_queue.csv", index=False)  # truth: PII
    context.log.info(f"queue size by peril: {queue.groupby('peril').size().to_dict()}")  # trap


@asset
def triage_model_loaded(context: AssetExecutionContext):
    audit.info("loading persisted triage model for backtest")
    return joblib.load("/tmp/triage.joblib")  # truth: SER


defs = Definitions(
    assets=[raw_claims, triage_training_set, triage_model, triage_model_geo, triage_model_demo, adjuster_queue,
            triage_model_loaded],
    jobs=[define_asset_job("claims_triage_daily")],
    resources={"s3": S3Resource(region_name="eu-west-1", aws_access_key_id=EnvVar("CLAIMS_AWS_KEY_ID"),  # trap
                                aws_secret_access_key=EnvVar("CLAIMS_AWS_SECRET"))},
)
