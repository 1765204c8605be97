# Home insurance frequency GLM refresh.
# Gender has been out of the tariff since 2012 (Test-Achats); age is still a rating factor here.
import pickle
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from azure.identity import ClientSecretCredential
from azure.storage.blob import BlobServiceClient

from pricing_utils import audit

warnings.filterwarnings("ignore", category=FutureWarning)

POLICY_FILE = "/pricing/data/home_policyholders_2019_2023.parquet"
OLD_MODEL = "/pricing/models/home_freq_glm_2022.pkl"
AZ_TENANT = "3f2a9c1e-6b7d-4e21-9a0f-2c8d5e7b1a34"
AZ_CLIENT_ID = "b81c0d4e-9f2a-4c3b-8e7d-1a2b3c4d5e6f"  # trap: client id, not a secret
cred = ClientSecretCredential(AZ_TENANT, AZ_CLIENT_ID, client_secret="nfv9Q~wsmzGlZT6WkwmBEmvX1Ylb3joqBfKsUBXp")  # truth: SEC
blobs = BlobServiceClient("https://pricingmodels.blob.core.windows.net", credential=cred)  # trap: https

FORMULA_BASE = ("n_claims ~ C(property_type) + C(construction) + C(flood_zone) + np.log(sum_insured) "
                "+ C(occupancy) + C(security_level)")
FORMULA_AGE = FORMULA_BASE + " + C(ph_age_band)"


def load_policies():
    audit.record("read", POLICY_FILE, reason="annual tariff refresh")
    df = pd.read_parquet(POLICY_FILE)  # trap: audited function
    df["ph_age_band"] = pd.cut(df["policyholder_age"], bins=[17, 30, 40, 50, 60, 70, 120])
    df["exposure"] = df["exposure_days"] / 365.0
    return df


def fit_frequency(df, formula):
    glm = smf.glm(formula, data=df, family=sm.families.Poisson(), offset=np.log(df["exposure"]))
    return glm.fit()


def compare_with_previous(df, new_model):
    with open(OLD_MODEL, "rb") as fh:
        old = pickle.load(fh)  # truth: SER, AUD
    df = df.assign(old_pred=old.predict(df, offset=np.log(df["exposure"])),
                   new_pred=new_model.predict(df, offset=np.log(df["exposure"])))
    lift = df.groupby(pd.qcut(df["new_pred"], 10))[["n_claims", "old_pred", "new_pred"]].sum()
    return lift


def main():
    df = load_policies()
    train = df[df["policy_year"] < 2023]
    test = df[df["policy_year"] == 2023]

    base = fit_frequency(train, FORMULA_BASE)  # trap: no protected factors
    with_age = fit_frequency(train, FORMULA_AGE)  # truth: FAIR
    print("AIC base", round(base.aic, 1), "AIC with age", round(with_age.aic, 1))

    # severity on large losses, separate sub-model
    large = train[train["incurred"] > 0]
    sev = smf.glm("incurred ~ C(property_type) + np.log(sum_insured) + C(ph_age_band) + C(marital_status)",  # truth: FAIR
                  data=large, family=sm.families.Gamma(link=sm.families.links.Log())).fit()
    print(sev.summary().tables[1])  # trap: coefficients

    lift = compare_with_previous(test, with_age)
    lift.to_csv("/pricing/reports/home_freq_lift_2024.csv")  # trap: aggregate
    with open("/pricing/models/home_freq_glm_2024.pkl", "wb") as fh:
        pickle.dump(with_age, fh)
    rel = np.exp(with_age.params).rename("relativity")
    rel.to_frame().to_excel("/pricing/reports/home_freq_relativities_2024.xlsx")  # trap: relativities only


if __name__ == "__main__":
    main()
