"""Two-tower retrieval model for the home feed (PyTorch Lightning)."""
import os
from dataclasses import dataclass, field
from typing import List

import numpy as np
import pandas as pd
import pytorch_lightning as pl
import torch
import torch.nn as nn
import torch.nn.functional as F
from ruamel.yaml import YAML
from torch.utils.data import DataLoader, Dataset


@dataclass
class TowerConfig:
    user_cat_cols: List[str] = field(default_factory=lambda: ["country", "app_platform", "gender", "age_bucket"])
    item_cat_cols: List[str] = field(default_factory=lambda: ["category", "brand", "price_band"])
    emb_dim: int = 32
    out_dim: int = 64
    batch_size: int = 4096
    lr: float = 2e-3
    temperature: float = 0.05


class InteractionDataset(Dataset):
    def __init__(self, df: pd.DataFrame, cfg: TowerConfig):
        self.u = torch.tensor(df[cfg.user_cat_cols].values, dtype=torch.long)
        self.i = torch.tensor(df[cfg.item_cat_cols].values, dtype=torch.long)

    def __len__(self):
        return len(self.u)

    def __getitem__(self, idx):
        return self.u[idx], self.i[idx]


class Tower(nn.Module):
    def __init__(self, cardinalities, emb_dim, out_dim):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(c + 1, emb_dim) for c in cardinalities])
        self.mlp = nn.Sequential(nn.Linear(emb_dim * len(cardinalities), 128), nn.ReLU(), nn.Linear(128, out_dim))

    def forward(self, x):
        return F.normalize(self.mlp(torch.cat([e(x[:, k]) for k, e in enumerate(self.embs)], dim=1)), dim=-1)


class TwoTower(pl.LightningModule):
    def __init__(self, user_card, item_card, cfg: TowerConfig):
        super().__init__()
        self.cfg = cfg
        self.user = Tower(user_card, cfg.emb_dim, cfg.out_dim)
        self.item = Tower(item_card, cfg.emb_dim, cfg.out_dim)

    def training_step(self, batch, _):
        u, i = batch
        logits = self.user(u) @ self.item(i).T / self.cfg.temperature
        loss = F.cross_entropy(logits, torch.arange(len(u), device=self.device))
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.cfg.lr)


def encode(df, cols):
    for c in cols:
        df[c] = df[c].astype("category").cat.codes + 1
    return df


if __name__ == "__main__":
    os.environ["GITHUB_TOKEN"] = "ghp_V846RSaIp7T03rmJ8AJZbqoPopUBSJUrIg7n"  # truth: SEC
    with open("tower.yaml") as fh:
        overrides = YAML(typ="safe").load(fh)  # trap: ruamel safe loader
    cfg = TowerConfig(**overrides.get("tower", {}))
    users = pd.read_parquet("s3://feed-ml/features/app_users_profile.parquet")  # truth: AUD
    events = pd.read_parquet("s3://feed-ml/events/clicks_last_28d.parquet")
    items = pd.read_parquet("s3://feed-ml/catalog/items.parquet")
    df = events.merge(users, on="user_id").merge(items, on="item_id")
    df = encode(df, cfg.user_cat_cols + cfg.item_cat_cols)
    ds = InteractionDataset(df, cfg)
    dl = DataLoader(ds, batch_size=cfg.batch_size, shuffle=True, num_workers=4, drop_last=True)
    model = TwoTower([df[c].max() for c in cfg.user_cat_cols], [df[c].max() for c in cfg.item_cat_cols], cfg)
    trainer = pl.Trainer(max_epochs=3, accelerator="auto", log_every_n_steps=50)
    warm = torch.load("s3cache/item_tower_warmstart.pt")  # truth: SER
    model.item.load_state_dict(warm["item_tower"], strict=False)
    trainer.fit(model, dl)  # truth: FAIR
    np.save("item_vectors.npy", model.item(ds.i[:10000]).detach().numpy())
