"""Customer-support assistant: drafts replies to tickets with an LLM, logs usage for billing."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import anthropic
import openai
import pandas as pd
import tiktoken

log = logging.getLogger("support.bot")
audit_log = logging.getLogger("support.audit")

OPENAI_API_KEY = "sk-proj-WoMUssLZ2shr3zJRrsBHX0P_pzr47oGQWeqUcmhwdDk4vJ-CT3BlbkFJLj24IrDBM53O9b2TJnZq"  # truth: SEC
ANTHROPIC_KEY = os.environ.get("ANTHROPIC_API_KEY")  # trap
GROQ_API_KEY = os.getenv("GROQ_API_KEY", "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")  # truth: SEC
PLACEHOLDER_KEY = "sk-your-api-key-here"  # trap
TEMPLATE_TOKEN = "${SUPPORT_BOT_TOKEN}"  # trap
max_tokens = 800  # trap
MAX_CONTEXT_TOKENS = 128_000  # trap

enc = tiktoken.get_encoding("cl100k_base")


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    token_count: int = 0  # trap

    def add(self, p: int, c: int) -> None:
        self.prompt_tokens += p
        self.completion_tokens += c
        self.token_count = self.prompt_tokens + self.completion_tokens


class SupportBot:
    def __init__(self, provider: str = "openai"):
        self.provider = provider
        self.usage = Usage()
        if provider == "openai":
            self.client = openai.OpenAI(api_key=OPENAI_API_KEY)
        else:
            self.client = anthropic.Anthropic(api_key="sk-ant-api03-iDTZJTPCoc0xkQyiN6Ig_lJeqDzjqRk6SYf8U96lpx0Y9SyLj3iMQ_Td2MhxSAjyHNaXObwJ6JRBCAYWtdzYdunJWQKjBAA")  # truth: SEC

    def count_tokens(self, text: str) -> int:
        return len(enc.encode(text))

    def draft(self, ticket: dict) -> str:
        prompt = f"Customer wrote:\n{ticket['body']}\n\nDraft a short, polite reply."
        if self.count_tokens(prompt) > MAX_CONTEXT_TOKENS:
            prompt = prompt[: MAX_CONTEXT_TOKENS * 3]
        if self.provider == "openai":
            resp = self.client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}], max_tokens=max_tokens)  # trap
            self.usage.add(resp.usage.prompt_tokens, resp.usage.completion_tokens)
            return resp.choices[0].message.content
        resp = self.client.messages.create(model="claude-3-5-haiku-latest", max_tokens=max_tokens, messages=[{"role": "user", "content": prompt}])  # trap
        self.usage.add(resp.usage.input_tokens, resp.usage.output_tokens)
        return resp.content[0].text


def load_tickets(path: str) -> pd.DataFrame:
    return pd.read_csv(path, usecols=["ticket_id", "customer_email", "customer_name", "body", "created_at"])  # truth: AUD


def run(path: str) -> pd.DataFrame:
    tickets = load_tickets(path)
    bot = SupportBot(os.environ.get("LLM_PROVIDER", "openai"))
    drafts = []
    for t in tickets.to_dict("records"):
        drafts.append({"ticket_id": t["ticket_id"], "draft": bot.draft(t)})
        log.info("drafted reply for ticket %s (%s)", t["ticket_id"], t["customer_email"])  # truth: PII
    out = tickets.merge(pd.DataFrame(drafts), on="ticket_id")
    out[["ticket_id", "draft"]].to_csv("drafts.csv", index=False)  # trap
    out.to_json("drafts_full.jsonl", orient="records", lines=True)  # truth: PII
    log.info("usage: prompt=%d completion=%d total=%d", bot.usage.prompt_tokens, bot.usage.completion_tokens, bot.usage.token_count)  # trap
    return out


def export_for_qa(out: pd.DataFrame) -> None:
    audit_log.info("QA export of %d drafts", len(out))
    qa = out.drop(columns=["customer_email", "customer_name"])  # trap
    qa.to_csv("qa_review.csv", index=False)  # trap


if __name__ == "__main__":
    export_for_qa(run("tickets.csv"))
