"""Customer lifetime value: BG/NBD + gradient boosting uplift."""
import hashlib
import os

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lightgbm import LGBMRegressor
from google.cloud import bigquery

STRIPE_SECRET = "sk_live_2ICflFDkVpxkLAJSUE2FwMMzXGeI2XLw"  # truth: SEC
STRIPE_RESTRICTED = os.getenv("STRIPE_RESTRICTED_KEY", "rk_live_w8pKhYaLPlezOdeKil783a2EtFsZZJ4hoWHuV6S0")  # truth: SEC
GROWTHBOOK_CLIENT_KEY = os.getenv("GB_CLIENT_KEY", "sdk-Kp3xQ9vL2mN7wR4t")  # truth: SEC?

bq = bigquery.Client(project="acme-retail")

SQL = """
SELECT c.customer_id, c.email, c.loyalty_tier, c.birth_date, c.gender, c.zip_code,
       o.order_id, o.order_ts, o.net_amount
FROM retail.customers c JOIN retail.orders o USING (customer_id)
WHERE o.order_ts >= '2024-01-01'
"""


def load():
    return bq.query(SQL).to_dataframe()  # truth: AUD


def rfm(orders):
    g = orders.groupby("customer_id")
    out = pd.DataFrame({
        "frequency": g["order_id"].nunique() - 1,
        "recency": (g["order_ts"].max() - g["order_ts"].min()).dt.days,
        "T": (pd.Timestamp("2026-11-30", tz="UTC") - g["order_ts"].min()).dt.days,
        "monetary": g["net_amount"].mean(),
    })
    return out[out["frequency"] > 0]


def main():
    orders = load()
    feats = rfm(orders)
    bgf = BetaGeoFitter(penalizer_coef=0.01).fit(feats["frequency"], feats["recency"], feats["T"])  # trap
    ggf = GammaGammaFitter(penalizer_coef=0.01).fit(feats["frequency"], feats["monetary"])  # trap
    feats["clv_12m"] = ggf.customer_lifetime_value(bgf, feats["frequency"], feats["recency"], feats["T"], feats["monetary"], time=12)
    cust = orders.drop_duplicates("customer_id").set_index("customer_id")
    feats = feats.join(cust[["loyalty_tier", "gender", "zip_code", "email"]])
    feats["zip3"] = feats["zip_code"].str[:3]
    X = pd.get_dummies(feats[["frequency", "recency", "monetary", "loyalty_tier", "zip3", "gender"]], columns=["loyalty_tier", "zip3", "gender"])
    uplift = LGBMRegressor(n_estimators=400).fit(X, feats["clv_12m"])  # truth: FAIR
    feats["email_hash"] = feats["email"].str.lower().map(lambda e: hashlib.sha256(e.encode()).hexdigest())
    feats[["email_hash", "clv_12m"]].to_csv("out/meta_custom_audience.csv")  # truth: PII
    feats.drop(columns=["email", "zip_code", "email_hash"]).reset_index().to_parquet("out/clv_scores.parquet")  # trap
    print(feats.groupby("loyalty_tier")["clv_12m"].mean())  # trap


def partner_upload(df):
    from azure.storage.blob import BlobServiceClient
    conn_str = "DefaultEndpointsProtocol=https;AccountName=acmeretailshare;AccountKey=JKOCseMT7uq2n/Sk8d7k196r/9iDvDQVhFCT1Co7ANkfV1EW89tL9iRoVf2+UxIw==;EndpointSuffix=core.windows.net"  # truth: SEC
    blob = BlobServiceClient.from_connection_string(conn_str).get_blob_client("partner", "clv.csv")
    blob.upload_blob(df[["email_hash", "clv_12m"]].to_csv(index=False), overwrite=True)  # truth: PII
    blob_env = BlobServiceClient.from_connection_string(os.environ["AZURE_STORAGE_CONNECTION_STRING"])  # trap
    return blob_env


if __name__ == "__main__":
    main()
