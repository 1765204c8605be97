"""Seriousness classifier for spontaneous adverse-event reports (pharmacovigilance intake).

Narratives are anonymised with Presidio before anything leaves the intake service.
"""
import logging
import os

import pandas as pd
import torch
from openai import OpenAI
from presidio_analyzer import AnalyzerEngine
from presidio_anonymizer import AnonymizerEngine
from torch import nn
from torch.utils.data import DataLoader, Dataset

log = logging.getLogger("pv.intake")
audit = logging.getLogger("pv.audit")

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])  # trap
FALLBACK_CLIENT = OpenAI(
    api_key="sk-proj-5lh-nUCT4VgCBYmoa6MVP2EdHbTzz4fXiLYARBGAUwfwkdO1T3BlbkFJeXQYdwhBQdnkHvYpObZYSUsp9T5d1D7ffh4z0wCXWRvixJ9K",  # truth: SEC
    base_url="https://llm-gateway.pv.example.com/v1",
)
analyzer, anonymizer = AnalyzerEngine(), AnonymizerEngine()
EMBED_MODEL = "text-embedding-3-small"
max_tokens = 8000  # trap


def anonymise(text: str) -> str:
    results = analyzer.analyze(text=text, language="en")
    return anonymizer.anonymize(text=text, analyzer_results=results).text


class AEReports(Dataset):
    def __init__(self, frame: pd.DataFrame, embeddings: torch.Tensor):
        self.y = torch.tensor(frame["serious"].to_numpy(), dtype=torch.float32)
        self.x = embeddings

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


def embed(texts):
    out = []
    for i in range(0, len(texts), 256):
        resp = client.embeddings.create(model=EMBED_MODEL, input=texts[i:i + 256])
        out.extend(d.embedding for d in resp.data)
    return torch.tensor(out)


def load_head(path):
    audit.info("loading classifier head %s", path)
    head = nn.Sequential(nn.Linear(1536, 256), nn.ReLU(), nn.Linear(256, 1))
    head.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))  # trap
    return head


def load_legacy_head(path):
    audit.info("loading legacy full-module checkpoint %s", path)
    return torch.load(path, map_location="cpu")  # truth: SER


def train(reports: pd.DataFrame):
    reports = reports.copy()
    reports["narrative_anon"] = reports["narrative"].map(anonymise)
    log.info("example anonymised narrative: %s", reports["narrative_anon"].iloc[0][:300])  # trap
    log.info("example raw report: %s", reports[["reporter_name", "reporter_phone", "narrative"]].iloc[0].to_dict())  # truth: PII

    emb = embed(reports["narrative_anon"].tolist())
    dl = DataLoader(AEReports(reports, emb), batch_size=64, shuffle=True)
    head = nn.Sequential(nn.Linear(emb.shape[1], 256), nn.ReLU(), nn.Linear(256, 1))
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3)
    lossf = nn.BCEWithLogitsLoss()
    for epoch in range(5):
        total = 0.0
        for xb, yb in dl:
            opt.zero_grad()
            loss = lossf(head(xb).squeeze(-1), yb)
            loss.backward()
            opt.step()
            total += loss.item()
        log.info("epoch %d loss %.4f", epoch, total / len(dl))
    torch.save(head.state_dict(), "artifacts/ae_head.pt")
    reports[["case_id", "narrative_anon", "serious"]].to_parquet("artifacts/ae_train_anon.parquet")  # trap
    reports[["case_id", "reporter_email", "medication", "meddra_pt", "narrative"]].to_parquet(  # truth: PII
        "artifacts/ae_train_raw.parquet"
    )
    return head


if __name__ == "__main__":
    audit.info("reading AE intake extract")
    df = pd.read_parquet("data/ae_reports_2026q3.parquet")  # trap
    train(df)
