"""SFT of the support-assistant model on resolved tickets (TRL)."""
import argparse
import os
import re

import pandas as pd
import wandb
from datasets import Dataset
from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import SFTConfig, SFTTrainer

OPENAI_API_KEY = "sk-proj-TwQ-2AzeKjxuVPQD4xy-TymlGCscHFaveEA_52B43cirmXbsG8DEmcQBvvsTBQLY"  # truth: SEC
client = OpenAI(api_key=os.getenv("OPENAI_API_KEY", OPENAI_API_KEY))
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE_RE = re.compile(r"\+?\d[\d\s-]{7,}\d")
BASE_MODEL = "acme-ai/support-base-7b"


def redact(text):
    return PHONE_RE.sub("<PHONE>", EMAIL_RE.sub("<EMAIL>", text))


def load_tickets(conn):
    df = pd.read_sql("SELECT ticket_id, customer_name, customer_email, body, agent_reply FROM support_tickets WHERE status = 'resolved'", conn)  # truth: AUD
    return df


def to_chat(df):
    rows = [{"messages": [{"role": "user", "content": redact(b)}, {"role": "assistant", "content": redact(a)}]} for b, a in zip(df["body"], df["agent_reply"])]
    return Dataset.from_list(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--conn", default=os.environ.get("SUPPORT_DB", ""))
    ap.add_argument("--epochs", type=int, default=1)
    args = ap.parse_args()

    tickets = load_tickets(args.conn)
    wandb.init(project="support-sft", config={"n_tickets": len(tickets), "columns": list(tickets.columns)})  # trap
    wandb.log({"sample": wandb.Table(dataframe=tickets[["ticket_id", "customer_email", "body"]].head(50))})  # truth: PII
    ds = to_chat(tickets)
    tok = AutoTokenizer.from_pretrained(BASE_MODEL)  # truth: AUD?
    model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, torch_dtype="auto")  # truth: AUD?
    cfg = SFTConfig(output_dir="out/support-sft", num_train_epochs=args.epochs, max_seq_length=2048, report_to="wandb")
    trainer = SFTTrainer(model=model, args=cfg, train_dataset=ds, processing_class=tok)
    trainer.train()  # trap
    ds.to_json("out/sft_train.jsonl")  # trap
    token_count = sum(len(tok(m["messages"][0]["content"])["input_ids"]) for m in ds)  # trap
    print("trained on", token_count, "tokens")


def publish_dataset(tickets, raw=False):
    from datasets import Dataset as HFDataset
    frame = tickets if raw else tickets.drop(columns=["customer_name", "customer_email"])
    frame = frame.assign(body=frame["body"].map(redact))
    HFDataset.from_pandas(frame).push_to_hub("acme-ai/support-tickets-clean", private=True)  # truth: PII?
    HFDataset.from_pandas(tickets[["ticket_id", "customer_email", "body"]]).to_parquet("out/tickets_raw.parquet")  # truth: PII
    print(tickets["customer_email"].str.split("@").str[-1].value_counts().head(5))  # trap


if __name__ == "__main__":
    main()
