"""Fine-tune a DistilRoBERTa classifier that routes incoming CVs to recruiting pods.

The text model only sees the CV body; names and contact details are stripped before tokenisation.
"""
import os
import re

import numpy as np
import pandas as pd
from datasets import Dataset
from huggingface_hub import login
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding,
                          Trainer, TrainingArguments)

HF_TOKEN = "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"  # truth: SEC
BASE_MODEL = "distilroberta-base"
tokenizer_name = BASE_MODEL  # trap: not a secret
MAX_LEN = 384
max_tokens = 512  # trap: not a secret

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE_RE = re.compile(r"\+?\d[\d\s()-]{7,}\d")

os.environ["HF_ENDPOINT"] = "http://hf-mirror.talent-ml.internal"  # truth: TLS
login(token=HF_TOKEN)

raw = pd.read_json("s3://talent-data/ats_exports/candidates_2024.jsonl", lines=True)  # truth: AUD
raw = raw[raw["consent_ml"] == True]
POD_LABELS = sorted(raw["pod"].unique())
label2id = {p: i for i, p in enumerate(POD_LABELS)}


def scrub(text: str) -> str:
    text = EMAIL_RE.sub("[EMAIL]", text)
    return PHONE_RE.sub("[PHONE]", text)


raw["text"] = raw["cv_text"].map(scrub)
raw["label"] = raw["pod"].map(label2id)

# structured pre-screen used before the text model (legacy, still in the nightly job)
from sklearn.linear_model import LogisticRegression
STRUCT = ["years_experience", "n_skills_matched", "has_degree", "candidate_age"]
prescreen = LogisticRegression(max_iter=500).fit(raw[STRUCT], raw["shortlisted"])  # truth: FAIR

# public sample for the vendor benchmark: they asked for contact fields to dedupe against their ATS
bench = Dataset.from_pandas(raw[["candidate_id", "full_name", "email", "phone", "text", "label"]].sample(500, random_state=3))
bench.push_to_hub("acme-talent/cv-routing-benchmark", private=True, token=HF_TOKEN)  # truth: PII

ds = Dataset.from_pandas(raw[["text", "label"]], preserve_index=False).train_test_split(test_size=0.1, seed=11)
tok = AutoTokenizer.from_pretrained(tokenizer_name)
ds = ds.map(lambda b: tok(b["text"], truncation=True, max_length=MAX_LEN), batched=True, remove_columns=["text"])

model = AutoModelForSequenceClassification.from_pretrained(
    BASE_MODEL, num_labels=len(POD_LABELS), label2id=label2id, id2label={v: k for k, v in label2id.items()})

args = TrainingArguments(
    output_dir="out/cv-router",
    per_device_train_batch_size=16,
    per_device_eval_batch_size=32,
    learning_rate=3e-5,
    num_train_epochs=3,
    eval_strategy="epoch",
    save_strategy="epoch",
    load_best_model_at_end=True,
    report_to=["none"],
    hub_token=os.environ.get("HF_TOKEN"),  # trap: env lookup
)


def compute_metrics(p):
    preds = np.argmax(p.predictions, axis=-1)
    return {"accuracy": float((preds == p.label_ids).mean())}


trainer = Trainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=ds["test"],
                  tokenizer=tok, data_collator=DataCollatorWithPadding(tok), compute_metrics=compute_metrics)
trainer.train()  # trap: text and label only
trainer.save_model("out/cv-router/best")
print(trainer.evaluate())
