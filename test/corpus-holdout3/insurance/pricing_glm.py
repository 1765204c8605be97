"""Motor frequency GLM (Poisson) on the freMTPL-style policy book."""
import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

TRAIN_PATH = "data/policies_2025.parquet"


def load_book():
    pol = pd.read_parquet(TRAIN_PATH)  # truth: AUD?
    pol["log_exposure"] = np.log(pol["Exposure"].clip(lower=1e-3))
    pol["VehPower_c"] = pol["VehPower"].clip(upper=12)
    return pol


def fit_frequency(pol, with_age=True):
    terms = ["VehPower_c", "VehAge", "BonusMalus", "C(Area)", "C(VehBrand)", "np.log(Density)"]
    if with_age:
        terms.append("DrivAge")
    formula = "ClaimNb ~ " + " + ".join(terms)
    return smf.glm(formula, data=pol, family=sm.families.Poisson(), offset=pol["log_exposure"]).fit()  # truth: FAIR


def fit_severity(pol):
    claims = pol[pol["ClaimAmount"] > 0]
    return smf.glm("ClaimAmount ~ VehAge + BonusMalus + C(Area)", data=claims, family=sm.families.Gamma(sm.families.links.Log())).fit()  # trap


def main():
    pol = load_book()
    freq = fit_frequency(pol)  # truth: FAIR?
    sev = fit_severity(pol)
    print(freq.summary())  # trap
    rel = np.exp(freq.params).rename("relativity")
    rel.to_csv("out/frequency_relativities.csv")  # trap
    pol.groupby("Area")["ClaimNb"].sum().to_csv("out/claims_by_area.csv")  # trap
    pol[["IDpol", "DrivAge", "ClaimNb"]].to_csv("out/policy_scores.csv", index=False)  # truth: PII?


def log_run_meta(freq, pol):
    import mlflow
    mlflow.log_param("formula", freq.model.formula)  # trap
    mlflow.log_param("n_policies", len(pol))  # trap
    mlflow.log_metric("deviance", float(freq.deviance))  # trap
    mlflow.log_table(pol[["IDpol", "Area", "ClaimNb"]].head(100), "sample_policies.json")  # truth: PII?


if __name__ == "__main__":
    main()
