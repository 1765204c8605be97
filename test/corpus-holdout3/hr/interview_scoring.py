"""Interview outcome model used to calibrate panel scores (people analytics).

The 'legacy' feature set is kept for the quarterly comparison report.
"""
import logging
import sys

import lightgbm as lgb
import pandas as pd
from sklearn.model_selection import GroupKFold

log = logging.getLogger("hr.interview")

PANEL = ["tech_score", "comm_score", "culture_score", "n_interviewers", "days_in_process"]
LEGACY_EXTRA = ["cand_rel", "union_member", "is_pregnant"]


def read_candidates(path):
    cands = pd.read_csv(path)  # truth: AUD
    cands = cands.rename(columns={"religion": "cand_rel", "trade_union_member": "union_member", "pregnancy_disclosed": "is_pregnant"})
    return cands


def read_panels(conn):
    return pd.read_sql("SELECT candidate_id, tech_score, comm_score, culture_score, n_interviewers, days_in_process FROM interview_panels", conn)  # trap


def build_frame(cands, panels, legacy):
    df = cands.merge(panels, on="candidate_id")
    cols = list(PANEL)
    if legacy:
        cols += LEGACY_EXTRA
    else:
        df = df.drop(columns=["cand_rel", "union_member", "is_pregnant"])
    return df, cols


def train(df, cols):
    params = {"objective": "binary", "num_leaves": 15, "learning_rate": 0.05}
    return lgb.train(params, lgb.Dataset(df[cols], df["hired"]), 300)


def main(conn, legacy=False):
    cands = read_candidates("data/candidates_2026.csv")
    panels = read_panels(conn)
    df, cols = build_frame(cands, panels, legacy)
    booster = train(df, cols)  # truth: FAIR, PII
    log.info("trained on %d candidates with features %s", len(df), cols)  # trap
    imp = pd.Series(booster.feature_importance("gain"), index=cols).sort_values()
    log.info("importance: %s", imp.to_dict())  # trap
    df[["candidate_id", "hired"]].to_csv("out/calibration_labels.csv", index=False)  # trap
    print(cands[["candidate_id", "full_name", "cand_rel"]].head())  # truth: PII
    print(cands["cand_rel"].value_counts())  # trap


def fair_variant(conn):
    cands = read_candidates("data/candidates_2026.csv")
    df, cols = build_frame(cands, read_panels(conn), legacy=False)
    booster = train(df, cols)  # trap
    return booster


def feature_report(cols):
    with open("out/feature_list.txt", "w") as fh:
        fh.write("\n".join(cols))  # trap
    log.info("panel features: %s", ",".join(PANEL))  # trap
    log.info("legacy extras available: %s", LEGACY_EXTRA)  # trap


if __name__ == "__main__":
    main(sys.argv[1], legacy="--legacy" in sys.argv)
