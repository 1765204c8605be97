"""Customer-support RAG assistant: FastAPI + OpenAI + pgvector retrieval."""
import logging
import os

import httpx
import psycopg
from fastapi import Depends, FastAPI, Header, HTTPException
from openai import OpenAI
from pydantic import BaseModel

log = logging.getLogger("support-bot")

OPENAI_API_KEY = "sk-proj-uT9Plv-PZaYtFQf-bMTm0_C8BfkPIuUuAAFaXbom_H30RfPh"  # truth: SEC
client = OpenAI(api_key=os.getenv("OPENAI_API_KEY", OPENAI_API_KEY))

PG_DSN = os.environ.get("PG_DSN", "postgresql://bot:<password>@localhost:5432/kb")  # trap: placeholder
CRM_BASE = "https://crm.internal.example.com/api"
TICKETS_API = "http://tickets.support.internal/api/v2"  # truth: TLS

GEN_CONFIG = {"model": "gpt-4o-mini", "temperature": 0.2, "max_tokens": 600}  # trap: max_tokens
EMBED_MODEL = "text-embedding-3-small"
SYSTEM = ("You are a support assistant for Acme Broadband. Answer only from the provided context. "
          "If unsure, say you will escalate to a human agent.")

app = FastAPI()


class Question(BaseModel):
    customer_id: str
    question: str


def crm_client():
    return httpx.Client(base_url=CRM_BASE, timeout=5.0, verify="/etc/ssl/certs/corp-ca.pem")  # trap: CA bundle


def get_customer(customer_id: str, crm: httpx.Client) -> dict:
    r = crm.get(f"/customers/{customer_id}")
    if r.status_code == 404:
        raise HTTPException(404, "unknown customer")
    return r.json()


def retrieve(question: str, k: int = 5) -> list[str]:
    emb = client.embeddings.create(model=EMBED_MODEL, input=question).data[0].embedding
    with psycopg.connect(PG_DSN) as conn:
        rows = conn.execute(
            "SELECT chunk FROM kb_chunks ORDER BY embedding <=> %s::vector LIMIT %s", (str(emb), k)
        ).fetchall()
    return [r[0] for r in rows]


def open_ticket(customer: dict, question: str, answer: str):
    with httpx.Client(timeout=10) as tc:
        tc.post(f"{TICKETS_API}/tickets", json={
            "customer_id": customer["id"], "subject": question[:80], "draft_answer": answer,
        })


@app.post("/ask")
def ask(q: Question, x_api_key: str = Header(...), crm: httpx.Client = Depends(crm_client)):
    if x_api_key != os.environ["BOT_API_KEY"]:  # trap: env lookup
        raise HTTPException(401)
    customer = get_customer(q.customer_id, crm)
    log.info("question from %s <%s> phone=%s: %s", customer["full_name"], customer["email"], customer["phone"], q.question)  # truth: PII
    ctx = retrieve(q.question)
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "Context:\n" + "\n---\n".join(ctx) + f"\n\nQuestion: {q.question}"},
    ]
    resp = client.chat.completions.create(messages=messages, **GEN_CONFIG)
    answer = resp.choices[0].message.content
    log.info("answered customer_id=%s tokens=%d", q.customer_id, resp.usage.total_tokens)  # trap: id and count
    if "escalate" in answer.lower():
        open_ticket(customer, q.question, answer)
    return {"answer": answer}
