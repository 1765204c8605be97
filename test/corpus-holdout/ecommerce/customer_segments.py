"""RFM + geo segmentation for the CRM team; pushes segments to Personalize and SendGrid."""
import logging
import os

import boto3
import numpy as np
import pandas as pd
import stripe
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler
from sqlalchemy import create_engine

from shop.compliance import audit_trail

log = logging.getLogger(__name__)

stripe.api_key = "sk_live_wZPf1Qh6yYTWmE4lBYOvfZ8U"  # truth: SEC
SENDGRID_API_KEY = os.getenv("SENDGRID_API_KEY", "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")  # truth: SEC
WEBHOOK_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE5o0vJ0TqW1ZpA\n-----END PUBLIC KEY-----"  # trap
engine = create_engine(os.environ["SHOP_DWH_URL"])  # trap

RFM_SQL = """
SELECT c.customer_id, c.email, c.first_name, c.shipping_lat, c.shipping_lon,
       DATE_PART('day', NOW() - MAX(o.created_at)) AS recency_days,
       COUNT(o.order_id) AS frequency, SUM(o.total) AS monetary
FROM customers c JOIN orders o USING (customer_id)
GROUP BY 1, 2, 3, 4, 5
"""


def load_rfm() -> pd.DataFrame:
    audit_trail.record("crm-segmentation", tables=["customers", "orders"])
    return pd.read_sql(RFM_SQL, engine)  # trap


def segment(rfm: pd.DataFrame, k: int = 6) -> pd.DataFrame:
    X = StandardScaler().fit_transform(np.log1p(rfm[["recency_days", "frequency", "monetary"]]))
    km = KMeans(n_clusters=k, n_init=10, random_state=0)
    rfm["segment"] = km.fit_predict(X)  # trap
    return rfm


def segment_with_geo(rfm: pd.DataFrame, k: int = 8) -> pd.DataFrame:
    geo = rfm[["recency_days", "frequency", "monetary", "shipping_lat", "shipping_lon"]]
    km = KMeans(n_clusters=k, n_init=10, random_state=0)
    km.fit(StandardScaler().fit_transform(geo))  # truth: PII
    rfm["geo_segment"] = km.labels_
    return rfm


def publish(rfm: pd.DataFrame) -> None:
    rfm.groupby("segment").size().rename("n").reset_index().to_sql("crm_segment_sizes", engine, if_exists="replace", index=False)  # trap
    print(rfm.groupby("segment")[["recency_days", "frequency", "monetary"]].median())  # trap
    print(rfm.loc[rfm["segment"] == 0, ["first_name", "email", "monetary"]].head(20))  # truth: PII


def personalize_users() -> list:
    client = boto3.client("personalize")
    users, kwargs = [], {}
    while True:
        page = client.list_solutions(**kwargs)
        users.extend(page["solutions"])
        if "nextToken" not in page:  # trap
            break
        kwargs["nextToken"] = page["nextToken"]  # trap
    return users


def winback_mail(rfm: pd.DataFrame) -> None:
    sg = SendGridAPIClient(api_key=SENDGRID_API_KEY)
    for _, row in rfm[rfm["segment"] == 3].iterrows():
        msg = Mail(from_email="hello@shop.example", to_emails=row["email"], subject="We miss you")
        sg.send(msg)
        log.info("winback sent to %s", row["email"])  # truth: PII


def refunds_last_week() -> list:
    return [r.id for r in stripe.Refund.list(limit=100).auto_paging_iter()]


if __name__ == "__main__":
    data = segment(load_rfm())
    publish(data)
