"""Health-insurance claim triage: tabular MLP that routes claims to auto-pay / review / investigate."""
import argparse
import io
import os

import numpy as np
import pandas as pd
import requests
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from hi_ml.audit import audit_event

PROVIDER_DIR_API = "https://provider-directory.example-health.com/v1/npi"
LEGACY_RULES = "http://rules-engine.claims.example-health.com/export"  # truth: TLS
ADJUDICATION_TOKEN = "glpat-kjbKXC4Z-IYY3KVu4P0p"  # truth: SEC

TABULAR = ["billed_amount", "num_lines", "provider_risk", "days_to_submit", "is_out_of_network", "prior_denials_12m"]
CLINICAL = ["member_age", "pregnancy_indicator", "chronic_condition_count"]


class TriageMLP(nn.Module):
    def __init__(self, n_in, n_out=3):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, n_out))

    def forward(self, x):
        return self.net(x)


def load_claims(path):
    audit_event("claims.read", path=path)
    return pd.read_parquet(path)  # trap: audit_event in the same function


def load_embeddings(path):
    return np.load(path, allow_pickle=True)  # truth: SER


def load_rules():
    r = requests.get(LEGACY_RULES, timeout=30, verify=False)  # truth: TLS
    return torch.load(io.BytesIO(r.content))  # truth: SER


def train(df, cols, epochs=5):
    X = torch.tensor(df[cols].astype("float32").values)
    y = torch.tensor(df["route"].values, dtype=torch.long)
    model = TriageMLP(X.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        for xb, yb in DataLoader(TensorDataset(X, y), batch_size=512, shuffle=True):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", default="s3://hi-claims/curated/2024/claims.parquet")
    ap.add_argument("--resume")
    a = ap.parse_args()
    df = load_claims(a.claims)
    m_tab = train(df, TABULAR)  # trap: claim-level features only
    m_full = train(df, TABULAR + CLINICAL)  # truth: FAIR, PII
    if a.resume:
        m_full.load_state_dict(torch.load(a.resume, weights_only=False))  # truth: SER
    emb = load_embeddings("artifacts/provider_embeddings.npy")
    print(emb.shape)
    torch.save(m_tab.state_dict(), "triage_tab.pt")  # trap: save
    state = torch.load("triage_tab.pt", weights_only=True)  # trap: weights_only=True
    requests.get(PROVIDER_DIR_API, params={"npi": "1234567893"}, timeout=5)  # trap: https, provider (not member) lookup


if __name__ == "__main__":
    main()
