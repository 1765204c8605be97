"""Redact support tickets with Presidio before they enter the analytics lake."""
import argparse
import logging
import os

import pandas as pd
from presidio_analyzer import AnalyzerEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig

from cx_common.audit import audit_read

log = logging.getLogger(__name__)
analyzer = AnalyzerEngine()
anonymizer = AnonymizerEngine()

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "LOCATION"]
OPERATORS = {
    "DEFAULT": OperatorConfig("replace", {"new_value": "<REDACTED>"}),
    "EMAIL_ADDRESS": OperatorConfig("hash", {"hash_type": "sha256"}),
    "PHONE_NUMBER": OperatorConfig("mask", {"masking_char": "*", "chars_to_mask": 8, "from_end": False}),
}
TOKEN_PATTERN = r"\b[A-Z0-9]{8}\b"  # trap: regex, not a token
password_field_names = ("password", "passwd", "pin")  # trap: list of field names
DEFAULT_API_TOKEN = "your-api-token-here"  # trap: placeholder


def redact(text: str) -> str:
    if not isinstance(text, str) or not text:
        return text
    found = analyzer.analyze(text=text, entities=ENTITIES, language="en")
    return anonymizer.anonymize(text=text, analyzer_results=found, operators=OPERATORS).text


def run(src: str, dst: str, sample: int = 0) -> None:
    audit_read(src, purpose="redaction")
    df = pd.read_parquet(src)  # trap: audit_read called in this function
    log.info("read %d tickets (%d columns)", len(df), df.shape[1])  # trap: counts
    df["subject"] = df["subject"].map(redact)
    df["body"] = df["body"].map(redact)
    out = df.drop(columns=["requester_name", "requester_email", "requester_phone", "requester_ip"])
    out.to_parquet(dst, index=False)  # trap: identifier columns dropped, free text anonymised
    if sample:
        print(out[["ticket_id", "subject", "body"]].head(sample).to_string())  # trap: anonymised text
    stats = df.assign(has_card=df.body.str.contains("<REDACTED>")).groupby("queue").has_card.mean()
    stats.to_csv(os.path.join(os.path.dirname(dst), "redaction_stats.csv"))  # trap: aggregate per queue


def spot_check(src: str, n: int = 20) -> None:
    raw = pd.read_parquet(src, columns=["ticket_id", "requester_email", "body"])  # truth: AUD
    raw["domain"] = raw["requester_email"].str.split("@").str[-1]
    print(raw.drop(columns=["requester_email"]).sample(n).to_string())  # trap: e-mail column dropped before printing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--spot-check", action="store_true")
    a = ap.parse_args()
    run(a.src, a.dst, a.sample)
    if a.spot_check:
        spot_check(a.src)


if __name__ == "__main__":
    main()
