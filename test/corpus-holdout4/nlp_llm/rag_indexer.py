"""Index the help-centre articles and resolved support tickets into the RAG vector store."""
import json
import logging
import os
import re
from dataclasses import dataclass

import anthropic
import psycopg
import requests
from sentence_transformers import SentenceTransformer

log = logging.getLogger("rag.indexer")
audit = logging.getLogger("rag.audit")


@dataclass
class Settings:
    pg_dsn: str = "postgresql://rag_writer:y4q9rggY4lPt!63@pgvector.search.internal:5432/rag"  # truth: SEC
    anthropic_key: str = os.getenv("ANTHROPIC_API_KEY", "")  # trap
    zendesk_base: str = "https://acme.zendesk.com/api/v2"
    zendesk_token: str = os.getenv("ZENDESK_TOKEN", "<set-in-vault>")  # trap
    embed_model: str = "BAAI/bge-small-en-v1.5"
    chunk_tokens: int = 350
    max_tokens: int = 512  # trap
    tokenizer_name: str = "BAAI/bge-small-en-v1.5"  # trap


SUMMARISER_KEY = "sk-ant-api03-hMcJ1-0ZjjcWS3ZgIRfR1noFU3wRl4jqdG0CbL_spcN6Yfpw0vgxB4l9Ma45yvKGeTacerlZj8ECBXTB5d1Gtdv09foXJAA"  # truth: SEC
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


def scrub(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


def fetch_tickets(cfg: Settings, since: str):
    r = requests.get(
        f"{cfg.zendesk_base}/search/export.json",
        params={"query": f"type:ticket status:solved updated>{since}", "filter[type]": "ticket"},
        auth=("ml-bot@acme.com/token", cfg.zendesk_token),
        timeout=60,
    )
    r.raise_for_status()
    return r.json()["results"]


def summarise(client, ticket):
    msg = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=300,
        messages=[{"role": "user", "content": "Summarise the resolution:\n\n" + scrub(ticket["description"])}],
    )
    return msg.content[0].text


def chunk(text, n_words):
    words = text.split()
    for i in range(0, len(words), n_words):
        yield " ".join(words[i:i + n_words])


def main(since="2026-11-01"):
    cfg = Settings()
    audit.info("loading embedding model %s", cfg.embed_model)
    encoder = SentenceTransformer(cfg.embed_model)
    client = anthropic.Anthropic(api_key=cfg.anthropic_key or SUMMARISER_KEY)

    tickets = fetch_tickets(cfg, since)
    log.info("fetched %d tickets", len(tickets))  # trap
    for t in tickets[:3]:
        log.debug("ticket %s requester=%s <%s>", t["id"], t["requester_name"], t["requester_email"])  # truth: PII

    docs = []
    for t in tickets:
        summary = summarise(client, t)
        for j, c in enumerate(chunk(summary, cfg.chunk_tokens)):
            docs.append({"doc_id": f"zd-{t['id']}-{j}", "text": c, "source": "zendesk"})
    log.info("example chunk: %s", json.dumps(docs[0]) if docs else "-")  # trap

    vecs = encoder.encode([d["text"] for d in docs], batch_size=64, normalize_embeddings=True)
    with psycopg.connect(cfg.pg_dsn) as conn, conn.cursor() as cur:
        for d, v in zip(docs, vecs):
            cur.execute(
                "INSERT INTO chunks (doc_id, source, text, embedding) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (doc_id) DO UPDATE SET text = EXCLUDED.text, embedding = EXCLUDED.embedding",
                (d["doc_id"], d["source"], d["text"], v.tolist()),
            )
    with open("artifacts/index_manifest.json", "w") as fh:
        json.dump({"since": since, "n_docs": len(docs), "model": cfg.embed_model}, fh)


if __name__ == "__main__":
    main()
