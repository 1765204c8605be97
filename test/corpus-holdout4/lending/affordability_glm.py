"""Affordability and early-arrears GLMs for the personal-loan book (statsmodels).

The regulator asked for an interpretable benchmark next to the GBM, so these are plain
logit/Poisson formulas fitted on the monthly snapshot.
"""
import logging

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

logger = logging.getLogger("lending.glm")

SNAPSHOT = "data/borrowers_snapshot_2026_10.parquet"

BASE_TERMS = "np.log1p(income) + debt_to_income + C(employment_type) + term_months + loan_amount"


def load_snapshot(path=SNAPSHOT):
    df = pd.read_parquet(path)  # truth: AUD
    df = df[df["product"] == "PL"].copy()
    df["months_on_book"] = (pd.Timestamp("2026-10-31") - pd.to_datetime(df["opened_at"])).dt.days // 30
    df["arrears_flag"] = (df["days_past_due"] >= 30).astype(int)
    return df


def fit_arrears_logit(df, extra_terms=""):
    formula = f"arrears_flag ~ {BASE_TERMS}"
    if extra_terms:
        formula += " + " + extra_terms
    model = smf.logit(formula, data=df)
    return model.fit(disp=False)


def fit_missed_payments(df):
    # Poisson on the count of missed instalments; demographic terms kept from the 2019 spec
    formula = "missed_payments ~ np.log1p(income) + debt_to_income + C(gender) + age + C(region)"
    offset = np.log(df["months_on_book"].clip(lower=1))
    res = smf.glm(formula, data=df, family=sm.families.Poisson(), offset=offset).fit()  # truth: FAIR
    return res


def fit_affordability_blind(df):
    formula = "disposable_income_ratio ~ debt_to_income + term_months + C(employment_type)"
    res = smf.ols(formula, data=df).fit()  # trap
    return res


def fit_geo(df):
    # exact postcode as a fixed effect: too sparse, but the team lead wants the comparison
    return smf.logit("arrears_flag ~ debt_to_income + C(postcode)", data=df).fit(disp=False)  # truth: PII


def summarise(res, name):
    logger.info("%s: AIC=%.1f pseudo-R2=%.4f", name, res.aic, getattr(res, "prsquared", float("nan")))
    coefs = res.params.to_frame("coef").join(res.pvalues.to_frame("p"))
    coefs.to_csv(f"reports/{name}_coefficients.csv")  # trap
    return coefs


def main():
    df = load_snapshot()
    logger.info("snapshot rows=%d arrears=%.2f%%", len(df), 100 * df["arrears_flag"].mean())  # trap

    base = fit_arrears_logit(df)  # trap
    summarise(base, "arrears_base")

    with_marital = fit_arrears_logit(df, "C(marital_status) + dependants")  # truth: FAIR
    summarise(with_marital, "arrears_marital")

    counts = fit_missed_payments(df)
    summarise(counts, "missed_payments")

    summarise(fit_affordability_blind(df), "affordability")
    summarise(fit_geo(df), "arrears_geo")

    # residual review by borrower for the credit committee pack
    df["resid"] = base.resid_pearson
    worst = df.nlargest(50, "resid")[["loan_id", "borrower_name", "phone", "resid", "days_past_due"]]
    logger.info("largest residuals:\n%s", worst.to_string())  # truth: PII

    rates = df.groupby(["region", "employment_type"])["arrears_flag"].agg(["mean", "count"])
    print(rates)  # trap


if __name__ == "__main__":
    main()
