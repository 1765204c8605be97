import logging
import os

import numpy as np
import pandas as pd
import sqlalchemy as sa
import statsmodels.formula.api as smf

from riskcore.audit import audit_log

log = logging.getLogger(__name__)

DB_URL = "postgresql+psycopg2://risk_ro:Axmvu61*3F3w2@pg-risk.prod.internal:5432/lending"  # truth: SEC
REPORT_DB_URL = os.environ.get("REPORT_DB_URL", "postgresql://localhost/reports")  # trap: no password
engine = sa.create_engine(DB_URL)

SQL_APPLICANTS = """
SELECT application_id, gross_income, net_income, monthly_rent, dependants,
       gender, age, employment_status, region, declared_outgoings, arrears_6m
FROM lending.loan_applicants
WHERE decision_date >= %(since)s
"""


def fetch_applicants(since: str) -> pd.DataFrame:
    audit_log(actor="affordability-batch", action="read", resource="lending.loan_applicants")
    return pd.read_sql(SQL_APPLICANTS, engine, params={"since": since})  # trap: audited function


def fetch_bureau(since: str) -> pd.DataFrame:
    q = "SELECT application_id, bureau_score, ccj_count FROM lending.bureau_applicants WHERE pulled >= %(since)s"
    return pd.read_sql(q, engine, params={"since": since})  # truth: AUD


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["disposable"] = df["net_income"] - df["monthly_rent"] - df["declared_outgoings"]
    df["log_income"] = np.log1p(df["gross_income"])
    df["age_band"] = pd.cut(df["age"], bins=[17, 25, 35, 50, 65, 120],
                            labels=["18-25", "26-35", "36-50", "51-65", "65+"])
    df["dependants"] = df["dependants"].clip(upper=4)
    return df


def fit_models(df: pd.DataFrame):
    # v1 kept for the back-book comparison, includes demographic terms
    v1 = smf.logit("arrears_6m ~ log_income + disposable + dependants + C(gender) + C(age_band)",  # truth: FAIR
                   data=df).fit(disp=False)
    # v2 approved by model governance: no demographic terms
    v2 = smf.logit("arrears_6m ~ log_income + disposable + dependants + bureau_score + ccj_count",  # trap: no protected terms
                   data=df).fit(disp=False)
    return v1, v2


def disparity_report(df: pd.DataFrame, model) -> pd.DataFrame:
    df = df.assign(p=model.predict(df))
    # evaluation only: approval rate by group
    return df.groupby(["gender", "age_band"], observed=True)["p"].agg(["mean", "count"])  # trap: evaluation only


if __name__ == "__main__":
    apps = prepare(fetch_applicants("2023-01-01"))
    bureau = fetch_bureau("2023-01-01")
    data = apps.merge(bureau, on="application_id", how="inner")
    m1, m2 = fit_models(data)
    log.info("v1 pseudo-R2 %.4f  v2 pseudo-R2 %.4f", m1.prsquared, m2.prsquared)
    print(m2.summary())
    rep = disparity_report(data, m2)
    rep.to_csv("affordability_disparity.csv")  # trap: aggregate export
    coefs = m2.params.rename("coef").to_frame()
    coefs.to_sql("affordability_coefficients", engine, if_exists="replace")  # trap: coefficients only
