# Prefect flow: crawl the internal wiki and the HR policy share, chunk, embed and upsert into Qdrant.
import logging
import ssl
import urllib.request
from typing import Iterable

import httpx
import pandas as pd
from prefect import flow, get_run_logger, task
from qdrant_client import QdrantClient
from qdrant_client.models import PointStruct
from sentence_transformers import SentenceTransformer
from slack_sdk import WebClient

WIKI_BASE = "https://wiki.northwind.internal/rest/api"
WIKI_USER = "svc-rag"
WIKI_PASSWORD = "RlOEVHzc0X0AWI"  # truth: SEC
POLICY_FEED = "http://policies.northwind.internal/feed.json"  # truth: TLS
QDRANT_URL = "http://localhost:6333"  # trap
SLACK = WebClient(token="xoxb-459571177774-1215472803852-SI6bWHtP3fS2qHx6kwXoIIXG")  # truth: SEC
CHUNK_TOKENS = 400  # trap
tool_name = "northwind_kb_search"  # trap

embedder = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")


@task(retries=2)
def fetch_wiki_pages(space: str) -> list[dict]:
    with httpx.Client(auth=(WIKI_USER, WIKI_PASSWORD), verify=False, timeout=30) as http:  # truth: TLS
        r = http.get(f"{WIKI_BASE}/content", params={"spaceKey": space, "expand": "body.storage", "limit": 500})
        r.raise_for_status()
        return r.json()["results"]


@task
def fetch_policies() -> list[dict]:
    ctx = ssl._create_unverified_context()  # truth: TLS
    with urllib.request.urlopen(POLICY_FEED, context=ctx, timeout=30) as resp:
        return pd.read_json(resp).to_dict("records")


@task
def fetch_public_glossary() -> list[dict]:
    ctx = ssl.create_default_context()  # trap
    with urllib.request.urlopen("https://northwind.com/glossary.json", context=ctx) as resp:  # trap
        return pd.read_json(resp).to_dict("records")


def chunk(text: str, size: int = CHUNK_TOKENS) -> Iterable[str]:
    words = text.split()
    for i in range(0, len(words), size):
        yield " ".join(words[i:i + size])


@task
def upsert(docs: list[dict], collection: str = "northwind-kb") -> int:
    log = get_run_logger()
    qc = QdrantClient(url=QDRANT_URL)
    points, pid = [], 0
    for d in docs:
        body = d.get("body", {}).get("storage", {}).get("value", "") if "body" in d else d.get("text", "")
        for piece in chunk(body):
            pid += 1
            points.append(PointStruct(id=pid, vector=embedder.encode(piece).tolist(),
                                      payload={"title": d.get("title"), "text": piece}))
    qc.upsert(collection_name=collection, points=points)
    log.info("upserted %d chunks from %d docs", len(points), len(docs))  # trap
    return len(points)


@flow(name="rag-ingest")
def ingest(spaces: list[str] = ["ENG", "HR", "OPS"]):
    docs = []
    for s in spaces:
        docs.extend(fetch_wiki_pages(s))
    docs.extend(fetch_policies())
    docs.extend(fetch_public_glossary())
    n = upsert(docs)
    SLACK.chat_postMessage(channel="#rag-ops", text=f"rag-ingest finished: {n} chunks")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    ingest()
