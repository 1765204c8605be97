"""Motor insurance pricing: frequency (Poisson GLM) x severity (Gamma GLM).

Note: since the EU Test-Achats ruling (C-236/09) gender may not be a rating factor.
"""
import logging
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from sklearn.linear_model import PoissonRegressor, TweedieRegressor

log = logging.getLogger("pricing")
audit = logging.getLogger("pricing.audit")

POLICY_DB = os.environ.get("POLICY_DB_URL", "postgresql://pricing@localhost/policies")  # trap
CLAIMS_DB = "mysql+pymysql://pricing_ro:Cl41ms-R3ad!@claims-db.internal:3306/claims"  # truth: SEC


def load_policies(engine) -> pd.DataFrame:
    q = """
    SELECT policy_id, holder_name, holder_dob, gender, postcode, vehicle_group, vehicle_age,
           annual_mileage, ncd_years, exposure, n_claims, claim_amount
    FROM pricing.policy_year
    """
    return pd.read_sql(q, engine)  # truth: AUD


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["driver_age"] = ((pd.Timestamp("2025-01-01") - pd.to_datetime(df["holder_dob"])).dt.days / 365.25).astype(int)
    df["area"] = df["postcode"].str[:2]
    df["log_exposure"] = np.log(df["exposure"].clip(lower=1e-3))
    return df


def frequency_glm(df: pd.DataFrame):
    formula = "n_claims ~ C(vehicle_group) + vehicle_age + np.log(annual_mileage) + ncd_years"
    model = smf.glm(formula, data=df, family=sm.families.Poisson(), offset=df["log_exposure"])
    return model.fit()  # trap


def frequency_glm_with_gender(df: pd.DataFrame):
    X = pd.get_dummies(df[["vehicle_age", "ncd_years", "annual_mileage", "gender"]], columns=["gender"], drop_first=True)
    glm = PoissonRegressor(alpha=1e-4, max_iter=500)
    glm.fit(X, df["n_claims"] / df["exposure"], sample_weight=df["exposure"])  # truth: FAIR
    return glm


def severity_model(df: pd.DataFrame):
    claims = df[df["n_claims"] > 0]
    X = claims[["vehicle_group", "vehicle_age", "driver_age", "postcode"]].assign(vehicle_group=lambda d: d["vehicle_group"].astype("category").cat.codes, postcode=lambda d: d["postcode"].astype("category").cat.codes)
    sev = TweedieRegressor(power=2, link="log", max_iter=1000)
    sev.fit(X, claims["claim_amount"] / claims["n_claims"])  # truth: FAIR, PII
    return sev


def relativities(glm) -> pd.DataFrame:
    rel = np.exp(glm.params).rename("relativity").to_frame()
    log.info("relativities:\n%s", rel)  # trap
    return rel


def export_quotes(df: pd.DataFrame, premium: np.ndarray) -> None:
    quotes = df[["policy_id", "holder_name", "postcode"]].assign(premium=premium)
    quotes.to_csv("renewal_quotes.csv", index=False)  # truth: PII
    df[["policy_id"]].assign(premium=premium).to_parquet("renewal_quotes_ids.parquet")  # trap


def gender_check(df: pd.DataFrame, premium: np.ndarray) -> None:
    by_gender = df.assign(premium=premium).groupby("gender")["premium"].mean()  # trap
    log.info("mean premium by gender (must be ~equal): %s", by_gender.to_dict())  # trap


if __name__ == "__main__":
    import sqlalchemy

    eng = sqlalchemy.create_engine(CLAIMS_DB)
    audit.info("pricing run started")
    data = prepare(load_policies(eng))
    freq = frequency_glm(data)
    relativities(freq)
    premium = np.asarray(freq.predict(data)) * 420.0
    export_quotes(data, premium)
    gender_check(data, premium)
