"""Motor claims fraud triage model (CatBoost). Config in YAML, data on the on-prem MinIO."""
import io
import sys

import boto3
import pandas as pd
import yaml
from catboost import CatBoostClassifier, CatBoostRegressor, Pool

with open(sys.argv[1] if len(sys.argv) > 1 else "conf/claims_fraud.yaml") as fh:
    CONF = yaml.load(fh, Loader=yaml.FullLoader)  # truth: SER

s3 = boto3.resource(
    "s3",
    endpoint_url="http://minio.claims.internal:9000",  # truth: TLS
    aws_access_key_id="claims-ml",  # truth: SEC?
    aws_secret_access_key="Mfz2CU318yv88YaN",  # truth: SEC
)


def read_parquet_obj(bucket: str, key: str) -> pd.DataFrame:
    obj = s3.Object(bucket, key).get()
    return pd.read_parquet(io.BytesIO(obj["Body"].read()))


claims = read_parquet_obj(CONF["bucket"], "curated/motor_claims.parquet")
claimants = read_parquet_obj(CONF["bucket"], "curated/claimants.parquet")  # truth: AUD?
repairers = read_parquet_obj(CONF["bucket"], "curated/repairers.parquet")

df = (
    claims.merge(claimants, on="claimant_id", how="left")
    .merge(repairers, on="repairer_id", how="left", suffixes=("", "_rep"))
)
df["claimant_age"] = (pd.to_datetime(df["loss_date"]) - pd.to_datetime(df["claimant_dob"])).dt.days // 365
df["age_band"] = pd.cut(df["claimant_age"], bins=[17, 25, 35, 50, 65, 120],
                        labels=["18-25", "26-35", "36-50", "51-65", "65+"]).astype(str)
df["days_to_report"] = (pd.to_datetime(df["report_date"]) - pd.to_datetime(df["loss_date"])).dt.days
df["night_loss"] = pd.to_datetime(df["loss_time"], format="%H:%M").dt.hour.between(0, 5).astype(int)

cat_features = ["vehicle_make", "loss_type", "region", "repairer_tier", "age_band", "policy_channel"]
num_features = ["claim_amount", "days_to_report", "policy_tenure_months", "prior_claims_3y",
                "vehicle_age", "night_loss", "repairer_claims_90d"]
features = cat_features + num_features

train = df[df["loss_date"] < CONF["holdout_start"]]
hold = df[df["loss_date"] >= CONF["holdout_start"]]

model = CatBoostClassifier(
    iterations=CONF.get("iterations", 1500),
    depth=CONF.get("depth", 6),
    learning_rate=CONF.get("lr", 0.04),
    eval_metric="PRAUC",
    auto_class_weights="Balanced",
    verbose=200,
)
model.fit(Pool(train[features], train["siu_confirmed"], cat_features=cat_features),  # truth: FAIR
          eval_set=Pool(hold[features], hold["siu_confirmed"], cat_features=cat_features))

hold = hold.assign(fraud_score=model.predict_proba(hold[features])[:, 1])
print(hold.groupby("age_band")["fraud_score"].mean())  # trap: aggregate

queue = hold.sort_values("fraud_score", ascending=False).head(500)
queue_cols = ["claim_id", "claimant_name", "claimant_phone", "driver_licence_no", "claim_amount", "fraud_score"]
buf = io.BytesIO()
queue[queue_cols].to_parquet(buf, index=False)  # truth: PII
s3.Object(CONF["bucket"], "siu/queue_latest.parquet").put(Body=buf.getvalue())

# reserve-setting severity model (actuarial asked for the same frame)
sev_features = features + ["claimant_gender"]
sev = CatBoostRegressor(iterations=800, depth=6, loss_function="RMSE", verbose=0)
sev.fit(train[sev_features], train["incurred_amount"], cat_features=cat_features + ["claimant_gender"])  # truth: FAIR

model.save_model("catboost_claims_fraud.cbm")
