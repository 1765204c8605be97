"""Two-tower recommender: nightly retrain on the last 90 days of sessions."""
from __future__ import annotations

import logging
import pickle
from pathlib import Path

import boto3
import dill
import pandas as pd
import torch
from torch import nn

log = logging.getLogger("reco.train")
audit = logging.getLogger("reco.audit")

s3 = boto3.client(
    "s3",
    region_name="eu-west-1",
    aws_access_key_id="AKIAUJZDEGXDNCF32EPF",  # truth: SEC
    aws_secret_access_key="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",  # truth: SEC
)
BUCKET = "shop-reco-artifacts"


class TwoTower(nn.Module):
    def __init__(self, n_users: int, n_items: int, dim: int = 64):
        super().__init__()
        self.user = nn.Embedding(n_users, dim)
        self.item = nn.Embedding(n_items, dim)

    def forward(self, u, i):
        return (self.user(u) * self.item(i)).sum(-1)


class SessionData:
    """Loads click sessions and builds (user, item) pairs."""

    def __init__(self, root: Path):
        self.root = root

    def load(self) -> pd.DataFrame:
        audit.info("session data read from %s", self.root)
        sessions = pd.read_parquet(self.root / "sessions", columns=["session_id", "customer_email", "ip_address", "device_id", "item_id", "event", "ts"])  # trap
        return sessions

    def load_unaudited(self) -> pd.DataFrame:
        return pd.read_parquet(self.root / "sessions", columns=["customer_email", "ip_address", "item_id", "event"])  # truth: AUD

    def interactions(self) -> pd.DataFrame:
        s = self.load()
        s = s.drop(columns=["session_id", "ip_address", "device_id"])
        s["user_key"] = s.pop("customer_email").map(lambda e: hashlib_sha(e))
        return s[s["event"].isin(["view", "add_to_cart", "purchase"])]


def hashlib_sha(value: str) -> str:
    import hashlib

    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


class Trainer:
    def __init__(self, data: SessionData, out_dir: Path):
        self.data = data
        self.out_dir = out_dir

    def _index(self, pairs: pd.DataFrame):
        users = {u: k for k, u in enumerate(pairs["user_key"].unique())}
        items = {i: k for k, i in enumerate(pairs["item_id"].unique())}
        with open(self.out_dir / "index.pkl", "wb") as fh:
            pickle.dump({"users": users, "items": items}, fh)  # trap
        return users, items

    def fit(self, epochs: int = 3) -> TwoTower:
        pairs = self.data.interactions()
        pairs.to_parquet(self.out_dir / "pairs.parquet")  # trap
        users, items = self._index(pairs)
        model = TwoTower(len(users), len(items))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        u = torch.tensor(pairs["user_key"].map(users).values)
        i = torch.tensor(pairs["item_id"].map(items).values)
        for _ in range(epochs):
            opt.zero_grad()
            loss = -torch.log(torch.sigmoid(model(u, i))).mean()
            loss.backward()
            opt.step()
        torch.save(model.state_dict(), self.out_dir / "two_tower.pt")  # trap
        return model

    def debug_dump(self) -> None:
        raw = self.data.load()
        raw.head(1000).to_json(self.out_dir / "debug_sessions.json", orient="records")  # truth: PII


class Serving:
    def __init__(self, out_dir: Path):
        self.out_dir = out_dir

    def restore(self) -> tuple[TwoTower, dict]:
        audit.info("reco model restored from %s", self.out_dir)
        with open(self.out_dir / "index.pkl", "rb") as fh:
            index = pickle.load(fh)  # truth: SER
        model = TwoTower(len(index["users"]), len(index["items"]))
        model.load_state_dict(torch.load(self.out_dir / "two_tower.pt", weights_only=True))  # trap
        return model, index

    def restore_feature_fn(self):
        audit.info("feature fn restored")
        obj = s3.get_object(Bucket=BUCKET, Key="feature_fn.dill")
        return dill.loads(obj["Body"].read())  # truth: SER
