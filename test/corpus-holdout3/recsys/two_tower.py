"""Two-tower retrieval model for the home feed."""
import os

import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

USER_SIDE = ["user_idx", "age_bucket", "gender_idx", "country_idx"]
ITEM_SIDE = ["item_idx", "category_idx", "price_bucket"]


class Tower(nn.Module):
    def __init__(self, cards, dim=64):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(c, dim) for c in cards])
        self.mlp = nn.Sequential(nn.Linear(dim * len(cards), 128), nn.ReLU(), nn.Linear(128, dim))

    def forward(self, x):
        return self.mlp(torch.cat([e(x[:, i]) for i, e in enumerate(self.embs)], dim=-1))


def train_towers(frame, user_cols, item_cols, epochs=3):
    u = torch.tensor(frame[user_cols].values, dtype=torch.long)
    i = torch.tensor(frame[item_cols].values, dtype=torch.long)
    ut = Tower([int(frame[c].max()) + 1 for c in user_cols])
    it = Tower([int(frame[c].max()) + 1 for c in item_cols])
    opt = torch.optim.Adam(list(ut.parameters()) + list(it.parameters()), lr=1e-3)
    for _ in range(epochs):
        for ub, ib in DataLoader(TensorDataset(u, i), batch_size=1024, shuffle=True):
            logits = ut(ub) @ it(ib).T
            loss = nn.functional.cross_entropy(logits, torch.arange(len(ub)))
            opt.zero_grad()
            loss.backward()
            opt.step()
    return ut, it


def main():
    inter = pd.read_parquet("data/interactions.parquet")
    users = pd.read_parquet("data/user_profiles.parquet")  # truth: AUD?
    users["age_bucket"] = pd.cut(users["age"], [0, 18, 25, 35, 50, 65, 120], labels=False)
    users["gender_idx"] = users["gender"].astype("category").cat.codes
    df = inter.merge(users, on="user_id")
    ut, it = train_towers(df, USER_SIDE, ITEM_SIDE)  # truth: FAIR
    torch.save({"user": ut.state_dict(), "item": it.state_dict()}, "artifacts/towers.pt")  # trap
    if os.path.exists("artifacts/prev_towers.pt"):
        prev = torch.load("artifacts/prev_towers.pt")  # truth: SER
    print(df[["user_id", "email", "item_idx"]].sample(10))  # truth: PII


def eda(df):
    print(df["gender"].value_counts())  # trap
    print(df.groupby("age_bucket")["item_idx"].nunique())  # trap
    state = torch.load("artifacts/towers.pt", weights_only=True)  # trap
    blind_user_cols = ["user_idx", "country_idx"]
    ut, it = train_towers(df, blind_user_cols, ITEM_SIDE)  # trap
    return state, ut, it


if __name__ == "__main__":
    main()
