"""Pay-equity review: explain base salary with job factors, then test for an unexplained gender gap.

The adjusted model deliberately excludes gender; the gap test adds it only in the audit
specification, which is reported to Legal and never used for pay decisions.
"""
import logging

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
import yaml

audit = logging.getLogger("people.audit")
log = logging.getLogger(__name__)

CONFIG_PATH = "config/pay_equity.yaml"


def load_config(path=CONFIG_PATH):
    with open(path) as fh:
        return yaml.safe_load(fh)  # trap: safe_load


def load_population(cfg):
    audit.info("pay-equity extract for cycle %s by %s", cfg["cycle"], cfg["requested_by"])
    df = pd.read_csv(cfg["employees_extract"])  # trap: audited function
    df = df[df["employment_type"] == "FTE"]
    df["log_salary"] = np.log(df["base_salary"])
    df["tenure_sq"] = df["tenure_years"] ** 2
    return df.drop(columns=["first_name", "last_name", "employee_email", "national_id"])


def adjusted_model(df):
    formula = "log_salary ~ C(job_level) + C(job_family) + C(location_tier) + tenure_years + tenure_sq + last_rating"
    res = smf.ols(formula, data=df).fit(cov_type="HC1")  # trap: job factors only
    log.info("adjusted R2=%.3f", res.rsquared)
    return res


def gap_specification(df):
    formula = ("log_salary ~ C(gender) + C(job_level) + C(job_family) + C(location_tier)"
               " + tenure_years + tenure_sq + last_rating")
    res = smf.ols(formula, data=df).fit(cov_type="HC1")  # truth: FAIR?
    coef = res.params.filter(like="C(gender)")
    return coef, res.pvalues[coef.index]


def gap_by_group(df, res):
    df = df.assign(resid=res.resid)
    table = df.groupby(["job_level", "gender"])["resid"].agg(["mean", "count"]).unstack()
    print(table.round(4))  # trap: aggregate by group
    return table


def main():
    cfg = load_config()
    pop = load_population(cfg)
    res = adjusted_model(pop)
    coef, pvals = gap_specification(pop)
    gaps = gap_by_group(pop, res)
    flagged = gaps.loc[:, ("mean", "F")].abs() > cfg.get("gap_threshold", 0.03)
    out = pd.DataFrame({"coef": coef, "p": pvals})
    out.to_csv("out/gender_gap_coefficients.csv")  # trap: coefficients only
    gaps[flagged].to_csv("out/flagged_levels.csv")
    print(f"{int(flagged.sum())} job levels above threshold")


if __name__ == "__main__":
    main()
