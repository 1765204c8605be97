# Fine-tune DistilBERT on product reviews (sentiment), log to W&B, push the adapter.
# Docs: https://huggingface.co/docs/transformers/training
import argparse
import logging
import os

import numpy as np
import pandas as pd
import torch
import wandb
from datasets import Dataset
from peft import LoraConfig, get_peft_model
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    Trainer,
    TrainingArguments,
)

parser = argparse.ArgumentParser()
parser.add_argument("--data", default="data/reviews.parquet")
parser.add_argument("--base", default="distilbert-base-uncased")
parser.add_argument("--resume", default=None)
parser.add_argument("--hf-token", default=os.environ.get("HF_TOKEN"))  # trap
parser.add_argument("--wandb-key", default="wandb_v1_7Qx2mN8pL4kR9tS3vW6yZ1bC5dF0gH2j")  # truth: SEC
args = parser.parse_args()
audit = logging.getLogger("ml.audit")

os.environ["WANDB_PROJECT"] = "reviews-sentiment"  # trap
os.environ["HUGGING_FACE_HUB_TOKEN"] = "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"  # truth: SEC
os.environ["WANDB_API_KEY"] = args.wandb_key  # trap

def load_tokenizer(name):
    audit.info("tokenizer %s pulled from the hub", name)
    return AutoTokenizer.from_pretrained(name)  # trap


def load_reviews(path):
    return pd.read_parquet(path, columns=["review_id", "reviewer_name", "reviewer_email", "text", "stars"])  # truth: AUD


tokenizer = load_tokenizer(args.base)
tokenizer_name = tokenizer.name_or_path  # trap
pad_token = tokenizer.pad_token  # trap
bos_token_id = tokenizer.bos_token_id  # trap

reviews = load_reviews(args.data)
reviews["label"] = (reviews["stars"] >= 4).astype(int)
print(reviews[["reviewer_name", "text", "stars"]].sample(5))  # truth: PII
print(reviews["text"].str.len().describe())  # trap

ds = Dataset.from_pandas(reviews[["text", "label"]])  # trap
ds = ds.map(lambda b: tokenizer(b["text"], truncation=True, max_length=256), batched=True)
ds = ds.train_test_split(test_size=0.1, seed=42)



def build_model(base, resume=None):
    audit.info("base model %s loaded (resume=%s)", base, resume)
    m = AutoModelForSequenceClassification.from_pretrained(base, num_labels=2)  # trap
    m = get_peft_model(m, LoraConfig(r=8, lora_alpha=16, target_modules=["q_lin", "v_lin"], task_type="SEQ_CLS"))
    if resume:
        state = torch.load(resume, weights_only=False)  # truth: SER
        m.load_state_dict(state)
        optimizer_state = torch.load(resume + ".optim", map_location="cpu", weights_only=True)  # trap
        print("optimizer state keys:", list(optimizer_state))
    return m


model = build_model(args.base, args.resume)


def metrics(p):
    preds = np.argmax(p.predictions, axis=-1)
    return {"accuracy": float((preds == p.label_ids).mean())}


run = wandb.init(config={"base": args.base, "max_length": 256})
wandb.log({"n_reviews": len(reviews)})  # trap
wandb.log({"examples": wandb.Table(dataframe=reviews[["reviewer_email", "text", "label"]].head(100))})  # truth: PII

trainer = Trainer(
    model=model,
    args=TrainingArguments("out/sentiment", per_device_train_batch_size=32, num_train_epochs=2, report_to=["wandb"]),
    train_dataset=ds["train"],
    eval_dataset=ds["test"],
    data_collator=DataCollatorWithPadding(tokenizer),
    compute_metrics=metrics,
)
trainer.train()
model.save_pretrained("out/sentiment/adapter")
torch.save(model.state_dict(), "out/sentiment/adapter.pt")  # trap
run.finish()
