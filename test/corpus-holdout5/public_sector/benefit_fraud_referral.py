"""Benefit overpayment risk scoring — referral model for the compliance team.

NOTE (DPIA ref PS-2023-114): the 2023 review asked for nationality and disability to be removed from
the model. v3 below is the reviewed model; v2 is kept only for the back-test comparison.
"""
import cx_Oracle
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

DSN = cx_Oracle.makedsn("benefits-db.dwp-analytics.internal", 1521, service_name="BENPRD")
ORA_USER = "RISK_MODEL_RO"
ORA_PASSWORD = "Ulwee61_2XFER"  # truth: SEC

V2_FEATURES = ["n_changes_of_circumstance", "months_on_benefit", "declared_income_bucket", "household_size",
               "nationality_code", "disability_flag", "n_prior_overpayments", "region_code"]
V3_FEATURES = ["n_changes_of_circumstance", "months_on_benefit", "declared_income_bucket", "household_size",
               "n_prior_overpayments", "region_code"]


def fetch_claimants() -> pd.DataFrame:
    conn = cx_Oracle.connect(user=ORA_USER, password=ORA_PASSWORD, dsn=DSN)
    sql = """SELECT claim_ref, national_insurance_number, surname, nationality_code, disability_flag,
                    n_changes_of_circumstance, months_on_benefit, declared_income_bucket, household_size,
                    n_prior_overpayments, region_code, overpayment_confirmed
             FROM ben.claimants_risk_view"""
    df = pd.read_sql(sql, conn)  # truth: AUD
    conn.close()
    return df


def fit_model(X, y, kind="rf"):
    if kind == "rf":
        m = RandomForestClassifier(n_estimators=400, min_samples_leaf=25, n_jobs=-1, random_state=1)
    else:
        m = LogisticRegression(max_iter=1000)
    m.fit(X, y)
    return m


def main():
    df = fetch_claimants()
    df["nationality_code"] = df["nationality_code"].astype("category").cat.codes
    y = df["overpayment_confirmed"]
    idx_tr, idx_te = train_test_split(df.index, test_size=0.25, stratify=y, random_state=2)

    v2 = fit_model(df.loc[idx_tr, V2_FEATURES], y[idx_tr])  # truth: FAIR, PII
    v3 = fit_model(df.loc[idx_tr, V3_FEATURES], y[idx_tr])  # trap: reviewed feature set
    v3_lr = fit_model(df.loc[idx_tr, V3_FEATURES], y[idx_tr], kind="lr")  # trap: reviewed feature set
    for name, m, feats in [("v2", v2, V2_FEATURES), ("v3", v3, V3_FEATURES), ("v3_lr", v3_lr, V3_FEATURES)]:
        auc = roc_auc_score(y[idx_te], m.predict_proba(df.loc[idx_te, feats])[:, 1])
        print(f"{name}: AUC {auc:.3f}")

    test = df.loc[idx_te].assign(score=v3.predict_proba(df.loc[idx_te, V3_FEATURES])[:, 1])
    # evaluation only: referral rate by protected group
    print(test.groupby("disability_flag")["score"].mean())  # trap: evaluation only
    print(test.groupby("nationality_code")["score"].describe())  # trap: evaluation only

    referrals = test[test["score"] > 0.6]
    referrals[["claim_ref", "national_insurance_number", "surname", "score"]].to_csv("referrals_for_compliance.csv", index=False)  # truth: PII
    referrals[["claim_ref", "score"]].to_csv("referrals_ids_only.csv", index=False)  # trap: reference and score only


if __name__ == "__main__":
    main()
