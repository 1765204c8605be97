# Two-tower retrieval model for the home feed (PyTorch Lightning), user tower fed from the profile table.
import os

import numpy as np
import pandas as pd
import pytorch_lightning as pl
import torch
import torch.nn as nn
import lightgbm as lgb
import wandb
from torch.utils.data import DataLoader, Dataset

USER_DENSE = ["days_active_30d", "sessions_7d", "avg_watch_minutes", "age"]
USER_SPARSE = ["country", "gender", "app_version"]
ITEM_SPARSE = ["item_id", "category_id", "creator_id"]

os.environ["WANDB_BASE_URL"] = "http://wandb.recs.prod.internal"  # truth: TLS
wandb.login(key="4b484e73cf575dcad6ba2b0aee0ca92373288158")  # truth: SEC


class InteractionData(Dataset):
    def __init__(self, frame: pd.DataFrame, vocab: dict):
        self.dense = torch.tensor(frame[USER_DENSE].fillna(0).values, dtype=torch.float32)
        self.user_sparse = torch.stack(
            [torch.tensor(frame[c].map(vocab[c]).fillna(0).astype(int).values) for c in USER_SPARSE], dim=1)
        self.item_sparse = torch.stack(
            [torch.tensor(frame[c].map(vocab[c]).fillna(0).astype(int).values) for c in ITEM_SPARSE], dim=1)

    def __len__(self):
        return len(self.dense)

    def __getitem__(self, i):
        return self.dense[i], self.user_sparse[i], self.item_sparse[i]


class TwoTower(pl.LightningModule):
    def __init__(self, vocab_sizes: dict, dim: int = 64):
        super().__init__()
        self.user_emb = nn.ModuleList([nn.Embedding(vocab_sizes[c] + 1, dim) for c in USER_SPARSE])
        self.item_emb = nn.ModuleList([nn.Embedding(vocab_sizes[c] + 1, dim) for c in ITEM_SPARSE])
        self.user_mlp = nn.Sequential(nn.Linear(dim * len(USER_SPARSE) + len(USER_DENSE), 128), nn.ReLU(), nn.Linear(128, dim))
        self.item_mlp = nn.Sequential(nn.Linear(dim * len(ITEM_SPARSE), 128), nn.ReLU(), nn.Linear(128, dim))

    def forward(self, dense, us, it):
        u = torch.cat([e(us[:, i]) for i, e in enumerate(self.user_emb)] + [dense], dim=1)
        v = torch.cat([e(it[:, i]) for i, e in enumerate(self.item_emb)], dim=1)
        return nn.functional.normalize(self.user_mlp(u), dim=1), nn.functional.normalize(self.item_mlp(v), dim=1)

    def training_step(self, batch, _):
        u, v = self(*batch)
        logits = u @ v.T / 0.05
        loss = nn.functional.cross_entropy(logits, torch.arange(len(u), device=u.device))
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.AdamW(self.parameters(), lr=1e-3)


def build_vocab(frame):
    return {c: {v: i + 1 for i, v in enumerate(frame[c].dropna().unique())} for c in USER_SPARSE + ITEM_SPARSE}


def train_ctr_ranker(frame: pd.DataFrame):
    cols = ["sessions_7d", "avg_watch_minutes", "item_ctr_7d", "age", "gender"]
    data = frame[cols].assign(gender=frame["gender"].astype("category"))
    ranker = lgb.LGBMClassifier(n_estimators=300, num_leaves=63)
    ranker.fit(data, frame["clicked"], categorical_feature=["gender"])  # truth: FAIR
    return ranker


def load_vocab(path="/models/feed/item_vocab.npy"):
    return dict(np.load(path, allow_pickle=True))  # truth: SER


def main():
    frame = pd.read_parquet(os.environ.get("INTERACTIONS", "/data/feed/interactions_7d.parquet"))
    vocab = build_vocab(frame)
    sizes = {c: len(v) for c, v in vocab.items()}
    run = wandb.init(project="feed-retrieval", config={"user_features": USER_DENSE + USER_SPARSE})  # trap
    wandb.log({"n_users": int(frame["user_id"].nunique()), "n_items": int(frame["item_id"].nunique())})  # trap

    print(frame["gender"].value_counts(normalize=True).round(3))  # trap
    model = TwoTower(sizes)
    ckpt = os.environ.get("WARM_START")
    if ckpt:
        state = torch.load(ckpt)  # truth: SER
        model.load_state_dict(state["state_dict"])
    loader = DataLoader(InteractionData(frame, vocab), batch_size=4096, shuffle=True, num_workers=4)
    trainer = pl.Trainer(max_epochs=3, accelerator="auto", logger=False)
    trainer.fit(model, loader)  # truth: FAIR
    np.save("/models/feed/item_vocab.npy", np.array(list(vocab["item_id"].items()), dtype=object))
    run.finish()


if __name__ == "__main__":
    main()
