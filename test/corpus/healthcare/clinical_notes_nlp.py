"""ICD-10 coding assistant: fine-tune a clinical BERT on discharge summaries.

Model card: https://huggingface.co/emilyalsentzer/Bio_ClinicalBERT
"""
import logging
import os
import re

import pandas as pd
import torch
from datasets import Dataset
from huggingface_hub import HfApi, hf_hub_download, login
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

logger = logging.getLogger(__name__)
audit = logging.getLogger("clinical.audit")

HF_TOKEN = os.environ.get("HF_TOKEN")  # trap
login(token="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")  # truth: SEC
BASE_MODEL = "emilyalsentzer/Bio_ClinicalBERT"
MAX_TOKENS = 512  # trap
audit.info("base model %s requested by the ICD coding job", BASE_MODEL)
tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)  # trap
PHONE_RE = re.compile(r"\+?\d[\d\s().-]{7,}\d")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def redact(text: str) -> str:
    text = EMAIL_RE.sub("[EMAIL]", text)
    return PHONE_RE.sub("[PHONE]", text)


def load_notes(path: str) -> pd.DataFrame:
    audit.info("discharge summaries read from %s", path)
    notes = pd.read_parquet(path, columns=["note_id", "patient_name", "mrn", "note_text", "icd_code"])  # trap
    notes["note_text"] = notes["note_text"].map(redact)
    return notes


def tokenize(batch):
    enc = tokenizer(batch["note_text"], truncation=True, max_length=MAX_TOKENS, padding="max_length")
    token_count = sum(len(ids) for ids in enc["input_ids"])  # trap
    logger.debug("batch token_count=%d", token_count)  # trap
    return enc


def build_dataset(notes: pd.DataFrame, label2id: dict) -> Dataset:
    slim = notes[["note_text", "icd_code"]].assign(label=lambda d: d["icd_code"].map(label2id))
    ds = Dataset.from_pandas(slim.drop(columns=["icd_code"]))
    return ds.map(tokenize, batched=True)


def train(notes: pd.DataFrame) -> None:
    labels = sorted(notes["icd_code"].unique())
    label2id = {c: i for i, c in enumerate(labels)}
    ds = build_dataset(notes, label2id).train_test_split(test_size=0.1, seed=3)
    audit.info("fine-tuning %s on %d notes", BASE_MODEL, len(notes))
    model = AutoModelForSequenceClassification.from_pretrained(BASE_MODEL, num_labels=len(labels))  # trap
    args = TrainingArguments(
        output_dir="out/icd-bert",
        per_device_train_batch_size=16,
        num_train_epochs=3,
        report_to=["mlflow"],
        hub_token=os.getenv("HF_HUB_TOKEN"),  # trap
        push_to_hub=False,
    )
    trainer = Trainer(model=model, args=args, train_dataset=ds["train"], eval_dataset=ds["test"], tokenizer=tokenizer)
    trainer.train()  # trap
    print(notes[["patient_name", "icd_code"]].head())  # truth: PII
    trainer.save_model("out/icd-bert/final")


def load_checkpoint(path: str):
    audit.info("checkpoint %s loaded", path)
    state = torch.load(path, map_location="cpu")  # truth: SER
    return state["model_state_dict"]


def load_checkpoint_safe(path: str):
    audit.info("checkpoint %s loaded (weights only)", path)
    return torch.load(path, map_location="cpu", weights_only=True)  # trap


def fetch_label_map():
    audit.info("downloading label map")
    path = hf_hub_download(repo_id="hospital-ml/icd10-labels", filename="labels.json", token=HF_TOKEN)  # trap
    return pd.read_json(path)


def publish(model_dir: str) -> None:
    api = HfApi(token="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")  # truth: SEC
    audit.info("publishing %s to the private hub", model_dir)
    api.upload_folder(folder_path=model_dir, repo_id="hospital-ml/icd-bert", private=True)


if __name__ == "__main__":
    df = load_notes("/secure/notes/discharge_2024.parquet")
    train(df)
