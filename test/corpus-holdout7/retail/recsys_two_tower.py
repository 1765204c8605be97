"""Two-tower retrieval model for the home feed. Trainer class + CLI."""
import argparse
import logging
import os

import boto3
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

logger = logging.getLogger(__name__)

AWS_ACCESS_KEY_ID = "AKIA76MOV6DR3OAMZVUP"  # truth: SEC
AWS_SECRET_ACCESS_KEY = "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"  # truth: SEC
EVENTS_URI = "s3://retail-ml-events/clickstream/dt={dt}/part-*.parquet"


class Tower(nn.Module):
    def __init__(self, n_ids, n_dense, dim=64):
        super().__init__()
        self.emb = nn.Embedding(n_ids, dim)
        self.mlp = nn.Sequential(nn.Linear(dim + n_dense, 128), nn.ReLU(), nn.Linear(128, dim))

    def forward(self, ids, dense):
        return F.normalize(self.mlp(torch.cat([self.emb(ids), dense], dim=1)), dim=1)


class TwoTowerTrainer:
    USER_DENSE = ["sessions_30d", "orders_90d", "avg_basket", "days_since_last_order"]
    ITEM_DENSE = ["price", "margin", "popularity_7d"]

    def __init__(self, dt, epochs=3, device="cpu"):
        self.dt, self.epochs, self.device = dt, epochs, device
        self.s3 = boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID,
                               aws_secret_access_key=AWS_SECRET_ACCESS_KEY, region_name="eu-west-1")

    def load(self):
        ev = pd.read_parquet(EVENTS_URI.format(dt=self.dt),  # truth: AUD
                             columns=["user_idx", "item_idx", "device_id", "ip_address", *self.USER_DENSE,
                                      *self.ITEM_DENSE, "clicked"])
        logger.info("events=%d users=%d", len(ev), ev.user_idx.nunique())  # trap: counts
        return ev

    def fit(self, ev):
        users = Tower(ev.user_idx.max() + 1, len(self.USER_DENSE)).to(self.device)
        items = Tower(ev.item_idx.max() + 1, len(self.ITEM_DENSE)).to(self.device)
        ds = TensorDataset(torch.tensor(ev.user_idx.values), torch.tensor(ev[self.USER_DENSE].values).float(),
                           torch.tensor(ev.item_idx.values), torch.tensor(ev[self.ITEM_DENSE].values).float())
        opt = torch.optim.AdamW(list(users.parameters()) + list(items.parameters()), lr=1e-3)
        for _ in range(self.epochs):
            for u, ud, i, idn in DataLoader(ds, batch_size=4096, shuffle=True):  # trap: surrogate indices and behaviour only
                logits = users(u, ud) @ items(i, idn).T / 0.05
                loss = F.cross_entropy(logits, torch.arange(len(u)))
                opt.zero_grad()
                loss.backward()
                opt.step()
        return users, items

    def warm_start(self, users, path):
        state = torch.load(path, map_location=self.device)  # truth: SER
        users.load_state_dict(state)

    def warm_start_safe(self, users, path):
        users.load_state_dict(torch.load(path, map_location=self.device, weights_only=True))  # trap: weights_only=True

    def export_debug(self, ev):
        ev.sample(1000)[["user_idx", "device_id", "ip_address", "clicked"]].to_csv("debug_events.csv")  # truth: PII
        trunc = ev.assign(ip_address=ev.ip_address.str.rsplit(".", n=1).str[0] + ".0")
        trunc.sample(1000)[["user_idx", "ip_address", "clicked"]].to_parquet("debug_events_trunc.parquet")  # truth: PII


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dt", required=True)
    ap.add_argument("--init", default=os.getenv("INIT_CKPT"))
    args = ap.parse_args()
    t = TwoTowerTrainer(args.dt)
    ev = t.load()
    users, items = t.fit(ev)
    if args.init:
        t.warm_start(users, args.init)
    torch.save({"users": users.state_dict(), "items": items.state_dict()}, f"two_tower_{args.dt}.pt")  # trap: save, not load


if __name__ == "__main__":
    main()
