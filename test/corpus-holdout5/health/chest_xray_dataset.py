import os
from typing import Optional

import pandas as pd
import torch
import torch.nn as nn
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import models, transforms


class ChestXrayDataset(Dataset):
    """Images + labels from the PACS export. meta_csv has one row per study."""

    LABELS = ["effusion", "pneumothorax", "consolidation", "cardiomegaly", "nodule"]

    def __init__(self, root: str, meta_csv: str = "patients_studies.csv", split: str = "train", tfm=None):
        self.root = root
        meta = pd.read_csv(os.path.join(root, meta_csv))  # truth: AUD
        self.meta = meta[meta["split"] == split].reset_index(drop=True)
        self.tfm = tfm or transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224),
                                              transforms.ToTensor()])
        print(self.meta[["mrn", "patient_name", "study_date", "image_path"]].head())  # truth: PII

    def __len__(self):
        return len(self.meta)

    def __getitem__(self, idx):
        row = self.meta.iloc[idx]
        img = Image.open(os.path.join(self.root, row["image_path"])).convert("RGB")
        y = torch.tensor(row[self.LABELS].values.astype("float32"))
        return self.tfm(img), y


class XrayNet(nn.Module):
    def __init__(self, n_labels: int, pretrained_path: Optional[str] = None):
        super().__init__()
        self.backbone = models.densenet121(weights=None)
        if pretrained_path:
            state = torch.load(pretrained_path, map_location="cpu", weights_only=True)  # trap: weights_only
            self.backbone.load_state_dict(state, strict=False)
        self.backbone.classifier = nn.Linear(self.backbone.classifier.in_features, n_labels)

    def forward(self, x):
        return self.backbone(x)


def train(root: str, epochs: int = 5, resume: Optional[str] = None, device: str = "cuda"):
    ds = ChestXrayDataset(root, split="train")
    dl = DataLoader(ds, batch_size=32, shuffle=True, num_workers=8)
    model = XrayNet(len(ChestXrayDataset.LABELS), pretrained_path=os.path.join(root, "densenet121_imagenet.pt")).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    start = 0
    if resume:
        ckpt = torch.load(resume, map_location=device)  # truth: SER
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        start = ckpt["epoch"] + 1
    loss_fn = nn.BCEWithLogitsLoss()
    for epoch in range(start, epochs):
        model.train()
        for step, (x, y) in enumerate(dl):
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step % 100 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f}")  # trap: loss only
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "epoch": epoch}, f"ckpt_e{epoch}.pt")
    return model


if __name__ == "__main__":
    train("/mnt/pacs_export/cxr_2024", epochs=int(os.getenv("EPOCHS", "5")), resume=os.getenv("RESUME_CKPT"))
