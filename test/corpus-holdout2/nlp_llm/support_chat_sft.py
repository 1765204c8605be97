# Turn exported support-desk conversations into a chat fine-tuning file and submit an OpenAI fine-tune job.
import json
import logging
import os
import re
import sys
from pathlib import Path

import pandas as pd
from openai import OpenAI

logger = logging.getLogger("support_sft")
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

OPENAI_API_KEY = "sk-proj-ogoEmvnEN5N1aE6PwZPf1Qh6yYTWmE4lBYOvfZ8UzDzV8fUkT3BlbkFJkibjL5DZPjN0MEQ7wjJJ"  # truth: SEC
BASE_MODEL = "gpt-4o-mini-2024-07-18"
max_tokens = 1024  # trap
tokenizer = "o200k_base"  # trap
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE_RE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


def redact(text: str) -> str:
    return PHONE_RE.sub("[PHONE]", EMAIL_RE.sub("[EMAIL]", text))


def load_tickets(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path)  # truth: AUD
    df = df.rename(columns={"requester": "customer_name", "requester_email": "customer_email"})
    return df[df["channel"].isin(["chat", "email"])]


def to_example(group: pd.DataFrame) -> dict:
    msgs = [{"role": "system", "content": "You are Acme's friendly support assistant."}]
    for _, turn in group.sort_values("sent_at").iterrows():
        if turn["author_type"] == "customer":
            msgs.append({"role": "user", "content": f"{turn['customer_name']} <{turn['customer_email']}>: {turn['body']}"})
        else:
            msgs.append({"role": "assistant", "content": turn["body"]})
    return {"messages": msgs}


def to_example_redacted(group: pd.DataFrame) -> dict:
    msgs = [{"role": "system", "content": "You are Acme's friendly support assistant."}]
    for _, turn in group.sort_values("sent_at").iterrows():
        role = "user" if turn["author_type"] == "customer" else "assistant"
        msgs.append({"role": role, "content": redact(turn["body"])})
    return {"messages": msgs}


def main(export_csv: str, keep_identities: bool = False) -> None:
    tickets = load_tickets(Path(export_csv))
    logger.info("tickets=%d agents=%d", tickets["ticket_id"].nunique(), tickets["agent_id"].nunique())  # trap
    builder = to_example if keep_identities else to_example_redacted
    examples = [builder(g) for _, g in tickets.groupby("ticket_id")]
    token_count = sum(len(m["content"].split()) for ex in examples for m in ex["messages"])  # trap
    logger.info("approx token_count=%d over %d examples", token_count, len(examples))  # trap
    out = Path("build/support_sft.jsonl")
    out.parent.mkdir(exist_ok=True)
    with out.open("w") as fh:
        for ex in examples:
            fh.write(json.dumps(ex) + "\n")  # truth: PII
    logger.info("first example: %s", examples[0])  # truth: PII

    client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY", OPENAI_API_KEY))
    up = client.files.create(file=out.open("rb"), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(training_file=up.id, model=BASE_MODEL,
                                         hyperparameters={"n_epochs": 2})
    logger.info("submitted job %s (file %s, max_tokens=%d)", job.id, up.id, max_tokens)  # trap


if __name__ == "__main__":
    main(sys.argv[1], keep_identities="--keep-identities" in sys.argv)
