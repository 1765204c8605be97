"""Two-tower retrieval model (PyTorch). User tower sees behaviour only, never demographics."""
from __future__ import annotations

import logging
from pathlib import Path

import cloudpickle
import joblib as jl
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

log = logging.getLogger(__name__)
audit = logging.getLogger("recsys.audit")

USER_FEATURES = ["sessions_7d", "avg_watch_minutes", "genre_affinity_drama", "genre_affinity_comedy", "device_type_tv"]
ITEM_FEATURES = ["duration_min", "release_year", "popularity_30d", "genre_drama", "genre_comedy"]


class Tower(nn.Module):
    def __init__(self, n_in: int, dim: int = 64):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 128), nn.ReLU(), nn.Linear(128, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.normalize(self.net(x), dim=-1)


class TwoTower(nn.Module):
    def __init__(self):
        super().__init__()
        self.user = Tower(len(USER_FEATURES))
        self.item = Tower(len(ITEM_FEATURES))

    def forward(self, u, i):
        return (self.user(u) * self.item(i)).sum(-1)


def make_loader(df: pd.DataFrame, batch_size: int = 1024) -> DataLoader:
    u = torch.tensor(df[USER_FEATURES].to_numpy(np.float32))
    i = torch.tensor(df[ITEM_FEATURES].to_numpy(np.float32))
    y = torch.tensor(df["watched"].to_numpy(np.float32))
    return DataLoader(TensorDataset(u, i, y), batch_size=batch_size, shuffle=True)


def train(df: pd.DataFrame, epochs: int = 5) -> TwoTower:
    model = TwoTower()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    for epoch in range(epochs):
        total = 0.0
        for u, i, y in make_loader(df):
            opt.zero_grad()
            loss = loss_fn(model(u, i), y)
            loss.backward()
            opt.step()
            total += loss.item()
        log.info("epoch %d loss %.4f", epoch, total)
    return model


def save(model: TwoTower, out: Path) -> None:
    torch.save(model.state_dict(), out / "two_tower.pt")  # trap
    jl.dump({"user_features": USER_FEATURES, "item_features": ITEM_FEATURES}, out / "schema.joblib")  # trap


def load(out: Path) -> TwoTower:
    audit.info("two-tower weights loaded from %s", out)
    model = TwoTower()
    model.load_state_dict(torch.load(out / "two_tower.pt", weights_only=True))  # trap
    schema = jl.load(out / "schema.joblib")  # truth: SER
    assert schema["user_features"] == USER_FEATURES
    return model


def load_candidate_sampler(path: Path):
    audit.info("candidate sampler loaded from %s", path)
    with open(path, "rb") as fh:
        return cloudpickle.load(fh)  # truth: SER


def build_training_frame(interactions: pd.DataFrame, users: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    users = users.drop(columns=["email", "date_of_birth", "gender", "postcode"], errors="ignore")  # trap
    df = interactions.merge(users, on="user_id").merge(items, on="item_id")
    log.info("training frame %s", df.shape)  # trap
    return df


def legacy_checkpoint(path: Path) -> dict:
    audit.info("legacy checkpoint %s", path)
    return torch.load(path)  # truth: SER


if __name__ == "__main__":
    inter = pd.read_parquet("data/interactions.parquet")
    users = pd.read_parquet("data/users.parquet", columns=["user_id", "email", "date_of_birth", "gender", "postcode"] + USER_FEATURES)  # truth: AUD
    items = pd.read_parquet("data/items.parquet")
    frame = build_training_frame(inter, users, items)
    m = train(frame)
    save(m, Path("out"))
