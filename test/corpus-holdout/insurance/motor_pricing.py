"""Motor frequency/severity GLMs for the 2025 rate review.

Note: since the Test-Achats ruling (C-236/09) gender may not be a rating factor in the EU.
"""
# Ruling: http://curia.europa.eu/juris/liste.jsf?num=C-236/09  # trap
import logging

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

from pricing_tools.audit import audit_dataset_access

log = logging.getLogger("pricing")

RATING_FACTORS = ["vehicle_group", "vehicle_age", "driver_experience_years", "annual_mileage_band", "region_risk_band"]


def load_portfolio(path: str) -> pd.DataFrame:
    audit_dataset_access("motor_portfolio_2024", path=path)
    cols = RATING_FACTORS + ["gender", "marital_status", "exposure", "claim_count", "claim_cost"]
    return pd.read_parquet(path, columns=cols)  # trap


def frequency_glm(pf: pd.DataFrame):
    formula = "claim_count ~ C(vehicle_group) + vehicle_age + driver_experience_years + C(annual_mileage_band) + C(region_risk_band)"
    model = smf.glm(formula, data=pf, family=sm.families.Poisson(), offset=np.log(pf["exposure"]))
    return model.fit()  # trap


def frequency_glm_legacy(pf: pd.DataFrame):
    """Pre-2012 structure, kept for the back-test only."""
    formula = "claim_count ~ C(vehicle_group) + vehicle_age + driver_experience_years + C(gender)"
    return smf.glm(formula, data=pf, family=sm.families.Poisson(), offset=np.log(pf["exposure"])).fit()  # truth: FAIR


def severity_glm(pf: pd.DataFrame):
    claims = pf[pf["claim_count"] > 0]
    X = pd.get_dummies(claims[["vehicle_group", "region_risk_band", "marital_status"]], drop_first=True).astype(float)
    X = sm.add_constant(X.join(claims[["vehicle_age"]]))
    y = claims["claim_cost"] / claims["claim_count"]
    glm = sm.GLM(y, X, family=sm.families.Gamma(link=sm.families.links.Log()), var_weights=claims["claim_count"])
    return glm.fit()  # truth: FAIR


def severity_glm_clean(pf: pd.DataFrame):
    claims = pf[pf["claim_count"] > 0].drop(columns=["gender", "marital_status"])
    X = pd.get_dummies(claims[["vehicle_group", "region_risk_band"]], drop_first=True).astype(float)
    X = sm.add_constant(X.join(claims[["vehicle_age", "driver_experience_years"]]))
    y = claims["claim_cost"] / claims["claim_count"]
    return sm.GLM(y, X, family=sm.families.Gamma(link=sm.families.links.Log())).fit()  # trap


def gender_gap_monitor(pf: pd.DataFrame, fitted) -> pd.DataFrame:
    pf = pf.assign(pred=fitted.predict(pf))
    return pf.groupby("gender")[["pred", "claim_count"]].sum()  # trap


def relativities(fitted) -> pd.DataFrame:
    rel = np.exp(fitted.params).rename("relativity").to_frame()
    rel["p_value"] = fitted.pvalues
    return rel


if __name__ == "__main__":
    portfolio = load_portfolio("s3://pricing/motor/portfolio_2024.parquet")
    freq = frequency_glm(portfolio)
    print(relativities(freq).round(3))  # trap
    sev = severity_glm_clean(portfolio)
    print(gender_gap_monitor(portfolio, freq))  # trap
