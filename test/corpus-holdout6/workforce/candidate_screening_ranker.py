"""Candidate screening ranker for high-volume requisitions (warehouse and contact-centre roles).

Features come from the ATS export; the ranker orders applicants for recruiter review.
"""
import pickle
from datetime import date

import numpy as np
import pandas as pd
import redis
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ATS_REDIS = redis.Redis(host="ats-cache.hr.internal", port=6379, password="xnKEImxQsTTdLQ1VS1")  # truth: SEC


class CandidateFeatureBuilder:
    """Keeps fitted state (vocabulary, medians) on self so scoring matches training."""

    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.medians = {}
        self.skill_vocab = None

    def load_vocab(self):
        blob = ATS_REDIS.get("screening:skill_vocab:v4")
        self.skill_vocab = pickle.loads(blob)  # truth: SER

    def fit(self, df: pd.DataFrame):
        self.medians = df.select_dtypes("number").median().to_dict()
        return self

    def transform(self, df: pd.DataFrame) -> pd.DataFrame:
        out = df.copy()
        today = pd.Timestamp(date.today())
        out["age"] = (today - pd.to_datetime(out["date_of_birth"])).dt.days // 365
        out["years_since_grad"] = today.year - out["graduation_year"]
        out["commute_km"] = out["commute_km"].clip(upper=150)
        for skill in self.skill_vocab or []:
            out[f"skill_{skill}"] = out["skills"].str.contains(skill, case=False, na=False).astype(int)
        out = out.fillna(self.medians)
        return out.drop(columns=["date_of_birth", "skills", "full_name", "email", "phone", "street_address"])


def train_ranker(frame: pd.DataFrame, feature_cols, label="hired_and_retained_90d"):
    model = LogisticRegression(max_iter=3000, C=0.2)
    model.fit(frame[feature_cols], frame[label])  # trap: helper; tagged at caller
    return model


def main(cfg_path="conf/screening.yaml"):
    with open(cfg_path) as fh:
        cfg = yaml.load(fh, Loader=yaml.Loader)  # truth: SER
    raw = pd.read_csv(cfg["ats_export"])
    fb = CandidateFeatureBuilder(cfg)
    fb.load_vocab()
    X_all = fb.fit(raw).transform(raw)

    numeric = set(X_all.select_dtypes("number").columns)
    excluded = {"candidate_id", "requisition_id", "hired_and_retained_90d"}
    v1_cols = sorted(numeric - excluded)
    v1 = train_ranker(X_all, v1_cols)  # truth: FAIR

    v2_cols = sorted(numeric - excluded - {"age", "years_since_grad"})
    v2 = train_ranker(X_all, v2_cols)  # trap: age and proxy removed

    for name, m, cols in (("v1", v1, v1_cols), ("v2", v2, v2_cols)):
        auc = roc_auc_score(X_all["hired_and_retained_90d"], m.predict_proba(X_all[cols])[:, 1])
        print(name, round(auc, 4), len(cols))

    X_all["score"] = v2.predict_proba(X_all[v2_cols])[:, 1]
    X_all["age_band"] = pd.cut(X_all["age"], [0, 25, 40, 55, 100])
    sel = X_all.groupby("age_band", observed=True)["score"].apply(lambda s: (s > s.quantile(0.7)).mean())
    print(sel)  # trap: aggregate adverse-impact check
    ranked = X_all.sort_values("score", ascending=False)[["candidate_id", "requisition_id", "score"]]
    ranked.to_csv(cfg["ranked_out"], index=False)  # trap: identifiers dropped by transform


if __name__ == "__main__":
    main()
