"""LoRA fine-tune of the support assistant on resolved tickets (EU tenant only)."""
import logging
import os
import re

import pandas as pd
import torch
from datasets import Dataset
from huggingface_hub import login
from peft import LoraConfig, get_peft_model
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForLanguageModeling,
    Trainer,
    TrainingArguments,
)

from support_ml.audit import audit_model_access

log = logging.getLogger("ft")

os.environ["TOKENIZERS_PARALLELISM"] = "false"  # trap
os.environ["WANDB_API_KEY"] = "5f1c9e0a7b3d42e8a6c1f09d8e7b6a5c4d3e2f10"  # truth: SEC
os.environ["HF_HUB_ENABLE_HF_TRANSFER"] = "1"  # trap

BASE_MODEL = "mistralai/Mistral-7B-Instruct-v0.3"
MAX_SEQ_TOKENS = 2048  # trap
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE_RE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


def redact_pii(text: str) -> str:
    return PHONE_RE.sub("<PHONE>", EMAIL_RE.sub("<EMAIL>", text))


def load_tickets(path: str) -> pd.DataFrame:
    df = pd.read_parquet(path, columns=["ticket_id", "customer_email", "customer_phone", "ticket_text", "agent_reply", "csat"])  # truth: AUD
    return df[df["csat"] >= 4]


def build_dataset(df: pd.DataFrame, tokenizer) -> Dataset:
    df = df.drop(columns=["customer_email", "customer_phone"])
    df["ticket_text"] = df["ticket_text"].map(redact_pii)
    df["agent_reply"] = df["agent_reply"].map(redact_pii)
    df["prompt"] = "<|user|>\n" + df["ticket_text"] + "\n<|assistant|>\n" + df["agent_reply"]
    ds = Dataset.from_pandas(df[["prompt"]], preserve_index=False)
    return ds.map(lambda b: tokenizer(b["prompt"], truncation=True, max_length=MAX_SEQ_TOKENS), batched=True)


def snapshot_training_set(df: pd.DataFrame, out: str) -> None:
    df.to_json(out, orient="records", lines=True)  # truth: PII


def load_base():
    audit_model_access(model=BASE_MODEL, purpose="lora-finetune")
    login(token="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")  # truth: SEC
    tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL, use_fast=True)  # trap
    tokenizer.pad_token = tokenizer.eos_token  # trap
    tokenizer.add_special_tokens({"additional_special_tokens": ["<|user|>", "<|assistant|>"]})  # trap
    model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, torch_dtype=torch.bfloat16, device_map="auto")
    return tokenizer, model


def resume_optimizer(trainer: Trainer, ckpt_dir: str) -> None:
    audit_model_access(model=ckpt_dir, purpose="resume")
    state = torch.load(os.path.join(ckpt_dir, "optimizer.pt"), map_location="cpu")  # truth: SER
    trainer.optimizer.load_state_dict(state)


def main() -> None:
    tokenizer, model = load_base()
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
    tickets = load_tickets("/data/support/resolved_2024h1.parquet")
    snapshot_training_set(tickets, "/data/support/snapshots/train_2024h1.jsonl")
    ds = build_dataset(tickets, tokenizer)
    args = TrainingArguments(
        output_dir="out/support-lora",
        per_device_train_batch_size=4,
        gradient_accumulation_steps=8,
        num_train_epochs=2,
        learning_rate=2e-4,
        report_to=["wandb"],
        hub_token=os.environ.get("HF_TOKEN"),  # trap
    )
    trainer = Trainer(model=model, args=args, train_dataset=ds, data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False))
    trainer.train()
    trainer.save_model("out/support-lora/final")
    log.info("eval tokens/sec %.1f", trainer.state.log_history[-1].get("train_samples_per_second", 0.0))


if __name__ == "__main__":
    main()
