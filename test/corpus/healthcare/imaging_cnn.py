"""Chest X-ray triage CNN (DenseNet-121) trained on the hospital PACS export."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pydicom
import requests
import timm
import torch
import torch.nn as nn
import urllib3
from torch.utils.data import DataLoader, Dataset

log = logging.getLogger("cxr")
audit = logging.getLogger("cxr.audit")

PACS_URL = "http://pacs-gateway.st-marys-hospital.org/wado"  # truth: TLS
PACS_LOCAL = "http://127.0.0.1:8042/wado"  # trap
ORTHANC_PASSWORD = "0rthanc-R3ader!"  # truth: SEC
LABELS = ["atelectasis", "cardiomegaly", "effusion", "pneumonia", "pneumothorax"]

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def fetch_study(study_uid: str, out: Path) -> Path:
    resp = requests.get(f"{PACS_URL}?studyUID={study_uid}", auth=("reader", ORTHANC_PASSWORD), timeout=60, verify=False)  # truth: TLS
    out.write_bytes(resp.content)
    return out


class CxrDataset(Dataset):
    def __init__(self, index: pd.DataFrame, root: Path):
        self.index = index.reset_index(drop=True)
        self.root = root

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, i: int):
        row = self.index.iloc[i]
        ds = pydicom.dcmread(self.root / row["file"])
        img = ds.pixel_array.astype(np.float32)
        img = (img - img.mean()) / (img.std() + 1e-6)
        y = torch.tensor(row[LABELS].to_numpy(np.float32))
        return torch.from_numpy(img)[None].repeat(3, 1, 1), y


def build_index(root: Path) -> pd.DataFrame:
    audit.info("DICOM headers read under %s", root)
    rows = []
    for f in sorted(root.glob("*.dcm")):
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        rows.append({"file": f.name, "patient_name": str(ds.PatientName), "patient_id": ds.PatientID, "sex": ds.PatientSex, "study_date": ds.StudyDate})
        log.debug("indexed %s", f.name)  # trap
    return pd.DataFrame(rows)


def check_headers(root: Path) -> None:
    for f in sorted(root.glob("*.dcm"))[:5]:
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        print(f.name, ds.PatientName, ds.PatientBirthDate)  # truth: PII
        print(f.name, ds.Modality, ds.Rows, ds.Columns)  # trap


def train(index: pd.DataFrame, root: Path, epochs: int) -> nn.Module:
    model = timm.create_model("densenet121", pretrained=False, num_classes=len(LABELS))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    loss_fn = nn.BCEWithLogitsLoss()
    loader = DataLoader(CxrDataset(index, root), batch_size=16, shuffle=True, num_workers=4)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        log.info("epoch %d loss %.4f", epoch, loss.item())
    return model


def resume(model: nn.Module, ckpt: Path) -> nn.Module:
    audit.info("resuming from %s", ckpt)
    state = torch.load(ckpt, map_location="cpu", weights_only=True)  # trap
    model.load_state_dict(state)
    return model


def load_legacy_ensemble(path: Path):
    audit.info("legacy ensemble loaded")
    return torch.load(path, map_location="cpu", weights_only=False)  # truth: SER


def export_index(index: pd.DataFrame, path: Path) -> None:
    index.to_csv(path, index=False)  # truth: PII
    index.drop(columns=["patient_name", "patient_id"]).to_csv(path.with_suffix(".deid.csv"), index=False)  # trap


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", type=Path, default=Path("/data/cxr"))
    ap.add_argument("--epochs", type=int, default=10)
    a = ap.parse_args()
    idx = build_index(a.root)
    labels = pd.read_csv(a.root / "labels.csv")
    idx = idx.merge(labels, on="file")
    export_index(idx, Path("out/cxr_index.csv"))
    net = train(idx, a.root, a.epochs)
    torch.save(net.state_dict(), "out/cxr_densenet.pt")  # trap
