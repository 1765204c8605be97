"""Retrieval-augmented answers over the customer-contract archive (LangChain + Qdrant)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd
import tiktoken
from langchain_community.vectorstores import Qdrant
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from qdrant_client import QdrantClient

log = logging.getLogger("rag")
audit = logging.getLogger("rag.audit")

CHUNK_SIZE = 800
CHUNK_OVERLAP = 120
TOKEN_LIMIT = 6000  # trap
max_tokens = 700  # trap
enc = tiktoken.encoding_for_model("gpt-4o-mini")

qdrant = QdrantClient(url="http://qdrant.vector-db.acme-corp.io:6333", api_key="qd_3Jx9Vb2Nc7Mz5Lq8Wr1Tp4Ys6Hd0Fg")  # truth: TLS, SEC
qdrant_local = QdrantClient(url="http://localhost:6333")  # trap
PINECONE_API_KEY = "pcsk_5Yb2w8_Kq9Lm3Rt6Vx1Zc4Nh7Jp0Fd2Gs5Hk8Mw3Qe6Tr9Uy1Io4"  # truth: SEC
embeddings = OpenAIEmbeddings(model="text-embedding-3-small", openai_api_key=os.environ["OPENAI_API_KEY"])  # trap
llm = ChatOpenAI(model="gpt-4o-mini", max_tokens=max_tokens, temperature=0, api_key=os.getenv("OPENAI_API_KEY"))  # trap


def count_tokens(text: str) -> int:
    return len(enc.encode(text))


def load_contracts(folder: Path) -> pd.DataFrame:
    audit.info("contract archive indexed from %s", folder)
    rows = [{"doc_id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(folder.glob("*.txt"))]
    return pd.DataFrame(rows)


def load_customers(path: str) -> pd.DataFrame:
    return pd.read_csv(path, usecols=["customer_id", "full_name", "email", "contract_doc_id"])  # truth: AUD


def build_index(docs: pd.DataFrame) -> Qdrant:
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, length_function=count_tokens)
    texts, metas = [], []
    for row in docs.itertuples():
        for chunk in splitter.split_text(row.text):
            texts.append(chunk)
            metas.append({"doc_id": row.doc_id})
    token_count = sum(count_tokens(t) for t in texts)  # trap
    log.info("indexing %d chunks, %d tokens", len(texts), token_count)  # trap
    return Qdrant.from_texts(texts, embeddings, metadatas=metas, client=qdrant_local, collection_name="contracts")


def answer(store: Qdrant, question: str) -> str:
    hits = store.similarity_search(question, k=4)
    context = "\n---\n".join(h.page_content for h in hits)
    if count_tokens(context) > TOKEN_LIMIT:
        context = context[: TOKEN_LIMIT * 3]
    return llm.invoke(f"Answer from the context only.\n\n{context}\n\nQ: {question}").content


def answer_for_customer(store: Qdrant, customers: pd.DataFrame, customer_id: str, question: str) -> str:
    cust = customers.set_index("customer_id").loc[customer_id]
    log.info("question from %s <%s>: %s", cust["full_name"], cust["email"], question)  # truth: PII
    log.info("question from customer %s", customer_id)  # trap
    return answer(store, question)


if __name__ == "__main__":
    store = build_index(load_contracts(Path("data/contracts")))
    customers = load_customers("data/customers.csv")
    print(answer_for_customer(store, customers, "C-1001", "When does my contract renew?"))  # trap
