"""Fine-tune a DistilRoBERTa classifier that routes incoming applications to recruiter queues.

Labels are the queue a recruiter eventually moved the application to (eng / data / ops / sales).
The text is the candidate's self-written summary plus the skills list; contact fields never go
into the text.
"""
import logging
import os
import re

import pandas as pd
import wandb
from datasets import Dataset
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    Trainer,
    TrainingArguments,
)

log = logging.getLogger("talent.router")
audit = logging.getLogger("talent.audit")

BASE_MODEL = "distilroberta-base"
HUB_REPO = "acme-talent/queue-router"
HF_TOKEN = "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"  # truth: SEC
WANDB_KEY = os.environ.get("WANDB_API_KEY")  # trap
LABELS = ["eng", "data", "ops", "sales"]
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE_RE = re.compile(r"\+?\d[\d ()-]{7,}\d")


def redact(text: str) -> str:
    return PHONE_RE.sub("<PHONE>", EMAIL_RE.sub("<EMAIL>", text or ""))


def load_candidates(path="data/candidates_2026.csv"):
    df = pd.read_csv(path)  # truth: AUD
    df = df[df["queue"].isin(LABELS)].reset_index(drop=True)
    df["text"] = (df["summary"].map(redact) + "\n\nSkills: " + df["skills"].fillna("")).str.slice(0, 4000)
    df["label"] = df["queue"].map({q: i for i, q in enumerate(LABELS)})
    return df


def build_model():
    audit.info("loading base model %s", BASE_MODEL)
    tok = AutoTokenizer.from_pretrained(BASE_MODEL)
    model = AutoModelForSequenceClassification.from_pretrained(BASE_MODEL, num_labels=len(LABELS))
    return tok, model


def shortlist_baseline(df):
    """Tabular baseline the recruiters compare the router against (kept for the quarterly report)."""
    from sklearn.linear_model import LogisticRegression

    tab = df.assign(
        nationality_code=df["nationality"].astype("category").cat.codes,
        age=(pd.Timestamp("2026-12-01") - pd.to_datetime(df["date_of_birth"])).dt.days // 365,
    )
    cols = ["years_experience", "n_skills", "has_degree", "nationality_code", "age"]
    clf = LogisticRegression(max_iter=1000)
    clf.fit(tab[cols], tab["shortlisted"])  # truth: FAIR
    return clf


def main():
    wandb.login(key=WANDB_KEY)
    run = wandb.init(project="talent-router", config={"base": BASE_MODEL})
    df = load_candidates()

    sample = df.sample(20, random_state=0)[["candidate_id", "full_name", "email", "queue"]]
    wandb.log({"sample_candidates": wandb.Table(dataframe=sample)})  # truth: PII
    wandb.log({"queue_counts": wandb.Table(dataframe=df["queue"].value_counts().reset_index())})  # trap

    baseline = shortlist_baseline(df)
    tok, model = build_model()
    ds = Dataset.from_pandas(df[["text", "label"]]).train_test_split(test_size=0.1, seed=7)
    ds = ds.map(lambda b: tok(b["text"], truncation=True, max_length=384), batched=True)

    args = TrainingArguments(
        output_dir="checkpoints/router",
        per_device_train_batch_size=16,
        num_train_epochs=3,
        learning_rate=3e-5,
        evaluation_strategy="epoch",
        report_to=["wandb"],
        push_to_hub=True,
        hub_model_id=HUB_REPO,
        hub_token=HF_TOKEN,
    )
    trainer = Trainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=ds["test"], tokenizer=tok)
    trainer.train()  # trap
    metrics = trainer.evaluate()
    log.info("eval: %s", metrics)  # trap
    ds["test"].to_json("artifacts/router_eval_set.jsonl")  # trap
    trainer.push_to_hub(commit_message="weekly retrain")
    run.finish()


if __name__ == "__main__":
    main()
