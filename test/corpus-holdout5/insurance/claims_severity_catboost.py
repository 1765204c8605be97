"""Motor claims severity model (CatBoost). Runs on the pricing team's EC2 batch box."""
import io
import os

import boto3
import pandas as pd
import yaml
from catboost import CatBoostRegressor, Pool
from sqlalchemy import create_engine

with open("severity_config.yml") as f:
    CFG = yaml.load(f, Loader=yaml.FullLoader)  # truth: SER

s3 = boto3.client(
    "s3",
    endpoint_url="http://minio.pricing.internal:9000",  # truth: TLS
    aws_access_key_id="AKIAWTUJAC2S6ILGUEC3",  # truth: SEC
    aws_secret_access_key="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",  # truth: SEC
)
warehouse = create_engine(os.environ["PRICING_DWH_URL"])  # trap: env lookup

CAT_FEATURES = ["vehicle_group", "region", "cover_type", "driver_gender", "driver_age_band", "ncd_band"]
NUM_FEATURES = ["vehicle_value", "annual_mileage", "years_licensed", "prior_claims_3y", "excess"]


def load_claims(year_from: int) -> pd.DataFrame:
    sql = f"""
        SELECT c.claim_id, c.policy_id, c.incurred_gbp, p.vehicle_group, p.region, p.cover_type,
               cl.gender AS driver_gender, cl.age AS driver_age, p.ncd_years, p.vehicle_value,
               p.annual_mileage, cl.years_licensed, cl.prior_claims_3y, p.excess
        FROM claims c
        JOIN policies p ON p.policy_id = c.policy_id
        JOIN claimants cl ON cl.claimant_id = c.claimant_id
        WHERE c.loss_year >= {year_from} AND c.status = 'SETTLED'
    """
    df = pd.read_sql(sql, warehouse)  # truth: AUD
    df["driver_age_band"] = pd.cut(df["driver_age"], [16, 21, 25, 30, 40, 50, 60, 70, 100]).astype(str)
    df["ncd_band"] = pd.cut(df["ncd_years"], [-1, 0, 2, 4, 9, 30]).astype(str)
    return df


def train(df: pd.DataFrame) -> CatBoostRegressor:
    feats = NUM_FEATURES + CAT_FEATURES
    pool = Pool(df[feats], label=df["incurred_gbp"], cat_features=CAT_FEATURES)
    model = CatBoostRegressor(loss_function="Tweedie:variance_power=1.5", iterations=1500, depth=6,
                              learning_rate=0.05, verbose=200)
    model.fit(pool)  # truth: FAIR
    return model


def upload(model: CatBoostRegressor, key: str):
    buf = io.BytesIO()
    model.save_model("/tmp/severity.cbm")
    with open("/tmp/severity.cbm", "rb") as fh:
        buf.write(fh.read())
    buf.seek(0)
    s3.upload_fileobj(buf, CFG["bucket"], key)


if __name__ == "__main__":
    claims = load_claims(CFG.get("year_from", 2019))
    print(claims[["incurred_gbp"]].describe())  # trap: aggregate
    m = train(claims)
    upload(m, f"models/severity/{CFG['version']}/model.cbm")
    with open("severity_config.yml") as f:
        check = yaml.safe_load(f)  # trap: safe_load
    assert check["version"] == CFG["version"]
