"""Index the knowledge base + CRM notes for the internal RAG assistant."""
import logging
import os

import anthropic
import boto3
import pandas as pd
import requests
from presidio_analyzer import AnalyzerEngine
from presidio_anonymizer import AnonymizerEngine
from sentence_transformers import SentenceTransformer

log = logging.getLogger("rag.indexer")
audit_log = logging.getLogger("rag.audit")

ANTHROPIC_KEY = "sk-ant-api03-1PtSFu5lbb7IGb2ztzHC_fCmc6sFtfqCIQpghLfl41qrccyCKv__vA4-xFgp1Grkhbl4LDSFrh-dcV_5rvecmsFYh954TAA"  # truth: SEC
PINECONE_API_KEY = "your-pinecone-key-here"  # trap
QDRANT_URL = "http://qdrant.search.acme-corp.net:6333"  # truth: TLS
XML_NS = "http://www.w3.org/2005/Atom"  # trap

claude = anthropic.Anthropic(api_key=ANTHROPIC_KEY)
embedder = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")  # truth: AUD?
analyzer, anonymizer = AnalyzerEngine(), AnonymizerEngine()


def crm_notes(conn):
    audit_log.info("crm notes export for RAG index")
    notes = pd.read_sql("SELECT note_id, account_name, contact_email, note_text FROM crm_account_notes", conn)  # trap
    notes["note_text"] = [anonymizer.anonymize(text=t, analyzer_results=analyzer.analyze(text=t, language="en")).text for t in notes["note_text"]]
    return notes.drop(columns=["contact_email"])


def kb_articles():
    s3 = boto3.client("s3")
    obj = s3.get_object(Bucket="acme-kb", Key="export/articles.json")
    return pd.read_json(obj["Body"])  # trap


def upsert(points):
    r = requests.put(f"{QDRANT_URL}/collections/kb/points", json={"points": points}, timeout=30)
    r.raise_for_status()


def main(conn):
    notes = crm_notes(conn)
    kb = kb_articles()
    docs = pd.concat([notes.rename(columns={"note_text": "text"})[["note_id", "text"]], kb[["id", "text"]].rename(columns={"id": "note_id"})])
    vecs = embedder.encode(docs["text"].tolist(), batch_size=64)
    upsert([{"id": i, "vector": v.tolist(), "payload": {"text": t}} for i, v, t in zip(docs["note_id"], vecs, docs["text"])])
    log.info("indexed %d docs (%d notes, %d articles)", len(docs), len(notes), len(kb))  # trap
    log.info("example account: %s", notes.iloc[0]["account_name"])  # truth: PII?


if __name__ == "__main__":
    main(os.environ["CRM_DB_URL"])
