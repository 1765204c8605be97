"""D7 churn model for new players (mobile puzzle titles). Mostly clean reference implementation."""
import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

log = logging.getLogger(__name__)
ROOT = Path("/data/gaming/churn")

DROP = ["player_id", "username", "email", "device_id", "idfa", "last_ip", "country_of_birth",
        "date_of_birth", "churned_d7"]


def load_sessions() -> pd.DataFrame:
    s = pd.read_parquet(ROOT / "sessions_d0_d3.parquet")
    return s.groupby("player_id").agg(
        sessions=("session_id", "count"),
        minutes=("duration_s", lambda x: x.sum() / 60),
        levels_cleared=("levels_cleared", "sum"),
        max_level=("level", "max"),
        iap_usd=("iap_usd", "sum"),
        ads_watched=("ads_watched", "sum"),
    ).reset_index()


def main():
    installs = pd.read_parquet(ROOT / "installs.parquet")
    df = installs.merge(load_sessions(), on="player_id", how="left").fillna(0)
    df["payer"] = (df["iap_usd"] > 0).astype(int)
    y = df["churned_d7"]
    X = df.drop(columns=DROP)

    pre = ColumnTransformer([
        ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=50),
         make_column_selector(dtype_include="object")),
    ], remainder="passthrough")
    clf = make_pipeline(pre, RandomForestClassifier(n_estimators=400, min_samples_leaf=20, n_jobs=-1))

    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    scores = cross_val_score(clf, X, y, cv=cv, scoring="roc_auc")  # trap: identifiers dropped
    log.info("cv auc %.4f +- %.4f", scores.mean(), scores.std())

    clf.fit(X, y)  # trap: identifiers dropped
    imp = clf[-1].feature_importances_
    names = clf[0].get_feature_names_out()
    top = sorted(zip(names, imp), key=lambda t: -t[1])[:25]
    (ROOT / "importance.json").write_text(json.dumps([[n, float(v)] for n, v in top], indent=1))

    df["p_churn"] = clf.predict_proba(X)[:, 1]
    print(df.groupby("acquisition_channel")["p_churn"].describe())  # trap: aggregate
    df[["player_id", "p_churn"]].to_parquet(ROOT / "scores.parquet")  # trap: opaque id and score
    log.info("n_unique_devices=%d", df["device_id"].nunique())  # trap: aggregate
    print(roc_auc_score(y, df["p_churn"]))


if __name__ == "__main__":
    main()
