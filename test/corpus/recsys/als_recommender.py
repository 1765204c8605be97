"""Implicit-feedback recommender (ALS) for the streaming catalogue, plus a demographic re-ranker."""
from __future__ import annotations

import logging
import os
import pickle

import implicit
import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier

log = logging.getLogger("recsys.als")
audit = logging.getLogger("recsys.audit")

SNOWFLAKE_PASSWORD = os.getenv("SNOWFLAKE_PASSWORD", "")  # trap
SNOWFLAKE_URL = "snowflake://recsys_etl:W1nter-Is-Coming-77@acme-eu.snowflakecomputing.com/RECSYS/PUBLIC"  # truth: SEC


class AlsRecommender:
    def __init__(self, factors: int = 128, regularization: float = 0.05, iterations: int = 20):
        self.model = implicit.als.AlternatingLeastSquares(factors=factors, regularization=regularization, iterations=iterations)
        self.user_index: dict = {}
        self.item_index: dict = {}

    def _matrix(self, events: pd.DataFrame) -> sp.csr_matrix:
        users = events["user_id"].astype("category")
        items = events["item_id"].astype("category")
        self.user_index = dict(enumerate(users.cat.categories))
        self.item_index = dict(enumerate(items.cat.categories))
        weights = np.log1p(events["watch_seconds"].to_numpy() / 60.0)
        return sp.csr_matrix((weights, (users.cat.codes, items.cat.codes)))

    def fit(self, events: pd.DataFrame) -> "AlsRecommender":
        self.model.fit(self._matrix(events))  # trap
        return self

    def save(self, path: str) -> None:
        with open(path, "wb") as fh:
            pickle.dump({"model": self.model, "users": self.user_index, "items": self.item_index}, fh)  # trap

    @classmethod
    def load(cls, path: str) -> "AlsRecommender":
        audit.info("ALS model loaded from %s", path)
        with open(path, "rb") as fh:
            state = pickle.load(fh)  # truth: SER
        rec = cls()
        rec.model, rec.user_index, rec.item_index = state["model"], state["users"], state["items"]
        return rec


def load_events(con) -> pd.DataFrame:
    sql = "SELECT user_id, item_id, watch_seconds, ts FROM events.playback WHERE ts > DATEADD(day, -90, CURRENT_DATE)"
    return pd.read_sql(sql, con)  # trap


def load_profiles(con) -> pd.DataFrame:
    sql = "SELECT user_id, birth_year, gender, country, postcode, subscription_tier FROM crm.profiles"
    return pd.read_sql(sql, con)  # truth: AUD


def train_reranker(candidates: pd.DataFrame, profiles: pd.DataFrame) -> HistGradientBoostingClassifier:
    df = candidates.merge(profiles, on="user_id")
    df["age"] = 2025 - df["birth_year"]
    rerank_features = ["als_score", "item_popularity", "item_age_days", "subscription_tier", "age", "gender"]
    X = pd.get_dummies(df[rerank_features], columns=["subscription_tier", "gender"])
    reranker = HistGradientBoostingClassifier(max_iter=300)
    reranker.fit(X, df["clicked"])  # truth: FAIR
    return reranker


def train_reranker_v2(candidates: pd.DataFrame, profiles: pd.DataFrame) -> HistGradientBoostingClassifier:
    df = candidates.merge(profiles[["user_id", "subscription_tier"]], on="user_id")
    X = pd.get_dummies(df[["als_score", "item_popularity", "item_age_days", "subscription_tier"]], columns=["subscription_tier"])
    reranker = HistGradientBoostingClassifier(max_iter=300)
    reranker.fit(X, df["clicked"])  # trap
    return reranker


def coverage_report(recs: pd.DataFrame, profiles: pd.DataFrame) -> None:
    joined = recs.merge(profiles, on="user_id")
    by_country = joined.groupby("country")["item_id"].nunique()  # trap
    log.info("catalogue coverage by country: %s", by_country.to_dict())  # trap
    joined[["user_id", "postcode", "item_id"]].to_csv("coverage_debug.csv", index=False)  # truth: PII


if __name__ == "__main__":
    import sqlalchemy

    con = sqlalchemy.create_engine(SNOWFLAKE_URL)
    events = load_events(con)
    rec = AlsRecommender().fit(events)
    rec.save("als.pkl")
    profiles = load_profiles(con)
    log.info("profiles=%d users=%d", len(profiles), events["user_id"].nunique())
