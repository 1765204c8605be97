"""Policy-document RAG service (FastAPI). Retrieval over a FAISS index, generation via the
internal LLM gateway, Claude as fallback."""
from __future__ import annotations

import logging
import os
import pickle
from datetime import datetime, timezone

import anthropic
import faiss
import numpy as np
import pandas as pd
import tiktoken
from fastapi import FastAPI, Header, HTTPException
from openai import OpenAI
from pydantic import BaseModel
from qdrant_client import QdrantClient

log = logging.getLogger("rag")
app = FastAPI(title="policy-rag")

gateway = OpenAI(
    base_url="http://llm-gateway.platform.acme-ins.com/v1",  # truth: TLS
    api_key=os.environ["LLM_GATEWAY_KEY"],  # trap
)
fallback = anthropic.Anthropic(api_key="sk-ant-api03-zFalHlsZfYcMMDktXP_tKsf2rcDkdfrUnW5gcF-Ha6ili8GjHEAD6_Wj9KfzjsQGMrb9h-ImB-LK777pzNk8cL6j5IXAAAA")  # truth: SEC
qdrant = QdrantClient(url="https://qdrant.platform.acme-ins.com", api_key="your-qdrant-api-key-here")  # trap
local_embedder = OpenAI(base_url="http://localhost:11434/v1", api_key="<unused-for-local>")  # trap

ENC = tiktoken.get_encoding("cl100k_base")
MAX_CONTEXT_TOKENS = 6000  # trap
INDEX = faiss.read_index("/srv/rag/policies.faiss")
with open("/srv/rag/policies_meta.pkl", "rb") as fh:
    DOC_META = pickle.load(fh)  # truth: SER
CONVERSATIONS: list[dict] = []


class Ask(BaseModel):
    question: str
    user_email: str
    top_k: int = 5


def token_count(text: str) -> int:
    return len(ENC.encode(text))


def retrieve(question: str, k: int) -> list[str]:
    emb = gateway.embeddings.create(model="text-embedding-3-small", input=question).data[0].embedding
    _, idx = INDEX.search(np.array([emb], dtype="float32"), k)
    chunks, budget = [], MAX_CONTEXT_TOKENS
    for i in idx[0]:
        text = DOC_META[i]["text"]
        cost = token_count(text)  # trap
        if cost > budget:
            break
        chunks.append(text)
        budget -= cost
    return chunks


@app.post("/ask")
def ask(req: Ask, x_request_token: str | None = Header(default=None)) -> dict:  # trap
    if not x_request_token:
        raise HTTPException(401)
    context = "\n---\n".join(retrieve(req.question, req.top_k))
    messages = [{"role": "system", "content": "Answer only from the policy extracts."},
                {"role": "user", "content": f"{context}\n\nQ: {req.question}"}]
    try:
        out = gateway.chat.completions.create(model="policy-gpt", messages=messages, max_tokens=512, temperature=0)  # trap
        answer, used = out.choices[0].message.content, out.usage.total_tokens  # trap
    except Exception:
        msg = fallback.messages.create(model="claude-3-5-sonnet-latest", max_tokens=512, messages=messages[1:], system=messages[0]["content"])  # trap
        answer, used = msg.content[0].text, msg.usage.output_tokens
    CONVERSATIONS.append({"user_email": req.user_email, "question": req.question, "answer": answer,
                          "tokens": used, "ts": datetime.now(timezone.utc)})
    return {"answer": answer}


@app.post("/admin/flush")
def flush() -> dict:
    df = pd.DataFrame(CONVERSATIONS, columns=["user_email", "question", "answer", "tokens", "ts"])
    df.to_parquet(f"/srv/rag/logs/conv_{datetime.now():%Y%m%d%H%M}.parquet")  # truth: PII
    anon = df.drop(columns=["user_email"])
    anon.to_parquet("/srv/rag/logs/latest_anon.parquet")  # trap
    CONVERSATIONS.clear()
    return {"flushed": len(df)}
