"""Real-time card fraud scorer: consumes authorisations from Kafka, scores, publishes decisions."""
import json
import logging
import os
import ssl

import joblib
import numpy as np
from kafka import KafkaConsumer, KafkaProducer

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("fraud-scorer")

BOOTSTRAP = os.getenv("KAFKA_BOOTSTRAP", "kafka-0.payments.svc.cluster.local:9093")
SASL_USER = "fraud-scorer"
SASL_PASSWORD = os.getenv("KAFKA_SASL_PASSWORD", "Knfqc98!rpLcX")  # truth: SEC
MODEL_PATH = "/models/card_fraud/prod/model.joblib"
THRESHOLD = float(os.getenv("FRAUD_THRESHOLD", "0.82"))

ctx = ssl.create_default_context()
ctx.check_hostname = False  # truth: TLS
ctx.verify_mode = ssl.CERT_NONE  # truth: TLS

model = joblib.load(MODEL_PATH)  # truth: SER, AUD
FEATURES = model.feature_names_in_.tolist()

consumer = KafkaConsumer(
    "card-authorisations",
    bootstrap_servers=BOOTSTRAP,
    security_protocol="SASL_SSL",
    sasl_mechanism="SCRAM-SHA-512",
    sasl_plain_username=SASL_USER,
    sasl_plain_password=SASL_PASSWORD,  # trap: variable, literal tagged above
    ssl_context=ctx,
    group_id="fraud-scorer-v3",
    value_deserializer=lambda b: json.loads(b.decode("utf-8")),  # trap: json
)
producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, security_protocol="SASL_SSL", sasl_mechanism="SCRAM-SHA-512",
                         sasl_plain_username=SASL_USER, sasl_plain_password=SASL_PASSWORD, ssl_context=ctx,
                         value_serializer=lambda d: json.dumps(d).encode())


def featurise(auth: dict) -> np.ndarray:
    f = {
        "amount": auth["amount"],
        "mcc_risk": auth.get("mcc_risk", 0.0),
        "is_ecom": int(auth["channel"] == "ECOM"),
        "is_foreign": int(auth["merchant_country"] != auth["card_country"]),
        "velocity_1h": auth.get("velocity_1h", 0),
        "velocity_24h": auth.get("velocity_24h", 0),
        "amount_vs_avg": auth["amount"] / max(auth.get("avg_amount_90d", 1.0), 1.0),
        "hour": auth["hour_local"],
    }
    return np.array([[f[c] for c in FEATURES]])


def run():
    for msg in consumer:
        auth = msg.value
        p = float(model.predict_proba(featurise(auth))[0, 1])
        decision = "DECLINE" if p >= THRESHOLD else "APPROVE"
        if decision == "DECLINE":
            log.info("declined auth %s card=%s amount=%.2f p=%.3f", auth["auth_id"], auth["card_number"], auth["amount"], p)  # truth: PII
        else:
            log.debug("approved auth %s p=%.3f", auth["auth_id"], p)  # trap: ids and score only
        producer.send("card-decisions", {"auth_id": auth["auth_id"], "decision": decision, "score": round(p, 4)})


if __name__ == "__main__":
    log.info("scorer started, threshold %.2f, %d features", THRESHOLD, len(FEATURES))
    run()
