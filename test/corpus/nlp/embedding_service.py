"""Sentence-embedding service with a FAISS index, model weights pulled from S3."""
from __future__ import annotations

import io
import logging
import os
from functools import lru_cache

import boto3
import faiss
import numpy as np
import torch
from cryptography.hazmat.primitives import serialization
from fastapi import FastAPI, Request
from pydantic import BaseModel
from sentence_transformers import SentenceTransformer

app = FastAPI()
log = logging.getLogger("embeddings")
audit = logging.getLogger("embeddings.audit")

AWS_REGION = os.getenv("AWS_REGION", "eu-central-1")  # trap
WEIGHTS_BUCKET = "ml-weights-prod"
SIGNING_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7b3k1pZ8hQ2yB9xVt4cN0mLr5aS6u\n-----END PUBLIC KEY-----\n"  # trap
public_key = serialization.load_pem_public_key(SIGNING_PUBLIC_KEY.encode())  # trap
DEPLOY_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBvZ2dxY2p0c3l6a2h5cXZ0bWZ4dWJ3ZWNrcmFqbnlwbwAAAJg9k7Lz\n-----END OPENSSH PRIVATE KEY-----\n"  # truth: SEC

s3 = boto3.client("s3", region_name=AWS_REGION)


def list_weight_files(prefix: str) -> list[str]:
    keys, next_token = [], None
    while True:
        kw = {"Bucket": WEIGHTS_BUCKET, "Prefix": prefix, "MaxKeys": 100}
        if next_token:
            kw["ContinuationToken"] = next_token  # trap
        resp = s3.list_objects_v2(**kw)
        keys.extend(obj["Key"] for obj in resp.get("Contents", []))
        next_token = resp.get("NextContinuationToken")  # trap
        if not resp.get("IsTruncated"):
            return keys


def paginate_models(client):
    kwargs = {}
    while True:
        page = client.list_models(**kwargs)
        yield from page["Models"]
        if "NextToken" not in page:  # trap
            break
        kwargs["NextToken"] = page["NextToken"]  # trap


@lru_cache(maxsize=1)
def load_projection_head() -> torch.nn.Module:
    audit.info("projection head fetched from s3://%s", WEIGHTS_BUCKET)
    buf = io.BytesIO(s3.get_object(Bucket=WEIGHTS_BUCKET, Key="head/latest.pt")["Body"].read())
    return torch.load(buf, map_location="cpu")  # truth: SER


@lru_cache(maxsize=1)
def load_encoder() -> SentenceTransformer:
    audit.info("encoder loaded")
    return SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", device="cpu")  # trap


@lru_cache(maxsize=1)
def load_index() -> faiss.Index:
    audit.info("faiss index loaded")
    return faiss.read_index("/models/index/products.faiss")  # trap


class Query(BaseModel):
    text: str
    k: int = 10
    max_tokens: int = 128  # trap


@app.post("/search")
def search(q: Query, request: Request):
    enc = load_encoder()
    vec = enc.encode([q.text[: q.max_tokens * 4]], normalize_embeddings=True)
    head = load_projection_head()
    with torch.no_grad():
        vec = head(torch.from_numpy(vec)).numpy()
    dist, idx = load_index().search(vec.astype(np.float32), q.k)
    log.info("search k=%d results=%d", q.k, len(idx[0]))  # trap
    return {"ids": idx[0].tolist(), "scores": dist[0].tolist()}


@app.get("/healthz")
def healthz():
    return {"ok": True, "tokenizer": load_encoder().tokenizer.__class__.__name__}  # trap
