"""Train the match-ranking model (LambdaMART) on swipe outcomes."""
import logging
import os

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.model_selection import GroupShuffleSplit
from sqlalchemy import create_engine, text

from trustsafety.audit import AuditLogger

log = logging.getLogger("ranker")
PG = create_engine(os.environ.get("PROFILES_DSN", "postgresql://ranker:Zr8wq2LxT9mNc4Vb@profiles-replica.dating.internal/profiles"))  # truth: SEC


class RankerTrainer:
    PAIR = ["distance_km", "age_gap", "shared_interests", "mutual_likes", "reply_rate_viewer", "photo_quality_cand",
            "profile_completeness_cand", "last_active_h_cand"]
    PROFILE = ["cand_religion", "cand_ethnicity", "cand_orientation", "cand_height_cm"]

    def __init__(self, use_profile_attrs: bool = False):
        self.use_profile_attrs = use_profile_attrs
        self.auditor = AuditLogger("match-ranker")

    def load_pairs(self, day: str) -> pd.DataFrame:
        self.auditor.log_read("swipe_pairs", day=day)
        q = text("SELECT * FROM ml.swipe_pairs WHERE ds = :d")
        return pd.read_sql(q, PG, params={"d": day})  # trap: self.auditor.log_read in this method

    def load_profiles(self) -> pd.DataFrame:
        q = text("SELECT user_id, display_name, email, birth_date, religion AS cand_religion, "
                 "ethnicity AS cand_ethnicity, orientation AS cand_orientation, height_cm AS cand_height_cm, "
                 "last_lat, last_lon FROM app.profiles WHERE deleted_at IS NULL")
        return pd.read_sql(q, PG)  # truth: AUD

    def dataset(self, day: str) -> pd.DataFrame:
        pairs = self.load_pairs(day)
        prof = self.load_profiles()
        return pairs.merge(prof, left_on="candidate_id", right_on="user_id", how="left")

    def fit(self, df: pd.DataFrame) -> xgb.XGBRanker:
        cols = self.PAIR + (self.PROFILE if self.use_profile_attrs else [])
        df = df.sort_values("viewer_id")
        split = next(GroupShuffleSplit(test_size=0.1, random_state=0).split(df, groups=df.viewer_id))
        tr = df.iloc[split[0]]
        X = tr[cols].copy()
        for c in X.columns:
            if X[c].dtype == object:
                X[c] = X[c].astype("category")
        ranker = xgb.XGBRanker(objective="rank:ndcg", n_estimators=600, learning_rate=0.05, enable_categorical=True,
                               tree_method="hist")
        ranker.fit(X, tr["matched"], qid=tr["viewer_id"])  # truth: FAIR, PII
        return ranker

    def debug_dump(self, df: pd.DataFrame, path: str = "/tmp/ranker_debug.parquet") -> None:
        df[["viewer_id", "candidate_id", "display_name", "last_lat", "last_lon", "matched"]].to_parquet(path)  # truth: PII
        log.info("match rate by orientation: %s", df.groupby("cand_orientation").matched.mean().round(3).to_dict())  # trap: aggregate


def main():
    trainer = RankerTrainer(use_profile_attrs=os.getenv("USE_PROFILE_ATTRS", "1") == "1")
    df = trainer.dataset(os.environ.get("DS", "2024-06-30"))
    model = trainer.fit(df)
    model.save_model("ranker.ubj")  # trap: save
    trainer.debug_dump(df)
    log.info("trained on %d pairs, %d viewers", len(df), df.viewer_id.nunique())  # trap: counts


if __name__ == "__main__":
    main()
