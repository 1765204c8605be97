# Benchmark of candidate shortlisting models on the 2023 requisitions (model-selection report for the TA team).
import logging
import os

import mlflow
import numpy as np
import pandas as pd
import torch
from fairlearn.metrics import MetricFrame, demographic_parity_difference
from fairlearn.reductions import DemographicParity, ExponentiatedGradient
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from xgboost import XGBClassifier

log = logging.getLogger("ta.benchmark")
mlflow.set_tracking_uri("http://10.40.12.7:5000")  # truth: TLS

BASE = ["years_experience", "education_level", "skills_match", "assessment_score", "referral"]
PERSONAL = ["age", "gender", "marital_status", "has_disability"]
SENSITIVE = ["gender", "ethnicity"]


def prepare(path="/secure/ta/applications_2023.parquet"):
    df = pd.read_parquet(path)  # truth: AUD?
    df["gender"] = df["gender"].map({"F": 0, "M": 1}).fillna(2)
    df["marital_status"] = df["marital_status"].astype("category").cat.codes
    df["education_level"] = df["education_level"].astype("category").cat.codes
    return df


def torch_mlp(X: np.ndarray, y: np.ndarray, epochs: int = 30) -> torch.nn.Module:
    net = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32).unsqueeze(1)
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xt), yt)
        loss.backward()
        opt.step()
    return net


def main():
    df = prepare()
    y = df["shortlisted"]
    tr, te = train_test_split(df.index, test_size=0.25, random_state=0, stratify=y)
    full = BASE + PERSONAL
    results = {}

    scaler = StandardScaler().fit(df.loc[tr, full])  # truth: FAIR?
    lr = LogisticRegression(max_iter=2000).fit(scaler.transform(df.loc[tr, full]), y[tr])  # truth: FAIR, PII
    results["logreg_full"] = lr.predict(scaler.transform(df.loc[te, full]))

    rf = RandomForestClassifier(n_estimators=500, min_samples_leaf=5)
    rf.fit(df.loc[tr, full], y[tr])  # truth: FAIR, PII
    results["rf_full"] = rf.predict(df.loc[te, full])

    xgbm = XGBClassifier(n_estimators=400, max_depth=4, learning_rate=0.05)
    xgbm.fit(df.loc[tr, BASE + ["age"]], y[tr])  # truth: FAIR
    results["xgb_base_age"] = xgbm.predict(df.loc[te, BASE + ["age"]])

    xgb_base = XGBClassifier(n_estimators=400, max_depth=4, learning_rate=0.05)
    xgb_base.fit(df.loc[tr, BASE], y[tr])  # trap
    results["xgb_base"] = xgb_base.predict(df.loc[te, BASE])

    grp = df.loc[tr].groupby(["gender", "shortlisted"])["shortlisted"].transform("size")
    weights = len(tr) / (4 * grp)
    reweighed = XGBClassifier(n_estimators=400, max_depth=4, learning_rate=0.05)
    reweighed.fit(df.loc[tr, BASE], y[tr], sample_weight=weights)  # trap
    results["xgb_reweighed"] = reweighed.predict(df.loc[te, BASE])

    mitigated = ExponentiatedGradient(LogisticRegression(max_iter=2000), constraints=DemographicParity())
    mitigated.fit(df.loc[tr, BASE], y[tr], sensitive_features=df.loc[tr, "gender"])  # trap
    results["eg_base"] = mitigated.predict(df.loc[te, BASE])

    net = torch_mlp(df.loc[tr, full].to_numpy(np.float32), y[tr].to_numpy())  # truth: FAIR, PII
    with torch.no_grad():
        results["mlp_full"] = (net(torch.tensor(df.loc[te, full].to_numpy(np.float32))) > 0).int().numpy().ravel()

    with mlflow.start_run(run_name="shortlisting-benchmark"):
        for name, pred in results.items():
            mf = MetricFrame(metrics={"sel": lambda a, b: b.mean()}, sensitive_features=df.loc[te, SENSITIVE],  # trap
                             y_true=y[te], y_pred=pred)
            dpd = demographic_parity_difference(y[te], pred, sensitive_features=df.loc[te, "gender"])  # trap
            mlflow.log_metric(f"{name}_acc", float((pred == y[te]).mean()))
            mlflow.log_metric(f"{name}_dpd", float(dpd))
            log.info("%s by group:\n%s", name, mf.by_group)  # trap
    df.groupby(["gender", "ethnicity"])["shortlisted"].mean().to_csv("/secure/ta/base_rates.csv")  # trap
    log.info("survey self-id rates: %s", df.groupby("sexual_orientation")["shortlisted"].mean().round(3).to_dict())  # trap


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    main()
