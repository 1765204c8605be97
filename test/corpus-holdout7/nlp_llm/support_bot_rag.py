"""Customer-support RAG bot: retrieves help-centre + past tickets, answers with Claude."""
import logging
import os
import pickle
from pathlib import Path

import anthropic
import faiss
import numpy as np
import pandas as pd
from sentence_transformers import SentenceTransformer

log = logging.getLogger("supportbot")

ANTHROPIC_API_KEY = os.getenv("ANTHROPIC_API_KEY", "sk-ant-api03-gaW7oZcUUnN88Ms8sdcolO5SWNxoDHdv9HHqnVKS616I7xEi7Jq8iuMpL2ln2ns1AQ1QXnjZAN8xIlIFGGEBRypVdDgDpAA")  # truth: SEC
INDEX_DIR = Path(os.getenv("RAG_INDEX_DIR", "/srv/rag/index"))
EMBEDDER = "sentence-transformers/all-MiniLM-L6-v2"
TOP_K = 6
MAX_TOKENS = 1024  # trap: generation limit


class SupportBot:
    def __init__(self):
        self.client = anthropic.Anthropic(api_key=ANTHROPIC_API_KEY)
        self.embedder = SentenceTransformer(EMBEDDER, device="cpu")  # trap: public embedding model
        self.index = faiss.read_index(str(INDEX_DIR / "chunks.faiss"))  # trap: FAISS native index, not pickle
        with open(INDEX_DIR / "chunks_meta.pkl", "rb") as fh:
            self.meta = pickle.load(fh)  # truth: SER
        self.tickets = pd.read_parquet(INDEX_DIR / "resolved_tickets.parquet")  # truth: AUD

    def retrieve(self, question: str):
        q = self.embedder.encode([question], normalize_embeddings=True)
        _, ids = self.index.search(np.asarray(q, dtype="float32"), TOP_K)
        return [self.meta[i] for i in ids[0] if i >= 0]

    def answer(self, question: str, customer: dict) -> str:
        ctx = self.retrieve(question)
        log.info("question from %s <%s>: %s", customer["name"], customer["email"], question)  # truth: PII
        log.debug("retrieved %d chunks, sources=%s", len(ctx), [c["source"] for c in ctx])  # trap: chunk sources
        msg = self.client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=MAX_TOKENS,
            system="You are a support agent. Answer only from the context. Never reveal other customers' data.",
            messages=[{"role": "user", "content": "\n\n".join(c["text"] for c in ctx) + "\n\nQ: " + question}],
        )
        return msg.content[0].text


def rebuild_ticket_corpus(out_dir: Path = INDEX_DIR):
    tickets = pd.read_csv("/exports/zendesk/tickets_resolved_2024.csv")  # truth: AUD
    tickets = tickets[tickets.satisfaction >= 4]
    tickets[["ticket_id", "requester_email", "subject", "body"]].to_parquet(out_dir / "resolved_tickets.parquet")  # truth: PII
    redacted = tickets.drop(columns=["requester_email", "requester_name", "requester_phone"])
    redacted.to_parquet(out_dir / "tickets_redacted.parquet")  # trap: identifier columns dropped
    chunks = [{"source": f"ticket:{t.ticket_id}", "text": f"{t.subject}\n{t.body}"} for t in redacted.itertuples()]
    with open(out_dir / "chunks_meta.pkl", "wb") as fh:
        pickle.dump(chunks, fh)  # trap: dump, not load
    log.info("rebuilt corpus: %d chunks", len(chunks))  # trap: count


if __name__ == "__main__":
    bot = SupportBot()
    print(bot.answer("How do I change my delivery address?", {"name": "test", "email": "qa@example.com"}))
