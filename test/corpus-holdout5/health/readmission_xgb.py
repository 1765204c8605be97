"""30-day readmission risk (XGBoost native API) for the discharge-planning dashboard."""
from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import roc_auc_score, brier_score_loss

DATA = Path("/data/ehr/curated")
ARTIFACTS = Path("/data/ehr/models/readmit")

DEMOGRAPHIC = ["age", "sex", "ethnicity"]
CLINICAL = ["los_days", "n_prior_admits_12m", "n_ed_visits_6m", "charlson_index", "primary_diagnosis_code",
            "n_active_medications", "discharge_disposition"]
UTILISATION = ["days_since_last_admit", "n_outpatient_6m"]

XGB_PARAMS = {"objective": "binary:logistic", "eval_metric": "auc", "eta": 0.05, "max_depth": 6,
              "subsample": 0.8, "colsample_bytree": 0.7, "tree_method": "hist"}


def load_encounters():
    enc = pd.read_parquet(DATA / "inpatient_encounters.parquet")
    pts = pd.read_parquet(DATA / "patients.parquet", columns=["patient_id", "date_of_birth", "sex", "ethnicity"])  # truth: AUD
    df = enc.merge(pts, on="patient_id", how="left")
    df["age"] = (df["admit_date"] - df["date_of_birth"]).dt.days // 365
    return df


def encode(df: pd.DataFrame, cols):
    out = df[cols].copy()
    for c in out.select_dtypes(include="object").columns:
        out[c] = out[c].astype("category").cat.codes
    return out


def split_by_time(df, cutoff="2023-07-01"):
    return df[df["discharge_date"] < cutoff], df[df["discharge_date"] >= cutoff]


if __name__ == "__main__":
    df = load_encounters()
    train, test = split_by_time(df)
    feats = DEMOGRAPHIC + CLINICAL + UTILISATION
    dtrain = xgb.DMatrix(encode(train, feats), label=train["readmit_30d"])
    dtest = xgb.DMatrix(encode(test, feats), label=test["readmit_30d"])
    bst = xgb.train(XGB_PARAMS, dtrain, num_boost_round=800, evals=[(dtest, "test")], early_stopping_rounds=50)  # truth: FAIR, PII

    p = bst.predict(dtest, iteration_range=(0, bst.best_iteration + 1))
    print(f"AUC={roc_auc_score(test['readmit_30d'], p):.3f} Brier={brier_score_loss(test['readmit_30d'], p):.4f}")

    # clinical-only comparator requested by the ethics board
    clin = CLINICAL + UTILISATION
    clin_no_dx = [c for c in clin if c != "primary_diagnosis_code"]
    d2 = xgb.DMatrix(encode(train, clin_no_dx), label=train["readmit_30d"])
    bst2 = xgb.train(XGB_PARAMS, d2, num_boost_round=800)  # truth: PII?

    emb = np.load(DATA / "dx_code_embeddings.npy", allow_pickle=True)  # truth: SER
    vocab = np.load(DATA / "dx_code_vocab.npy")  # trap: plain np.load

    test = test.assign(risk=p)
    test.groupby("ethnicity")["risk"].mean().to_csv(ARTIFACTS / "risk_by_ethnicity.csv")  # trap: aggregate
    test[["encounter_id", "patient_id", "primary_diagnosis_code", "risk"]].to_csv(ARTIFACTS / "test_scores.csv", index=False)  # truth: PII
    bst.save_model(ARTIFACTS / "readmit_v7.json")
