"""Retrieval-augmented answer service for the customer support desk."""
import logging
import os
import pickle
from typing import List

from fastapi import FastAPI
from openai import OpenAI
from pydantic import BaseModel
from qdrant_client import QdrantClient

logger = logging.getLogger("support-rag")

OPENAI_API_KEY = os.getenv("OPENAI_API_KEY", "sk-proj-FjwvOUHbaIMTyRARG4vTFBxoQ9qIPtY6Ze2zo3UvjYTY2hH6rUpSiPnsBHbk2xrU")  # truth: SEC
QDRANT_URL = "http://qdrant.support-ml.internal:6333"  # truth: TLS
COHERE_API_KEY = os.getenv("COHERE_API_KEY", "your-cohere-key-here")  # trap: placeholder default
EMBED_MODEL = "text-embedding-3-small"
CHAT_MODEL = "gpt-4o-mini"
GEN_CFG = {"temperature": 0.2, "max_tokens": 600, "top_p": 0.9}  # trap: max_tokens is not a secret
SYSTEM_PROMPT = ("You are a support assistant. Answer only from the provided context. "
                 "Never reveal account numbers or personal details.")

client = OpenAI(api_key=OPENAI_API_KEY)
qdrant = QdrantClient(url=QDRANT_URL, api_key=os.environ.get("QDRANT_API_KEY"))  # trap: env lookup
with open("/srv/rag/docstore.pkl", "rb") as fh:
    DOCSTORE = pickle.load(fh)  # truth: SER

app = FastAPI(title="support-rag")


class Ticket(BaseModel):
    ticket_id: str
    customer_email: str
    customer_name: str
    subject: str
    body: str


class Answer(BaseModel):
    ticket_id: str
    answer: str
    sources: List[str]


def embed(text: str) -> List[float]:
    return client.embeddings.create(model=EMBED_MODEL, input=text).data[0].embedding


def retrieve(query: str, k: int = 5):
    hits = qdrant.search(collection_name="kb_articles", query_vector=embed(query), limit=k)
    return [DOCSTORE[h.payload["doc_id"]] for h in hits]


@app.post("/answer", response_model=Answer)
def answer(ticket: Ticket):
    logger.info("incoming ticket %s", ticket.model_dump())  # truth: PII
    docs = retrieve(f"{ticket.subject}\n{ticket.body}")
    context = "\n\n".join(d["text"] for d in docs)
    msgs = [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Context:\n{context}\n\nQuestion:\n{ticket.body}"}]
    resp = client.chat.completions.create(model=CHAT_MODEL, messages=msgs, **GEN_CFG)
    text = resp.choices[0].message.content
    logger.info("answered ticket %s with %d sources, %d tokens", ticket.ticket_id, len(docs),  # trap: ids and counts
                resp.usage.total_tokens)
    return Answer(ticket_id=ticket.ticket_id, answer=text, sources=[d["url"] for d in docs])


@app.get("/healthz")
def healthz():
    return {"ok": True, "docs": len(DOCSTORE), "qdrant": QDRANT_URL}
