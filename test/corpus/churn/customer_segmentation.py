"""RFM + behavioural customer segmentation (k-means) for the CRM team."""
from __future__ import annotations

import logging
import os

import joblib
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

log = logging.getLogger("segmentation")
audit = logging.getLogger("segmentation.audit")

BEHAVIOUR = ["recency_days", "frequency_90d", "monetary_90d", "avg_basket", "share_online", "returns_rate"]


class Segmenter:
    def __init__(self, k: int = 6, seed: int = 11):
        self.k = k
        self.scaler = StandardScaler()
        self.km = KMeans(n_clusters=k, n_init=20, random_state=seed)

    def fit(self, X: pd.DataFrame) -> "Segmenter":
        Z = self.scaler.fit_transform(X)
        self.km.fit(Z)  # trap
        log.info("k=%d silhouette=%.3f", self.k, silhouette_score(Z, self.km.labels_))
        return self

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.km.predict(self.scaler.transform(X))


def load_customers(path: str) -> pd.DataFrame:
    cols = ["customer_id", "first_name", "email", "postcode", "latitude", "longitude", "household_income"] + BEHAVIOUR
    return pd.read_parquet(path, columns=cols)  # truth: AUD


def segment_behaviour(df: pd.DataFrame) -> pd.Series:
    seg = Segmenter().fit(df[BEHAVIOUR])
    return pd.Series(seg.predict(df[BEHAVIOUR]), index=df.index, name="segment")


def segment_geo(df: pd.DataFrame) -> KMeans:
    geo = KMeans(n_clusters=12, n_init=10)
    geo.fit(df[["latitude", "longitude"]])  # truth: PII
    return geo


def segment_affluence(df: pd.DataFrame) -> KMeans:
    km = KMeans(n_clusters=4, n_init=10)
    km.fit(np.log1p(df[["household_income", "monetary_90d"]]))  # trap
    return km


def describe_segments(df: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    prof = df[BEHAVIOUR].groupby(segments).mean().round(2)
    log.info("segment profiles:\n%s", prof)  # trap
    return prof


def export_for_crm(df: pd.DataFrame, segments: pd.Series) -> None:
    out = df[["customer_id", "first_name", "email"]].assign(segment=segments.values)
    out.to_parquet("crm_segments.parquet")  # truth: PII
    df[["customer_id"]].assign(segment=segments.values).to_parquet("crm_segments_ids.parquet")  # trap


def plot_pca(df: pd.DataFrame, segments: pd.Series) -> None:
    pcs = PCA(n_components=2).fit_transform(StandardScaler().fit_transform(df[BEHAVIOUR]))  # trap
    np.save("pca.npy", np.column_stack([pcs, segments.values]))  # trap


def load_previous(path: str) -> Segmenter:
    audit.info("previous segmenter loaded")
    return joblib.load(path)  # truth: SER


if __name__ == "__main__":
    customers = load_customers(os.environ.get("CUSTOMERS", "data/customers.parquet"))
    segs = segment_behaviour(customers)
    describe_segments(customers, segs)
    export_for_crm(customers, segs)
    plot_pca(customers, segs)
