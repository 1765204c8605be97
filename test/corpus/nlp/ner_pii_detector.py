"""Train a spaCy NER model that detects personal data in support tickets (so we can redact it).

The training data are synthetic sentences; the evaluation set is a hand-labelled sample of real
tickets, which is why the evaluation code is careful about what it prints.
"""
from __future__ import annotations

import json
import logging
import os
import random
from pathlib import Path

import cohere
import pandas as pd
import spacy
from spacy.tokens import DocBin
from spacy.training import Example

log = logging.getLogger("ner")
audit = logging.getLogger("ner.audit")

LABELS = ["PERSON", "EMAIL", "PHONE", "IBAN", "ADDRESS"]
COHERE_API_KEY = os.environ.get("COHERE_API_KEY", "<your-cohere-key>")  # trap
co = cohere.Client(api_key="qX7b2Lm9Rt4Vw8Zp1Ns6Kd3Hf5Gj0Yc2Ue7Ia9Ob")  # truth: SEC
REPLICATE_API_TOKEN = "r8_dKav1Qv4sYN4JmxaRA5k61EwSWlvmKVKDbFg3"  # truth: SEC

TEMPLATES = [
    ("Please call me on {PHONE}, thanks {PERSON}", ["PHONE", "PERSON"]),
    ("My email is {EMAIL} and I live at {ADDRESS}", ["EMAIL", "ADDRESS"]),
    ("Refund to {IBAN} please", ["IBAN"]),
]
FAKE = {
    "PERSON": ["Jane Roe", "Max Mustermann", "Erika Musterfrau"],
    "EMAIL": ["jane.roe@example.com", "max@example.org"],
    "PHONE": ["+49 30 1234567", "020 7946 0000"],
    "IBAN": ["DE89 3704 0044 0532 0130 00"],
    "ADDRESS": ["1 Example Street, Springfield"],
}


def synth(n: int, seed: int = 0) -> list[tuple[str, dict]]:
    rnd = random.Random(seed)
    data = []
    for _ in range(n):
        tpl, labels = rnd.choice(TEMPLATES)
        text, ents = tpl, []
        for lab in labels:
            value = rnd.choice(FAKE[lab])
            start = text.index("{" + lab + "}")
            text = text.replace("{" + lab + "}", value, 1)
            ents.append((start, start + len(value), lab))
        data.append((text, {"entities": ents}))
    return data


def train(n_iter: int = 20) -> spacy.language.Language:
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for lab in LABELS:
        ner.add_label(lab)
    examples = [Example.from_dict(nlp.make_doc(t), a) for t, a in synth(2000)]
    optimizer = nlp.initialize(lambda: examples)
    for i in range(n_iter):
        random.shuffle(examples)
        losses = {}
        nlp.update(examples, sgd=optimizer, losses=losses)  # trap
        log.info("iter %d loss %.3f", i, losses.get("ner", 0.0))
    tokenizer = nlp.tokenizer  # trap
    log.info("tokenizer has %d special cases", len(tokenizer.rules or {}))  # trap
    return nlp


def load_eval(path: str) -> pd.DataFrame:
    return pd.read_json(path, lines=True)[["ticket_id", "customer_email", "text", "gold_entities"]]  # truth: AUD


def evaluate(nlp, ev: pd.DataFrame) -> dict:
    tp = fp = fn = 0
    for row in ev.itertuples():
        pred = {(e.start_char, e.end_char, e.label_) for e in nlp(row.text).ents}
        gold = {tuple(g) for g in row.gold_entities}
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
        if gold - pred:
            log.debug("missed entities in ticket %s", row.ticket_id)  # trap
            log.debug("ticket from %s missed %s", row.customer_email, gold - pred)  # truth: PII
    return {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1)}


def save(nlp, out: Path) -> None:
    nlp.to_disk(out)
    db = DocBin(docs=[nlp(t) for t, _ in synth(50, seed=1)])
    db.to_disk(out / "sample.spacy")
    (out / "labels.json").write_text(json.dumps(LABELS))


def summarise_with_llm(texts: list[str]) -> str:
    resp = co.chat(message="Summarise the main complaint themes:\n" + "\n".join(texts[:50]), max_tokens=300)  # trap
    return resp.text


if __name__ == "__main__":
    model = train()
    ev = load_eval("data/ner_eval.jsonl")
    print(evaluate(model, ev))  # trap
    save(model, Path("out/ner_pii"))
