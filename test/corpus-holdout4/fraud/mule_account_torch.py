"""Money-mule account detector: small MLP over account + transfer aggregates (PyTorch)."""
import logging
import os

import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

log = logging.getLogger("mule")
audit = logging.getLogger("aml.audit")

CONFIG = {
    "data": "/data/aml/account_features_2026_11.parquet",
    "columns": {
        "numeric": ["inbound_count_7d", "outbound_count_7d", "passthrough_ratio", "distinct_senders_30d",
                    "median_hold_minutes", "account_age_days"],
        "binary": ["has_recent_device_change", "opened_online"],
        "customer": ["age", "nationality_code"],
    },
    "label": "sar_filed",
    "epochs": 8,
    "lr": 2e-3,
}


class AccountDataset(Dataset):
    def __init__(self, frame: pd.DataFrame, cols: list, label: str):
        self.x = torch.tensor(frame[cols].to_numpy(dtype=np.float32))
        self.y = torch.tensor(frame[label].to_numpy(dtype=np.float32))

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


def make_mlp(n_in):
    return nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 1))


def train_model(ds: Dataset, n_in: int, epochs: int, lr: float):
    model = make_mlp(n_in)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    lossf = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(20.0))
    for ep in range(epochs):
        for xb, yb in DataLoader(ds, batch_size=512, shuffle=True):
            opt.zero_grad()
            lossf(model(xb).squeeze(-1), yb).backward()
            opt.step()
        log.info("epoch %d done", ep)
    return model


def warm_start(path):
    audit.info("warm start from %s", path)
    ckpt = torch.load(path)  # truth: SER
    model = make_mlp(ckpt["n_in"])
    model.load_state_dict(ckpt["state_dict"])
    return model


def main():
    audit.info("AML feature table read for mule model training")
    df = pd.read_parquet(CONFIG["data"])  # trap
    df["nationality_code"] = df["nationality"].astype("category").cat.codes
    cols = CONFIG["columns"]["numeric"] + CONFIG["columns"]["binary"]
    full_cols = cols + CONFIG["columns"]["customer"]

    ds_full = AccountDataset(df, full_cols, CONFIG["label"])
    model = train_model(ds_full, len(full_cols), CONFIG["epochs"], CONFIG["lr"])  # truth: FAIR
    ds_behav = AccountDataset(df, cols, CONFIG["label"])
    model_behav = train_model(ds_behav, len(cols), CONFIG["epochs"], CONFIG["lr"])  # trap

    torch.save({"n_in": len(cols), "state_dict": model_behav.state_dict()}, "models/mule_behav.pt")
    torch.save({"n_in": len(full_cols), "state_dict": model.state_dict()}, "models/mule_full.pt")

    with torch.no_grad():
        df["score"] = torch.sigmoid(model_behav(ds_behav.x).squeeze(-1)).numpy()
    top = df.nlargest(100, "score")
    top[["account_id", "iban", "holder_name", "score"]].to_csv("out/mule_review_queue.csv", index=False)  # truth: PII
    log.info("score distribution: %s", df["score"].describe().to_dict())  # trap
    log.info("top accounts: %s", top["account_id"].tolist()[:10])  # trap


if __name__ == "__main__":
    main()
