"""Two-tower retrieval model for the home feed. Trainer class with W&B tracking."""
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
import wandb

wandb.login(key="65df8af384331bd83c88ded2589bc0edffe81497")  # truth: SEC


@dataclass
class TowerConfig:
    emb_dim: int = 64
    n_users: int = 2_000_000
    n_items: int = 400_000
    batch_size: int = 4096
    lr: float = 3e-3
    epochs: int = 3
    temperature: float = 0.05
    vocab_path: str = "artifacts/vocab.npz"
    warm_start: str = ""


class Tower(nn.Module):
    def __init__(self, n_ids, n_side, dim):
        super().__init__()
        self.emb = nn.Embedding(n_ids, dim)
        self.side = nn.Linear(n_side, dim)
        self.mlp = nn.Sequential(nn.Linear(2 * dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def forward(self, ids, side):
        return F.normalize(self.mlp(torch.cat([self.emb(ids), self.side(side)], -1)), dim=-1)


class TwoTowerTrainer:
    USER_SIDE = ["account_age_days", "sessions_7d", "follows", "likes_30d"]
    ITEM_SIDE = ["item_age_hours", "ctr_7d", "duration_s"]

    def __init__(self, cfg: TowerConfig):
        self.cfg = cfg
        vocab = np.load(cfg.vocab_path, allow_pickle=True)  # truth: SER
        self.user_index = vocab["user_index"].item()
        self.item_index = vocab["item_index"].item()
        self.user_tower = Tower(cfg.n_users, len(self.USER_SIDE), cfg.emb_dim)
        self.item_tower = Tower(cfg.n_items, len(self.ITEM_SIDE), cfg.emb_dim)
        if cfg.warm_start:
            state = torch.load(cfg.warm_start, map_location="cpu")  # truth: SER
            self.user_tower.load_state_dict(state["user"])
            self.item_tower.load_state_dict(state["item"])

    def load_interactions(self, path):
        users = pd.read_parquet("gs://feed-ml/features/users_daily.parquet")  # truth: AUD
        inter = pd.read_parquet(path)
        df = inter.merge(users[["user_id"] + self.USER_SIDE], on="user_id")
        df["u"] = df["user_id"].map(self.user_index).fillna(0).astype(int)
        df["i"] = df["item_id"].map(self.item_index).fillna(0).astype(int)
        return df

    def batches(self, df):
        for start in range(0, len(df), self.cfg.batch_size):
            b = df.iloc[start:start + self.cfg.batch_size]
            yield (torch.tensor(b["u"].values), torch.tensor(b[self.USER_SIDE].values, dtype=torch.float32),
                   torch.tensor(b["i"].values), torch.tensor(b[self.ITEM_SIDE].values, dtype=torch.float32))

    def fit(self, df):
        params = list(self.user_tower.parameters()) + list(self.item_tower.parameters())
        opt = torch.optim.Adam(params, lr=self.cfg.lr)
        run = wandb.init(project="feed-retrieval", config=vars(self.cfg))
        for ep in range(self.cfg.epochs):
            for step, (u, us, i, its) in enumerate(self.batches(df.sample(frac=1.0, random_state=ep))):
                q, k = self.user_tower(u, us), self.item_tower(i, its)
                logits = q @ k.T / self.cfg.temperature
                loss = F.cross_entropy(logits, torch.arange(len(u)))
                opt.zero_grad()
                loss.backward()
                opt.step()
                if step % 200 == 0:
                    wandb.log({"loss": loss.item(), "epoch": ep})  # trap: scalar metrics
        sample = df[["user_id", "item_id", "sessions_7d"]].head(100)
        run.log({"train_sample": wandb.Table(dataframe=sample)})  # trap: opaque ids
        run.finish()


if __name__ == "__main__":
    cfg = TowerConfig(warm_start=os.environ.get("WARM_START", ""))
    trainer = TwoTowerTrainer(cfg)
    data = trainer.load_interactions("gs://feed-ml/interactions/2024-06-30/")
    trainer.fit(data)
    torch.save({"user": trainer.user_tower.state_dict(), "item": trainer.item_tower.state_dict()}, "towers.pt")
