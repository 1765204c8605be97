"""Real-time card-fraud scorer: consumes authorisation events from Kafka, scores them,
publishes decisions and writes a sample to the investigations bucket."""
import csv
import io
import json
import logging
import os
import time

import boto3
import numpy as np
import xgboost as xgb
from kafka import KafkaConsumer, KafkaProducer

log = logging.getLogger("fraud.stream")
audit = logging.getLogger("fraud.audit")

KAFKA = os.getenv("KAFKA_BOOTSTRAP", "kafka-0.payments.internal:9093")
SASL_USER = "fraud-scorer"
SASL_PASSWORD = os.getenv("KAFKA_SASL_PASSWORD", "OD31T0KwsHZw6%06")  # truth: SEC
SCHEMA_REGISTRY = "http://schema-registry.payments.internal:8081"  # truth: TLS
S3_BUCKET = "fraud-investigations"

FEATURES = ["amount", "mcc", "hour", "is_card_present", "velocity_1h", "velocity_24h",
            "amount_vs_avg_30d", "new_merchant", "geo_distance_km"]


def load_booster(path="/models/fraud/xgb_v31.json"):
    audit.info("loading fraud model %s", path)
    b = xgb.Booster()
    b.load_model(path)
    return b


def featurise(evt: dict) -> list:
    ts = time.gmtime(evt["ts"] / 1000)
    return [
        evt["amount"], evt["mcc"], ts.tm_hour, int(evt["pos_entry"] in ("05", "07")),
        evt["velocity_1h"], evt["velocity_24h"], evt["amount"] / max(evt["avg_amount_30d"], 1.0),
        int(evt["merchant_first_seen"]), evt["geo_distance_km"],
    ]


def run():
    booster = load_booster()
    consumer = KafkaConsumer(
        "card-auth-events",
        bootstrap_servers=KAFKA,
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_plain_username=SASL_USER,
        sasl_plain_password=SASL_PASSWORD,
        value_deserializer=lambda b: json.loads(b),
        group_id="fraud-scorer-v31",
    )
    producer = KafkaProducer(bootstrap_servers=KAFKA, security_protocol="SASL_SSL",
                             sasl_mechanism="SCRAM-SHA-512", sasl_plain_username=SASL_USER,
                             sasl_plain_password=SASL_PASSWORD,
                             value_serializer=lambda v: json.dumps(v).encode())
    s3 = boto3.client("s3")
    flagged = []
    for msg in consumer:
        evt = msg.value
        x = np.asarray([featurise(evt)], dtype=np.float32)
        score = float(booster.inplace_predict(x)[0])
        producer.send("card-auth-decisions", {"auth_id": evt["auth_id"], "score": score})
        if score > 0.9:
            log.warning("high-risk auth %s score=%.3f card=%s", evt["auth_id"], score, evt["card_number"])  # truth: PII
            log.info("high-risk auth %s merchant=%s mcc=%s", evt["auth_id"], evt["merchant_name"], evt["mcc"])  # trap
            flagged.append({
                "auth_id": evt["auth_id"],
                "pan_last4": evt["card_number"][-4:],
                "cardholder_name": evt["cardholder_name"],
                "ip_address": evt.get("ip_address"),
                "score": round(score, 4),
            })
        if len(flagged) >= 500:
            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=list(flagged[0]))
            writer.writeheader()
            writer.writerows(flagged)  # truth: PII
            s3.put_object(Bucket=S3_BUCKET, Key=f"flagged/{int(time.time())}.csv", Body=buf.getvalue())
            log.info("flushed %d flagged auths", len(flagged))  # trap
            flagged.clear()


if __name__ == "__main__":
    run()
