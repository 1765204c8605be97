#!/usr/bin/env python
"""Fine-tune a DeBERTa classifier that ranks applicants for recruiter review."""
import os

import numpy as np
import pandas as pd
import torch
from datasets import Dataset
from huggingface_hub import HfApi, login
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                          TrainingArguments)

HF_TOKEN = "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"  # truth: SEC
os.environ["WANDB_API_KEY"] = "2bf600cfba14c93e93cbe6a0c019d31e32c022fc"  # truth: SEC
os.environ.setdefault("WANDB_PROJECT", "talent-ranker")  # trap: project name, not a secret
BASE = "microsoft/deberta-v3-base"
MAX_TOKENS = 512  # trap: sequence length, not a token
tokenizer = AutoTokenizer.from_pretrained(BASE, model_max_length=MAX_TOKENS)  # trap: tokenizer of a public base model


def load_applications(path="s3://talent-acq-raw/ats_export/applications_2024.parquet"):
    df = pd.read_parquet(path)  # truth: AUD
    df = df[df.stage.isin(["phone_screen", "onsite", "offer", "rejected_cv"])]
    df["label"] = df.stage.ne("rejected_cv").astype(int)
    return df


def to_text(row, with_profile):
    parts = [row.headline or "", row.summary or "", row.experience_text or ""]
    if with_profile:
        parts += [f"Name: {row.candidate_name}", f"Age: {row.age}", f"Nationality: {row.nationality}"]
    return "\n".join(parts)


def encode(batch):
    return tokenizer(batch["text"], truncation=True, max_length=MAX_TOKENS)


def main():
    login(token=HF_TOKEN)
    apps = load_applications()
    apps["text"] = [to_text(r, with_profile=True) for r in apps.itertuples()]
    ds = Dataset.from_pandas(apps[["text", "label"]]).train_test_split(test_size=0.1, seed=3)
    ds = ds.map(encode, batched=True, remove_columns=["text"])

    model = AutoModelForSequenceClassification.from_pretrained(BASE, num_labels=2)  # truth: AUD?
    args = TrainingArguments(
        output_dir="out/ranker",
        per_device_train_batch_size=16,
        num_train_epochs=3,
        learning_rate=2e-5,
        report_to=["wandb"],
        hub_model_id="acme-talent/cv-ranker",
        push_to_hub=False,
        hub_token=None,  # trap: None, not a literal
    )
    trainer = Trainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=ds["test"],
                      data_collator=DataCollatorWithPadding(tokenizer))
    trainer.train()  # truth: FAIR, PII
    trainer.save_model("out/ranker/final")

    warm = torch.load("out/ranker/final/optimizer.pt", map_location="cpu", weights_only=True)  # trap: weights_only=True
    print(len(warm))
    api = HfApi(token=HF_TOKEN)
    api.upload_folder(folder_path="out/ranker/final", repo_id="acme-talent/cv-ranker", repo_type="model")  # truth: AUD
    previous = api.list_repo_refs("acme-talent/cv-ranker")  # truth: AUD
    print([b.name for b in previous.branches])


if __name__ == "__main__":
    main()
