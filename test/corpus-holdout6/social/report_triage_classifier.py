"""Trust & Safety: triage classifier for user reports. Fine-tunes a small multilingual encoder."""
import os

import pandas as pd
import torch
import wandb
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

WANDB_API_KEY = os.environ["WANDB_API_KEY"]  # trap: env lookup
wandb.login(key=WANDB_API_KEY)

MODEL = "xlm-roberta-base"
LABELS = ["benign", "spam", "harassment", "hate", "self_harm", "csam_escalate"]
tok = AutoTokenizer.from_pretrained(MODEL)


def load_reports(path="/data/tns/reports_labelled.parquet"):
    df = pd.read_parquet(path)
    df = df[df["label"].isin(LABELS)].copy()
    df["y"] = df["label"].map({l: i for i, l in enumerate(LABELS)})
    return df


def collate(batch):
    enc = tok([b["text"] for b in batch], padding=True, truncation=True, max_length=192, return_tensors="pt")
    enc["labels"] = torch.tensor([b["y"] for b in batch])
    return enc


def main():
    df = load_reports()
    run = wandb.init(project="tns-report-triage", config={"model": MODEL, "lr": 2e-5, "epochs": 2})
    examples = df.sample(200, random_state=1)[["report_id", "reporter_username", "reported_username", "text", "label"]]
    run.log({"label_examples": wandb.Table(dataframe=examples)})  # truth: PII
    hate = df[df["label"] == "hate"][["report_id", "text", "target_religion", "target_ethnicity"]]
    hate.to_parquet("/data/tns/hate_subset_for_policy.parquet")  # truth: PII
    run.log({"by_label": wandb.Table(dataframe=df["label"].value_counts().rename_axis("label").reset_index())})  # trap: counts

    records = df[["text", "y"]].to_dict("records")
    loader = DataLoader(records, batch_size=32, shuffle=True, collate_fn=collate)
    model = AutoModelForSequenceClassification.from_pretrained(MODEL, num_labels=len(LABELS))
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    steps = len(loader) * 2
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * steps), steps)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    for epoch in range(2):
        model.train()
        for i, batch in enumerate(loader):
            batch = {k: v.to(device) for k, v in batch.items()}
            out = model(**batch)
            out.loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
            if i % 100 == 0:
                wandb.log({"loss": out.loss.item(), "epoch": epoch})
    model.save_pretrained("out/triage")
    tok.save_pretrained("out/triage")
    art = wandb.Artifact("report-triage", type="model")
    art.add_dir("out/triage")
    run.log_artifact(art)
    run.finish()


if __name__ == "__main__":
    main()
