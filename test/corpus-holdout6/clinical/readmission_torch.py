"""30-day readmission risk: small MLP over tabular encounter features (PyTorch)."""
import argparse
import os

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

NUMERIC = ["length_of_stay", "num_prior_admits_1y", "num_meds", "num_labs", "charlson_index",
           "ed_visits_6m", "discharge_hour"]
FLAGS = ["discharged_weekend", "lives_alone", "has_pcp"]


class EncounterDataset(Dataset):
    def __init__(self, frame: pd.DataFrame, stats=None):
        x = frame[NUMERIC + FLAGS].astype("float32").to_numpy()
        if stats is None:
            stats = (x.mean(0), x.std(0) + 1e-6)
        self.stats = stats
        self.x = torch.from_numpy((x - stats[0]) / stats[1])
        self.y = torch.from_numpy(frame["readmit_30d"].astype("float32").to_numpy())

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


class ReadmitMLP(nn.Module):
    def __init__(self, d_in, hidden=64, p_drop=0.2):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d_in, hidden), nn.ReLU(), nn.Dropout(p_drop),
            nn.Linear(hidden, hidden // 2), nn.ReLU(), nn.Linear(hidden // 2, 1),
        )

    def forward(self, x):
        return self.net(x).squeeze(-1)


def train_epochs(model, loader, epochs, lr, device):
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(4.0, device=device))
    for ep in range(epochs):
        model.train()
        total = 0.0
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
        print(f"epoch {ep} loss {total / len(loader.dataset):.4f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--encounters", default="/mnt/ehr/extracts/encounters_features.parquet")
    ap.add_argument("--resume", default=None)
    ap.add_argument("--pretrained", default="checkpoints/readmit_pretrain.pt")
    ap.add_argument("--epochs", type=int, default=20)
    args = ap.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"

    df = pd.read_parquet(args.encounters)
    ds = EncounterDataset(df)
    loader = DataLoader(ds, batch_size=256, shuffle=True, num_workers=2)
    model = ReadmitMLP(len(NUMERIC + FLAGS)).to(device)

    if os.path.exists(args.pretrained):
        state = torch.load(args.pretrained, map_location=device, weights_only=True)  # trap: weights_only
        model.load_state_dict(state)
    if args.resume:
        ckpt = torch.load(args.resume, map_location=device)  # truth: SER
        model.load_state_dict(ckpt["model"])
        ds.stats = ckpt["stats"]

    train_epochs(model, loader, args.epochs, 1e-3, device)
    torch.save({"model": model.state_dict(), "stats": ds.stats}, "checkpoints/readmit_latest.pt")
    norm = np.load("checkpoints/feature_norms.npy")  # trap: plain np.load
    print("saved; norms shape", norm.shape)


if __name__ == "__main__":
    main()
