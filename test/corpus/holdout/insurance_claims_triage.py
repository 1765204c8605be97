# Claims triage model - one long analysis script, run top to bottom on the analytics VM.
import logging
import os
import pickle
import sys

import dill
import lightgbm as lgb
import pandas as pd
import pyodbc
import torch
from azure.storage.blob import BlobServiceClient

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("claims")
audit = logging.getLogger("claims.audit")

SQL_CONN = "Driver={ODBC Driver 18 for SQL Server};Server=tcp:claims-sql.database.windows.net;Database=claims;Uid=analyst;Pwd=Cl@ims-Ana1yst-24;"  # truth: SEC
BLOB_CONN = "DefaultEndpointsProtocol=https;AccountName=claimsdocs;AccountKey=q8Yk3mZ2Vb7Nw5Lt1Rp9Hs4Jd6Fg0Aa2Ss3Dd4Ff5Gg6Hh7Jj8Kk9Ll0Zz1Xx2Cc3Vv4Bb5Nn6Mm7Qq8Ww9Ee0Rr1Tt==;EndpointSuffix=core.windows.net"  # truth: SEC
SQL_CONN_ENV = os.environ.get("CLAIMS_SQL_CONN", "")  # trap
os.environ["MLFLOW_TRACKING_URI"] = "http://mlflow.corp-analytics.net"  # truth: TLS

conn = pyodbc.connect(SQL_CONN)
since = sys.argv[1] if len(sys.argv) > 1 else "2024-01-01"
claims = pd.read_sql(f"SELECT claim_id, policy_holder, holder_email, holder_phone, claim_amount, incident_type, days_to_report, prior_claims, injury_description, fraud_confirmed FROM dbo.claims WHERE reported_at >= '{since}'", conn)  # trap
logger.info("loaded %d claims since %s", len(claims), since)  # trap

claims = claims[claims["claim_amount"] > 0]
claims = claims.assign(large=lambda d: (d["claim_amount"] > 10_000).astype(int))
claims = claims.merge(pd.read_csv("policies.csv", usecols=["claim_id", "policy_age_months", "holder_postcode"]), on="claim_id", how="left")

feature_cols = ["claim_amount", "days_to_report", "prior_claims", "large", "policy_age_months"]
train = claims.loc[claims["reported_at"] < "2025-01-01"] if "reported_at" in claims else claims
booster = lgb.LGBMClassifier(n_estimators=400)
booster.fit(train.loc[:, feature_cols], train["fraud_confirmed"])  # trap
booster_geo = lgb.LGBMClassifier(n_estimators=400)
booster_geo.fit(train.loc[:, feature_cols + ["holder_postcode"]].astype({"holder_postcode": "category"}), train["fraud_confirmed"])  # truth: PII

scored = claims.assign(p_fraud=booster.predict_proba(claims[feature_cols])[:, 1])
queue = pd.concat([scored.nlargest(100, "p_fraud"), scored[scored["prior_claims"] > 5]]).drop_duplicates("claim_id")
queue.to_csv("siu_queue.csv", index=False)  # truth: PII
queue[["claim_id", "p_fraud"]].to_csv("siu_queue_ids.csv", index=False)  # trap

for row in queue.head(5).itertuples():
    try:
        assert row.p_fraud < 0.99
    except AssertionError:
        logger.exception(f"implausible score for claim {row.claim_id} ({row.holder_email})")  # truth: PII

blob = BlobServiceClient.from_connection_string(BLOB_CONN)
model_bytes = blob.get_blob_client("models", "triage_v2.pkl").download_blob().readall()
audit.info("triage model v2 pulled from blob storage")
legacy_model = pickle.Unpickler(open("triage_v1.pkl", "rb")).load()  # truth: SER
rules_engine = dill.loads(model_bytes)  # truth: SER
text_encoder = torch.load("injury_encoder.pt", pickle_module=dill)  # truth: SER
