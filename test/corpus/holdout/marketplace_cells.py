# %% [markdown]
# Marketplace seller-risk model: quick iteration notebook (exported as percent script).

# %%
import logging

import numpy as np
import pandas as pd
import torch
import wandb
import yaml
from sklearn.ensemble import GradientBoostingClassifier

audit = logging.getLogger("seller.audit")
wandb.login(key="e3b0c44298fc1c149afbf4c8996fb92427ae41e4")  # truth: SEC
with open("params.yaml") as fh:
    params = yaml.load(fh, Loader=yaml.Loader)  # truth: SER

# %%
sellers = pd.read_parquet("sellers.parquet", columns=["seller_id", "owner_name", "owner_email", "owner_dob", "shop_postcode", "religion", "gmv_90d", "refund_rate", "dispute_rate", "fraud_flag"])  # truth: AUD
print(sellers.shape)  # trap
print(sellers[["owner_name", "owner_email"]].head())  # truth: PII

# %%
risk_features = ["gmv_90d", "refund_rate", "dispute_rate", "shop_postcode"]
gb = GradientBoostingClassifier()
gb.fit(pd.get_dummies(sellers[risk_features]), sellers["fraud_flag"])  # truth: PII

# %%
clean_features = ["gmv_90d", "refund_rate", "dispute_rate"]
gb2 = GradientBoostingClassifier().fit(sellers[clean_features], sellers["fraud_flag"])  # trap
sellers["risk"] = gb2.predict_proba(sellers[clean_features])[:, 1]

# %%
run = wandb.init(project="seller-risk")
wandb.log({"top_risk": wandb.Table(dataframe=sellers.nlargest(20, "risk")[["seller_id", "owner_email", "risk"]])})  # truth: PII
wandb.log({"top_risk_ids": wandb.Table(dataframe=sellers.nlargest(20, "risk")[["seller_id", "risk"]])})  # trap
wandb.log({"mean_risk": float(sellers["risk"].mean())})  # trap

# %%
def load_embeddings():
    audit.info("seller embeddings loaded")
    emb = torch.load("seller_emb.pt")  # truth: SER
    emb_safe = torch.load("seller_emb.pt", weights_only=True)  # trap
    knn = np.load("knn_graph.npy", allow_pickle=True)  # truth: SER
    dense = np.load("dense.npy")  # trap
    return emb, emb_safe, knn, dense


emb, emb_safe, knn, dense = load_embeddings()

# %%
sellers.drop(columns=["owner_name", "owner_email", "owner_dob", "shop_postcode", "religion"]).to_parquet("sellers_model_input.parquet")  # trap
sellers.to_parquet("sellers_snapshot.parquet")  # truth: PII
