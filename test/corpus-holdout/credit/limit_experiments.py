# %% [markdown]
# # Credit-limit challenger experiments (Q3)
# Scratch space for the risk-analytics squad. Run in VS Code interactive window.

# %%
import logging
import os

import pandas as pd
from fairlearn.metrics import MetricFrame, false_positive_rate
from fairlearn.postprocessing import ThresholdOptimizer
from lightgbm import LGBMClassifier
from sklearn.model_selection import train_test_split
from sqlalchemy import create_engine

audit = logging.getLogger("risk.audit")
engine = create_engine(os.environ["RISK_DWH_URL"])  # trap

# %%
audit.info("limit experiments: reading application extract")
apps = pd.read_sql(  # trap
    "SELECT application_id, utilisation, num_open_lines, grace_period_days, page_views_30d, "
    "account_age_months, sex, marital_status, nationality, defaulted FROM risk.applications_q3",
    engine,
)

# %% EDA
apps.groupby("marital_status")["defaulted"].mean().plot.bar()  # trap
print(apps.groupby(["sex", "nationality"]).size())  # trap

# %% baseline: behavioural features only
base = ["utilisation", "num_open_lines", "grace_period_days", "page_views_30d", "account_age_months"]
X_tr, X_te, y_tr, y_te = train_test_split(apps, apps["defaulted"], test_size=0.3, random_state=11)
lgb = LGBMClassifier(n_estimators=300, learning_rate=0.05)
lgb.fit(X_tr[base], y_tr)  # trap

# %% challenger 1: add demographics
demo = ["sex", "marital_status"]
feats = base + demo
X1 = X_tr[feats].astype({"sex": "category", "marital_status": "category"})
lgb1 = LGBMClassifier(n_estimators=300, learning_rate=0.05)
lgb1.fit(X1, y_tr)  # truth: FAIR

# %% challenger 2: "segment code" (renamed from nationality in the feature mart)
mart = apps.rename(columns={"nationality": "segment_code"})
X2 = mart.loc[X_tr.index, base + ["segment_code"]].astype({"segment_code": "category"})
lgb2 = LGBMClassifier(n_estimators=300, learning_rate=0.05)
lgb2.fit(X2, y_tr)  # truth: FAIR

# %% challenger 3: everything except the label and id
X3 = X_tr.drop(columns=["application_id", "defaulted"]).astype({"sex": "category", "marital_status": "category", "nationality": "category"})
lgb3 = LGBMClassifier(n_estimators=300).fit(X3, y_tr)  # truth: FAIR

# %% fairness check and post-processing on the baseline
mf = MetricFrame(metrics=false_positive_rate, y_true=y_te, y_pred=lgb.predict(X_te[base]),
                 sensitive_features=X_te[["sex", "marital_status"]])  # trap
print(mf.by_group)  # trap
to = ThresholdOptimizer(estimator=lgb, constraints="equalized_odds", prefit=True, predict_method="predict_proba")
to.fit(X_tr[base], y_tr, sensitive_features=X_tr["sex"])  # trap
audit.info("limit experiments: done")
