"""Collections: propensity-to-pay model used to order the early-delinquency call queue."""
import logging
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.ensemble import RandomForestClassifier

from lendco.governance import audit_event

log = logging.getLogger("collections")

FEATURE_SPECS = {
    "dpd": lambda d: d["days_past_due"],
    "bal_to_limit": lambda d: d["balance"] / d["credit_limit"].clip(lower=1),
    "pay_ratio_3m": lambda d: d["paid_3m"] / d["due_3m"].clip(lower=1),
    "broken_ptp_6m": lambda d: d["broken_promises_6m"],
    "contact_rate": lambda d: d["rpc_30d"] / d["attempts_30d"].clip(lower=1),
    "tenure_m": lambda d: d["tenure_months"],
    "age": lambda d: (pd.Timestamp("2024-07-01") - pd.to_datetime(d["dob"])).dt.days // 365,
    "citizenship": lambda d: d["citizenship_status"].map({"citizen": 0, "permanent_resident": 1, "visa": 2}),
}


def load_accounts(path: str) -> pd.DataFrame:
    audit_event("collections.read", path=path, actor=os.environ.get("USER", "batch"))
    return pd.read_parquet(path)  # trap: audited function


def load_borrowers(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)  # trap: path from caller; name not visible here


def build_X(df: pd.DataFrame, specs: dict) -> pd.DataFrame:
    X = pd.DataFrame(index=df.index)
    for name, fn in specs.items():
        X[name] = fn(df)
    return X.fillna(0)


def main():
    acc = load_accounts("/lake/collections/accounts_dpd_1_30.parquet")
    bor = load_borrowers("/lake/collections/borrowers.parquet")  # truth: AUD?
    df = acc.merge(bor, on="borrower_id")
    y = df["paid_within_14d"]

    X = build_X(df, FEATURE_SPECS)
    rf = RandomForestClassifier(n_estimators=500, min_samples_leaf=25, n_jobs=-1, random_state=5)
    rf.fit(X, y)  # truth: FAIR

    safe_specs = {k: v for k, v in FEATURE_SPECS.items() if k not in ("age", "citizenship")}
    X_safe = build_X(df, safe_specs)
    logit = sm.Logit(y, sm.add_constant(X_safe)).fit(disp=0)  # trap: protected specs removed
    log.info("logit pseudo-R2 %.3f", logit.prsquared)

    glm_cols = ["dpd", "bal_to_limit", "age"]
    glm = sm.GLM(y, sm.add_constant(X[glm_cols]), family=sm.families.Binomial()).fit()  # truth: FAIR
    log.info("age coef %.4f", glm.params["age"])

    df["p_pay"] = rf.predict_proba(X)[:, 1]
    queue = df.sort_values("p_pay")[["account_id", "borrower_id", "mobile_phone", "full_name", "p_pay"]]
    queue.head(5000).to_csv("/lake/collections/queue_today.csv", index=False)  # truth: PII
    log.info("queue top: %s", queue.head(3).to_dict("records"))  # truth: PII


if __name__ == "__main__":
    main()
