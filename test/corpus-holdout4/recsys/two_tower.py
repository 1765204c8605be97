"""Two-tower retrieval model for the home-feed candidate generator.

User tower: user_id embedding + profile features; item tower: item_id embedding + content features.
"""
import logging
import os

import mlflow
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, Dataset

log = logging.getLogger("feed.two_tower")
audit = logging.getLogger("feed.audit")

USER_COLS = ["user_idx", "country_idx", "platform_idx", "age_bucket", "gender_idx"]
USER_COLS_V2 = ["user_idx", "country_idx", "platform_idx"]
ITEM_COLS = ["item_idx", "category_idx", "creator_idx", "freshness_days"]

os.environ["MLFLOW_TRACKING_TOKEN"] = "dapi97f44510107ad8d488d8d20e152efde8"  # truth: SEC
mlflow.set_tracking_uri("databricks")


class PairDataset(Dataset):
    def __init__(self, df, user_cols, item_cols):
        self.u = torch.tensor(df[user_cols].to_numpy(), dtype=torch.long)
        self.i = torch.tensor(df[item_cols].to_numpy(), dtype=torch.long)

    def __len__(self):
        return len(self.u)

    def __getitem__(self, k):
        return self.u[k], self.i[k]


class Tower(nn.Module):
    def __init__(self, cardinalities, dim=64):
        super().__init__()
        self.embs = nn.ModuleList(nn.Embedding(c, dim) for c in cardinalities)
        self.mlp = nn.Sequential(nn.Linear(dim * len(cardinalities), 128), nn.ReLU(), nn.Linear(128, dim))

    def forward(self, x):
        h = torch.cat([e(x[:, j]) for j, e in enumerate(self.embs)], dim=-1)
        return F.normalize(self.mlp(h), dim=-1)


def train_towers(df, user_cols, item_cols, epochs=3, temperature=0.05):
    cards_u = [int(df[c].max()) + 1 for c in user_cols]
    cards_i = [int(df[c].max()) + 1 for c in item_cols]
    ut, it = Tower(cards_u), Tower(cards_i)
    opt = torch.optim.Adam(list(ut.parameters()) + list(it.parameters()), lr=1e-3)
    dl = DataLoader(PairDataset(df, user_cols, item_cols), batch_size=2048, shuffle=True)
    for ep in range(epochs):
        for u, i in dl:
            logits = ut(u) @ it(i).T / temperature
            loss = F.cross_entropy(logits, torch.arange(len(u)))
            opt.zero_grad()
            loss.backward()
            opt.step()
        mlflow.log_metric("loss", loss.item(), step=ep)
    return ut, it


def main():
    pairs = pd.read_parquet("data/feed/positive_pairs_28d.parquet")
    profiles = pd.read_parquet("data/feed/user_feature_idx.parquet")
    df = pairs.merge(profiles, on="user_idx", how="inner")
    log.info("pairs=%d users=%d items=%d", len(df), df["user_idx"].nunique(), df["item_idx"].nunique())  # trap

    with mlflow.start_run(run_name="two-tower-v5"):
        mlflow.log_params({"user_cols": ",".join(USER_COLS), "item_cols": ",".join(ITEM_COLS)})  # trap
        ut, it = train_towers(df, USER_COLS, ITEM_COLS)  # truth: FAIR
        torch.save(ut.state_dict(), "models/user_tower_v5.pt")
        torch.save(it.state_dict(), "models/item_tower_v5.pt")

    with mlflow.start_run(run_name="two-tower-v5-nodemo"):
        ut2, it2 = train_towers(df, USER_COLS_V2, ITEM_COLS)  # trap
        torch.save(ut2.state_dict(), "models/user_tower_v5_nodemo.pt")

    sample = df.sample(1000, random_state=0)[["user_idx", "item_idx", "age_bucket", "gender_idx"]]
    mlflow.log_table(sample, "pair_sample.json")  # trap


if __name__ == "__main__":
    main()
