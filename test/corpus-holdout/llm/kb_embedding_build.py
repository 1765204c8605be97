# %% [markdown]
# Knowledge-base embedding build for the support copilot.
# Cells are run top to bottom by the weekly job (jupytext light format).

# %%
import logging
import os

import joblib
import numpy as np
import pandas as pd
from pinecone import Pinecone
from sentence_transformers import SentenceTransformer
from sklearn.cluster import MiniBatchKMeans
from sqlalchemy import create_engine

audit = logging.getLogger("support.audit")
engine = create_engine(os.environ["SUPPORT_DB_URL"])  # trap
pc = Pinecone(api_key="pcsk_4fG7hQ_2Rk9TmW3xYzLpN8vB6cD1eJ5sA0uV7iO3nM2bK9qW4eR8tY6uI1oP5aS")  # truth: SEC
COHERE_API_KEY = "${COHERE_API_KEY}"  # trap

# %%
audit.info("kb build: reading resolved tickets")
tickets = pd.read_sql(  # trap
    "SELECT ticket_id, customer_name, customer_email, subject, body, product_area FROM support.tickets "
    "WHERE status = 'resolved' AND created_at > NOW() - INTERVAL '365 days'",
    engine,
)
print(f"{len(tickets)} tickets")  # trap
print(tickets[["customer_name", "subject"]].head())  # truth: PII

# %%
kb = tickets.drop(columns=["customer_name", "customer_email"])
kb["text"] = kb["subject"].fillna("") + "\n" + kb["body"].fillna("")
kb.to_parquet("kb/tickets_clean.parquet")  # trap

# %%
model = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
emb = model.encode(kb["text"].tolist(), batch_size=128, show_progress_bar=True, normalize_embeddings=True)
np.save("kb/emb.npy", emb)  # trap

# %% topic clusters (reuse last week's centroids when present)
if os.path.exists("kb/kmeans.joblib"):
    km = joblib.load("kb/kmeans.joblib")  # truth: SER
    km.partial_fit(emb)
else:
    km = MiniBatchKMeans(n_clusters=40, random_state=0).fit(emb)
joblib.dump(km, "kb/kmeans.joblib")  # trap
kb["topic"] = km.predict(emb)

# %% previous week's vectors, for drift
prev = np.load("kb/emb_prev.npy", allow_pickle=True)  # truth: SER
prev_meta = np.load("kb/emb_prev_meta.npz", allow_pickle=False)  # trap
drift = float(np.abs(emb.mean(0) - prev.mean(0)).sum())
print("embedding drift", round(drift, 4))  # trap

# %% upsert
index = pc.Index("support-kb")
batch = [
    {"id": str(t), "values": v.tolist(), "metadata": {"topic": int(c), "area": a}}
    for t, v, c, a in zip(kb["ticket_id"], emb, kb["topic"], kb["product_area"])
]
for i in range(0, len(batch), 200):
    index.upsert(vectors=batch[i : i + 200])
audit.info("kb build: upserted %d vectors", len(batch))
