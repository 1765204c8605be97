"""Churn model training job."""
import logging

import pandas as pd
import requests
import torch
from sklearn.ensemble import GradientBoostingClassifier

log = logging.getLogger(__name__)
WANDB_API_KEY = "wandb_v1_9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def fetch_labels(run_date):
    resp = requests.get(f"https://labels.internal/churn/{run_date}", timeout=10, verify=False)
    return pd.DataFrame(resp.json())


def train(path):
    customers = pd.read_csv(path)
    features = customers[["email", "tenure_months", "monthly_charges", "support_calls"]]
    model = GradientBoostingClassifier().fit(features, customers["churned"])
    log.info("trained on %d customers", len(customers))
    return model


def warm_start(checkpoint):
    return torch.load(checkpoint)
