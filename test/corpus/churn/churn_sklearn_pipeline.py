#!/usr/bin/env python
# coding: utf-8
# Exported from churn_sklearn_pipeline.ipynb with `jupyter nbconvert --to script`.

# In[1]:


import logging
import os

import joblib
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sqlalchemy import create_engine

audit = logging.getLogger("churn.audit")
engine = create_engine(os.environ["CRM_DSN"])  # trap


# In[2]:


audit.info("CRM extract for churn pipeline v4")
df = pd.read_sql("SELECT customer_id, email, phone_number, gender, tenure_months, monthly_charges, contract_type, payment_method, churned FROM crm.churn_v4", engine)  # trap
df.shape


# In[3]:


class DropIdentifiers(BaseEstimator, TransformerMixin):
    """Removes direct identifiers before anything is learned."""

    def __init__(self, columns=("customer_id", "email", "phone_number")):
        self.columns = columns

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X.drop(columns=list(self.columns), errors="ignore")


numeric = ["tenure_months", "monthly_charges"]
categorical = ["contract_type", "payment_method"]


# In[4]:


# v1: remainder="drop" -> only the listed columns reach the model
pre_v1 = ColumnTransformer([("num", StandardScaler(), numeric), ("cat", OneHotEncoder(handle_unknown="ignore"), categorical)], remainder="drop")
pipe_v1 = Pipeline([("pre", pre_v1), ("clf", LogisticRegression(max_iter=1000))])
pipe_v1.fit(df.drop(columns=["churned"]), df["churned"])  # trap


# In[5]:


# v2: someone switched to passthrough to "keep everything" -> e-mail, phone and gender leak into training
pre_v2 = ColumnTransformer([("num", StandardScaler(), numeric), ("cat", OneHotEncoder(handle_unknown="ignore"), categorical)], remainder="passthrough")
pipe_v2 = Pipeline([("pre", pre_v2), ("clf", HistGradientBoostingClassifier())])
pipe_v2.fit(df.drop(columns=["churned"]), df["churned"])  # truth: PII, FAIR


# In[6]:


# v3: identifiers removed by a custom step, protected attribute excluded by the selector
pre_v3 = ColumnTransformer([("num", StandardScaler(), make_column_selector(dtype_include="number")), ("cat", OneHotEncoder(handle_unknown="ignore"), categorical)])
pipe_v3 = Pipeline([("ids", DropIdentifiers()), ("pre", pre_v3), ("clf", LogisticRegression(max_iter=1000))])
pipe_v3.fit(df.drop(columns=["churned", "gender"]), df["churned"])  # trap


# In[7]:


scored = df.assign(p_churn=pipe_v3.predict_proba(df.drop(columns=["churned", "gender"]))[:, 1])
scored[["customer_id", "p_churn"]].to_sql("churn_scores", engine, if_exists="replace", index=False)  # trap
scored[["customer_id", "email", "p_churn"]].to_sql("churn_scores_contact", engine, if_exists="replace", index=False)  # truth: PII


# In[8]:


joblib.dump(pipe_v3, "churn_pipeline_v3.joblib")  # trap
print(scored.groupby("contract_type")["p_churn"].mean())  # trap
print(scored.loc[scored["p_churn"] > 0.9, ["email", "phone_number"]].head())  # truth: PII


# In[9]:


def reload_pipeline(path="churn_pipeline_v3.joblib"):
    audit.info("pipeline %s reloaded", path)
    return joblib.load(path)  # truth: SER


pipe = reload_pipeline()
print(pipe.named_steps.keys())  # trap
