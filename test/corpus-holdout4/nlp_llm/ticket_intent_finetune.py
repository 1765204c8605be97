"""Intent classifier for inbound support e-mails (Hugging Face datasets + Trainer)."""
import argparse
import logging
import re

import evaluate
import numpy as np
from datasets import load_dataset
from huggingface_hub import HfApi, hf_hub_download
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                          Trainer, TrainingArguments)

log = logging.getLogger("intent")
audit = logging.getLogger("intent.audit")

ORG_TOKEN = "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"  # truth: SEC
BASE = "acme-support/deberta-v3-small-support-dapt"
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE_RE = re.compile(r"(?:\+44|0)\s?\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}")
ACCOUNT_RE = re.compile(r"\b\d{8}\b")


def redact(batch):
    out = []
    for t in batch["body"]:
        t = EMAIL_RE.sub("[EMAIL]", t)
        t = PHONE_RE.sub("[PHONE]", t)
        out.append(ACCOUNT_RE.sub("[ACCOUNT]", t))
    return {"body": out}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/support_emails_labelled.csv")
    ap.add_argument("--epochs", type=int, default=4)
    args = ap.parse_args()

    ds = load_dataset("csv", data_files=args.data)["train"]
    log.info("loaded %d e-mails, columns=%s", ds.num_rows, ds.column_names)  # trap
    log.info("first row: %s", ds[0])  # truth: PII
    labels = sorted(set(ds["intent"]))
    ds = ds.map(lambda b: {"label": [labels.index(x) for x in b["intent"]]}, batched=True)

    # keep the raw export for the labelling vendor before redaction (contract signed 2026-03)
    ds.select_columns(["ticket_id", "customer_email", "body", "intent"]).to_csv("exports/vendor_batch.csv")  # truth: PII

    ds = ds.remove_columns(["customer_email", "customer_name", "phone"]).map(redact, batched=True)
    ds.to_json("artifacts/intent_train_redacted.jsonl")  # trap

    audit.info("loading tokenizer and base model %s", BASE)
    tok = AutoTokenizer.from_pretrained(BASE, token=ORG_TOKEN)
    model = AutoModelForSequenceClassification.from_pretrained(BASE, num_labels=len(labels), token=ORG_TOKEN)
    label_map = hf_hub_download(repo_id=BASE, filename="label_map.json", token=ORG_TOKEN)

    enc = ds.map(lambda b: tok(b["body"], truncation=True, max_length=256), batched=True)
    split = enc.train_test_split(test_size=0.1, seed=42)
    acc = evaluate.load("accuracy")

    def metrics(p):
        return acc.compute(predictions=np.argmax(p.predictions, -1), references=p.label_ids)

    trainer = Trainer(
        model=model,
        args=TrainingArguments("checkpoints/intent", num_train_epochs=args.epochs, per_device_train_batch_size=32,
                               evaluation_strategy="epoch", save_strategy="epoch", load_best_model_at_end=True),
        train_dataset=split["train"],
        eval_dataset=split["test"],
        data_collator=DataCollatorWithPadding(tok),
        compute_metrics=metrics,
    )
    trainer.train()  # trap
    log.info("final eval %s", trainer.evaluate())  # trap
    HfApi(token=ORG_TOKEN).upload_folder(folder_path="checkpoints/intent", repo_id="acme-support/intent-v3")
    log.info("label map at %s", label_map)


if __name__ == "__main__":
    main()
