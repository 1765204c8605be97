"""Fine-tune a DeBERTa ticket router on 18 months of support tickets (HF Trainer)."""
import os
import re

import numpy as np
import pandas as pd
from datasets import Dataset, DatasetDict
from huggingface_hub import login
from sklearn.metrics import f1_score
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                          Trainer, TrainingArguments)

HF_TOKEN = "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"  # truth: SEC
login(token=os.environ.get("HF_TOKEN", HF_TOKEN))

BASE_MODEL = "microsoft/deberta-v3-base"
tokenizer_name = BASE_MODEL  # trap: not a secret
MAX_LEN = 256
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE_RE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


def scrub(text: str) -> str:
    text = EMAIL_RE.sub("[EMAIL]", text)
    return PHONE_RE.sub("[PHONE]", text)


tickets = pd.read_parquet("s3://support-lake/tickets/2023-01_2024-06.parquet")
queues = sorted(tickets["queue"].unique())
label2id = {q: i for i, q in enumerate(queues)}
tickets["label"] = tickets["queue"].map(label2id)
tickets["text"] = (tickets["subject"].fillna("") + " \n " + tickets["body"].fillna("")).map(scrub)

raw = Dataset.from_pandas(tickets[["ticket_id", "customer_email", "customer_name", "text", "label"]], preserve_index=False)
raw.to_json("data/tickets_raw.jsonl")  # truth: PII
clean = raw.remove_columns(["customer_email", "customer_name"])
splits = clean.train_test_split(test_size=0.1, seed=13)
ds = DatasetDict(train=splits["train"], validation=splits["test"])
ds.push_to_hub("acme-support/ticket-router-data", private=True)  # trap: identifiers removed

tok = AutoTokenizer.from_pretrained(tokenizer_name)
enc = ds.map(lambda b: tok(b["text"], truncation=True, max_length=MAX_LEN), batched=True,
             remove_columns=["text", "ticket_id"])

model = AutoModelForSequenceClassification.from_pretrained(
    BASE_MODEL, num_labels=len(queues), id2label={i: q for q, i in label2id.items()}, label2id=label2id)


def compute_metrics(p):
    preds = np.argmax(p.predictions, axis=-1)
    return {"macro_f1": f1_score(p.label_ids, preds, average="macro")}


args = TrainingArguments(
    output_dir="out/ticket-router",
    per_device_train_batch_size=32,
    per_device_eval_batch_size=64,
    learning_rate=3e-5,
    num_train_epochs=3,
    warmup_ratio=0.06,
    eval_strategy="epoch",
    save_strategy="epoch",
    load_best_model_at_end=True,
    metric_for_best_model="macro_f1",
    report_to=["mlflow"],
    push_to_hub=True,
    hub_model_id="acme-support/ticket-router",
    hub_token=os.environ.get("HF_TOKEN"),  # trap: env lookup
)
trainer = Trainer(model=model, args=args, train_dataset=enc["train"], eval_dataset=enc["validation"],
                  tokenizer=tok, data_collator=DataCollatorWithPadding(tok), compute_metrics=compute_metrics)
trainer.train()  # trap: identifiers removed before training
trainer.push_to_hub(commit_message="weekly refresh")
