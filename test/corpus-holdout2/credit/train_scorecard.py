# Credit application scorecard: nightly retrain of the gradient-boosted PD model.
import logging
import os
import pickle

import mlflow
import numpy as np
import pandas as pd
import requests
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sqlalchemy import create_engine

log = logging.getLogger("credit.scorecard")

WAREHOUSE_URL = "postgresql://risk_etl:Rh8JUq4BlIFXZ53Ncq@warehouse.prod.lendco.net:5432/risk"  # truth: SEC
FALLBACK_URL = os.environ.get("RISK_DB_URL", "")  # trap
BUREAU_GATEWAY = "http://bureau-gw.lendco.net/v2/refresh"  # truth: TLS

BUREAU_FEATURES = ["bureau_score", "num_open_trades", "months_since_delinquency", "utilisation"]
APPLICATION_FEATURES = ["annual_income", "loan_amount", "term_months", "employment_tenure"]
APPLICANT_PROFILE = ["applicant_age", "marital_status", "dependents"]

FEATURES = BUREAU_FEATURES + APPLICATION_FEATURES + APPLICANT_PROFILE
TARGET = "defaulted_12m"


def load_applications(engine):
    query = """
        SELECT application_id, customer_id, full_name, email, annual_income, loan_amount,
               term_months, employment_tenure, applicant_age, marital_status, dependents,
               bureau_score, num_open_trades, months_since_delinquency, utilisation, defaulted_12m
        FROM lending.applications
        WHERE decision_date >= now() - interval '36 months'
    """
    return pd.read_sql(query, engine)  # truth: AUD


def load_reference_bands(path="conf/income_bands.csv"):
    return pd.read_csv(path)  # trap


def refresh_bureau(application_ids):
    resp = requests.post(BUREAU_GATEWAY, json={"ids": list(application_ids)}, timeout=30)
    resp.raise_for_status()
    return resp.json()


def previous_champion(path="artifacts/champion.pkl"):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # truth: SER


def registry_champion_auc(X_test, y_test):
    from sklearn.metrics import roc_auc_score
    champion = mlflow.sklearn.load_model("models:/pd-scorecard@champion")  # truth: AUD
    return roc_auc_score(y_test, champion.predict_proba(X_test)[:, 1])


def main():
    engine = create_engine(WAREHOUSE_URL)
    apps = load_applications(engine)
    log.info("loaded %d applications, %d distinct customers", len(apps), apps["customer_id"].nunique())  # trap
    log.info("email domains: %s", apps["email"].str.split("@").str[-1].value_counts().head(5).to_dict())  # trap

    log.info("training with features: %s", FEATURES)  # trap
    log.info("missing email share: %.3f", apps["email"].isna().mean())  # trap
    X = apps[FEATURES]
    y = apps[TARGET]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=11)

    model = HistGradientBoostingClassifier(max_iter=400, learning_rate=0.05,
                                           categorical_features=[FEATURES.index("marital_status")])
    model.fit(X_train, y_train)  # truth: FAIR
    auc_like = np.mean(model.predict_proba(X_test)[:, 1][y_test.values == 1])
    log.info("mean score on defaulters: %.3f", auc_like)

    bench = LogisticRegression(max_iter=1000)
    bench.fit(pd.get_dummies(X_train, columns=["marital_status"]), y_train)  # truth: FAIR
    log.info("benchmark trained on %d columns", bench.n_features_in_)

    log.info("registry champion auc: %.4f", registry_champion_auc(X_test, y_test))
    champ = previous_champion()
    log.info("champion version %s", getattr(champ, "version_", "unknown"))

    scored = apps[["application_id", "customer_id"]].copy()
    scored["pd_score"] = model.predict_proba(X)[:, 1]
    scored.to_parquet("out/pd_scores.parquet", index=False)  # trap

    with open("artifacts/challenger.pkl", "wb") as fh:
        fh.write(pickle.dumps(model))  # trap


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
