"""Motor claim-frequency and severity GLMs (Poisson / Gamma, log link) for the 2027 rate review."""
import logging

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

log = logging.getLogger("pricing.motor")
audit = logging.getLogger("pricing.audit")

RATING_FACTORS = ["C(vehicle_group)", "C(ncd_years)", "C(area_band)", "np.log(vehicle_value)", "C(cover_type)",
                  "annual_mileage_band"]
DRIVER_FACTORS = ["C(driver_age_band)", "C(licence_years_band)"]
# EU Test-Achats (C-236/09): gender must not be a rating factor. Kept only to measure its effect.
GENDER_FACTOR = ["C(gender)"]


def load_policies(path="data/policyholders_2021_2026.parquet"):
    audit.info("policyholder extract read for rate review: %s", path)
    pol = pd.read_parquet(path)  # trap
    pol = pol[pol["exposure_years"] > 0]
    pol["driver_age_band"] = pd.cut(pol["driver_age"], [16, 21, 25, 30, 40, 50, 60, 70, 99]).astype(str)
    return pol


def load_claims(path="data/claims_2021_2026.parquet"):
    audit.info("claims extract read for rate review: %s", path)
    return pd.read_parquet(path)


def fit_frequency(pol, factors):
    formula = "claim_count ~ " + " + ".join(factors)
    return smf.glm(formula, data=pol, family=sm.families.Poisson(),
                   offset=np.log(pol["exposure_years"])).fit()


def fit_severity(claims):
    formula = "claim_cost ~ C(vehicle_group) + C(cover_type) + np.log(vehicle_value)"
    return smf.glm(formula, data=claims, family=sm.families.Gamma(sm.families.links.Log())).fit()  # trap


def relativities(res):
    rel = np.exp(res.params).rename("relativity").to_frame()
    rel["lower"] = np.exp(res.conf_int()[0])
    rel["upper"] = np.exp(res.conf_int()[1])
    return rel


def main():
    pol = load_policies()
    claims = load_claims()

    freq = fit_frequency(pol, RATING_FACTORS + DRIVER_FACTORS)  # truth: FAIR
    freq_gender = fit_frequency(pol, RATING_FACTORS + DRIVER_FACTORS + GENDER_FACTOR)  # truth: FAIR
    freq_blind = fit_frequency(pol, RATING_FACTORS)  # trap
    sev = fit_severity(claims.merge(pol[["policy_id", "vehicle_group", "cover_type", "vehicle_value"]], on="policy_id"))

    for name, res in [("freq", freq), ("freq_gender", freq_gender), ("freq_blind", freq_blind), ("sev", sev)]:
        relativities(res).to_csv(f"reports/relativities_{name}.csv")  # trap
        log.info("%s deviance=%.1f aic=%.1f", name, res.deviance, res.aic)

    # postcode-level pure premium for the actuarial pack
    pol["pure_premium"] = freq.predict(pol, offset=np.log(pol["exposure_years"])) * sev.predict(pol).mean()
    by_pc = pol.groupby("postcode_district")["pure_premium"].mean()
    by_pc.to_csv("reports/pure_premium_by_district.csv")  # trap

    check = pol[["policy_id", "policyholder_name", "postcode", "date_of_birth", "pure_premium"]]
    check.sample(500, random_state=3).to_csv("reports/qa_sample_policies.csv", index=False)  # truth: PII
    pol[["policy_id", "vehicle_group", "pure_premium"]].to_parquet("reports/pure_premium.parquet")  # truth: PII?


if __name__ == "__main__":
    main()
