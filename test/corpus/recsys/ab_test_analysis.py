# %% [markdown]
# # A/B test: "because you watched" carousel v2
# Pulls assignment + engagement from BigQuery, computes uplift with CUPED, posts the summary.

# %%
import json
import logging

import numpy as np
import pandas as pd
import scipy.stats as st
from google.cloud import bigquery
from google.oauth2 import service_account

audit = logging.getLogger("experiments.audit")

SERVICE_ACCOUNT_INFO = {
    "type": "service_account",
    "project_id": "streaming-analytics-prod",
    "private_key_id": "3f2c9d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d",
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Vb3mKq0dX9n2\n-----END PRIVATE KEY-----\n",  # truth: SEC
    "client_email": "ab-analysis@streaming-analytics-prod.iam.gserviceaccount.com",
    "token_uri": "https://oauth2.googleapis.com/token",  # trap
}
creds = service_account.Credentials.from_service_account_info(SERVICE_ACCOUNT_INFO)
bq = bigquery.Client(credentials=creds, project=SERVICE_ACCOUNT_INFO["project_id"])
bq_from_file = bigquery.Client.from_service_account_json("/var/secrets/gcp/sa.json")  # trap
MAPS_API_KEY = "AIzaHnfaZ5GrHuTE0jd0j8My4oy1OILnCw0Nkr9"  # truth: SEC

# %% assignment and engagement
audit.info("A/B experiment tables read for carousel-v2 analysis")
q = """
SELECT a.user_id, a.variant, e.minutes_watched, e.sessions, p.minutes_watched_pre
FROM exp.assignments a
JOIN exp.engagement e USING (user_id)
JOIN exp.pre_period p USING (user_id)
WHERE a.experiment = 'carousel_v2'
"""
df = bq.query(q).to_dataframe()  # trap
df.groupby("variant")[["minutes_watched", "sessions"]].mean()

# %% CUPED
theta = np.cov(df["minutes_watched"], df["minutes_watched_pre"])[0, 1] / df["minutes_watched_pre"].var()
df["mw_cuped"] = df["minutes_watched"] - theta * (df["minutes_watched_pre"] - df["minutes_watched_pre"].mean())
a = df.loc[df.variant == "control", "mw_cuped"]
b = df.loc[df.variant == "treatment", "mw_cuped"]
t, p = st.ttest_ind(b, a, equal_var=False)
print(f"uplift {b.mean() - a.mean():.2f} min/user, p={p:.4f}")  # trap

# %% segment cut (requested by product): uplift by country and age band
profile = bq.query("SELECT user_id, country, birth_year, gender, email FROM crm.profiles").to_dataframe()  # trap
seg = df.merge(profile, on="user_id")
seg["age_band"] = pd.cut(2025 - seg["birth_year"], [0, 25, 35, 50, 120])
print(seg.groupby(["variant", "age_band"])["mw_cuped"].mean().unstack())  # trap
print(seg.groupby(["variant", "gender"])["mw_cuped"].mean().unstack())  # trap

# %% heavy users list for the qualitative follow-up
heavy = seg[seg["minutes_watched"] > seg["minutes_watched"].quantile(0.99)]
print(heavy[["user_id", "email", "minutes_watched"]].head(20))  # truth: PII
heavy[["user_id", "email"]].to_csv("followup_interviews.csv", index=False)  # truth: PII

# %% summary for the experiment log
summary = {"experiment": "carousel_v2", "uplift": float(b.mean() - a.mean()), "p_value": float(p), "n": int(len(df))}
with open("summary.json", "w") as fh:
    json.dump(summary, fh)  # trap
print(json.dumps(summary, indent=2))  # trap

# %% publish to the experiment dashboard (legacy endpoint, still used by the BI team)
import requests

DASHBOARD_URL = "http://experiments-dashboard.streaming-co.net/api/results"  # truth: TLS
DASHBOARD_TOKEN = "dash_4f8a1c2e9b7d6e3f0a5c8b1d2e4f6a7c"  # truth: SEC
requests.post(DASHBOARD_URL, json=summary, headers={"Authorization": f"Bearer {DASHBOARD_TOKEN}"}, timeout=10)
requests.post("https://experiments.streaming-co.net/api/results", json=summary, timeout=10)  # trap

# %% keep the per-user frame for the meta-analysis, without profile columns
seg.drop(columns=["email", "birth_year", "gender", "country"]).to_parquet("carousel_v2_users.parquet")  # trap
seg.to_parquet("carousel_v2_users_full.parquet")  # truth: PII
