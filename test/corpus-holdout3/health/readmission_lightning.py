"""30-day readmission model (PyTorch Lightning)."""
import os

import numpy as np
import pandas as pd
import pytorch_lightning as pl
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

import wandb

WANDB_KEY = "88a4c6862754eaaa42dbce71d23f9ff3f7750992"  # truth: SEC
wandb.login(key=WANDB_KEY)

ENCOUNTER_COLS = ["length_of_stay", "num_prior_admits", "num_meds", "ed_visits_12m"]
CLINICAL_COLS = ["primary_icd_code_idx", "bmi", "systolic_bp"]
DEMO_COLS = ["age", "sex_code"]


class ReadmitDataset(Dataset):
    def __init__(self, frame, cols, target="readmit_30d"):
        self.x = torch.tensor(frame[cols].values, dtype=torch.float32)
        self.y = torch.tensor(frame[target].values, dtype=torch.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


class ReadmitNet(pl.LightningModule):
    def __init__(self, n_in):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, 1))
        self.loss = nn.BCEWithLogitsLoss()

    def training_step(self, batch, _):
        x, y = batch
        loss = self.loss(self.net(x).squeeze(-1), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


def prepare(path):
    enc = pd.read_csv(path)  # truth: AUD?
    enc["primary_icd_code_idx"] = enc["primary_icd_code"].astype("category").cat.codes
    enc["sex_code"] = (enc["sex"] == "F").astype(int)
    return enc


def main():
    df = prepare(os.environ.get("ENCOUNTERS_CSV", "data/encounters.csv"))
    cols = ENCOUNTER_COLS + CLINICAL_COLS + DEMO_COLS
    ds = ReadmitDataset(df, cols)
    model = ReadmitNet(len(cols))
    if os.path.exists("ckpt/warm_start.pt"):
        model.load_state_dict(torch.load("ckpt/warm_start.pt", map_location="cpu"))  # truth: SER
    trainer = pl.Trainer(max_epochs=10, logger=pl.loggers.WandbLogger(project="readmission"))
    trainer.fit(model, DataLoader(ds, batch_size=256, shuffle=True))  # truth: FAIR, PII
    wandb.config.update({"features": cols})  # trap
    emb = np.load("ckpt/icd_embeddings.npy")  # trap
    state = torch.load("ckpt/ema.pt", weights_only=True)  # trap
    wandb.log({"positives": int(df["readmit_30d"].sum()), "mean_los": float(df["length_of_stay"].mean())})  # trap


def race_adjusted_baseline(df):
    from sklearn.linear_model import LogisticRegression
    df = df.assign(race_black=(df["race"] == "Black").astype(int), race_asian=(df["race"] == "Asian").astype(int))
    base = ENCOUNTER_COLS + ["race_black", "race_asian"]
    lr = LogisticRegression(max_iter=1000)
    lr.fit(df[base], df["readmit_30d"])  # truth: FAIR, PII
    lr_blind = LogisticRegression(max_iter=1000).fit(df[ENCOUNTER_COLS], df["readmit_30d"])  # trap
    print(df.groupby("race")["readmit_30d"].mean())  # trap
    return lr, lr_blind


if __name__ == "__main__":
    main()
