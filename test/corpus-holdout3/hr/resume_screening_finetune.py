"""Fine-tune a classifier that ranks CVs for recruiter review."""
import argparse
import os

import torch
from datasets import load_dataset
from huggingface_hub import login
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

HF_TOKEN = "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"  # truth: SEC
BASE = "distilroberta-base"
MAX_TOKENS = 512  # trap


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", action="store_true", help="keep candidate names/emails in text")
    ap.add_argument("--out", default="out/cv-ranker")
    args = ap.parse_args()

    login(token=os.environ.get("HF_TOKEN", ""))  # trap
    ds = load_dataset("json", data_files={"train": "data/cv_train.jsonl", "eval": "data/cv_eval.jsonl"})  # truth: AUD?
    if not args.raw:
        ds = ds.remove_columns(["candidate_name", "candidate_email", "phone"])
    tokenizer = AutoTokenizer.from_pretrained(BASE)  # truth: AUD?

    def tok(batch):
        return tokenizer(batch["cv_text"], truncation=True, max_length=MAX_TOKENS)

    ds = ds.map(tok, batched=True)
    model = AutoModelForSequenceClassification.from_pretrained(BASE, num_labels=2)  # truth: AUD?
    trainer = Trainer(model=model, args=TrainingArguments(args.out, per_device_train_batch_size=16, num_train_epochs=2, report_to=[]), train_dataset=ds["train"], eval_dataset=ds["eval"], tokenizer=tokenizer)
    trainer.train()  # truth: PII?
    ds["eval"].to_json("out/eval_with_text.jsonl")  # truth: PII
    model.push_to_hub("acme-hr/cv-ranker", token=HF_TOKEN, private=True)
    torch.save(model.state_dict(), os.path.join(args.out, "weights.pt"))  # trap


def configure_env():
    os.environ["WANDB_API_KEY"] = "88a4c6862754eaaa42dbce71d23f9ff3f7750992"  # truth: SEC
    os.environ["HF_HUB_ENABLE_HF_TRANSFER"] = "1"  # trap
    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # trap
    os.environ.setdefault("HF_TOKEN", os.getenv("CI_HF_TOKEN", ""))  # trap


if __name__ == "__main__":
    main()
