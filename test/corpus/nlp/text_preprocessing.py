# %% [markdown]
# Chat-transcript preprocessing for the intent classifier.
# Steps: load transcripts, redact, tokenise, export the training shards.

# %%
import hashlib
import logging
import os
import re

import pandas as pd
import spacy
import yaml
from presidio_analyzer import AnalyzerEngine
from presidio_anonymizer import AnonymizerEngine
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier

audit = logging.getLogger("nlp.audit")

with open("configs/preprocess.yaml") as fh:
    cfg = yaml.safe_load(fh)  # trap

nlp = spacy.load("en_core_web_sm", disable=["parser"])
analyzer, anonymizer = AnalyzerEngine(), AnonymizerEngine()

# %% load
audit.info("chat transcripts loaded for intent training")
chats = pd.read_json("data/transcripts.jsonl", lines=True)  # trap
chats = chats[["conversation_id", "customer_name", "customer_email", "customer_phone", "agent_id", "message", "intent"]]
chats.head()

# %% redact free text
def redact(text: str) -> str:
    results = analyzer.analyze(text=text, language="en", entities=["EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON"])
    return anonymizer.anonymize(text=text, analyzer_results=results).text


chats["message_redacted"] = chats["message"].map(redact)
print(chats[["message_redacted", "intent"]].head(20))  # trap

# %% pseudonymise identifiers
SALT = os.environ["CHAT_PSEUDO_SALT"]  # trap
chats["customer_key"] = chats["customer_email"].map(lambda e: hashlib.sha256((SALT + e).encode()).hexdigest())  # trap
chats = chats.drop(columns=["customer_name", "customer_email", "customer_phone"])  # trap
chats.head()

# %% tokenise
def lemmas(text: str) -> str:
    return " ".join(t.lemma_.lower() for t in nlp(text) if not (t.is_stop or t.is_punct))


chats["tokens"] = chats["message_redacted"].map(lemmas)
token_count = chats["tokens"].str.split().map(len)  # trap
print("median tokens per message:", token_count.median())  # trap

# %% baseline classifier
vec = TfidfVectorizer(min_df=3, ngram_range=(1, 2), max_features=cfg.get("max_features", 50000))
X = vec.fit_transform(chats["tokens"])  # trap
clf = SGDClassifier(loss="log_loss", class_weight="balanced")
clf.fit(X, chats["intent"])  # trap

# %% export shards
chats[["conversation_id", "customer_key", "tokens", "intent"]].to_parquet("data/intent_train.parquet")  # trap

# %% a second source: e-mail tickets, not yet redacted
tickets = pd.read_csv("data/email_tickets.csv", usecols=["ticket_id", "sender_email", "sender_name", "subject", "body"])  # trap
tickets["subject_len"] = tickets["subject"].str.len()
tickets.to_parquet("data/tickets_stage.parquet")  # truth: PII
print(tickets.sender_email.value_counts().head())  # trap

# %% regex-based cleaner kept for reference
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}")
is_email_message = chats["message"].str.contains(EMAIL_PATTERN)  # trap
print("messages containing an address:", int(is_email_message.sum()))  # trap
