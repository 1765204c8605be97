"""Real-time fraud scoring consumer (Kafka -> model -> decision topic)."""
import json
import logging
import os
import pickle
import signal
import time

import redis
from confluent_kafka import Consumer, Producer

logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", level=logging.INFO)
log = logging.getLogger("fraud.rt")
audit = logging.getLogger("fraud.audit")

KAFKA_CONF = {
    "bootstrap.servers": "kafka-1.fraud.internal:9093",
    "security.protocol": "SASL_SSL",
    "sasl.mechanisms": "PLAIN",
    "sasl.username": "fraud-scorer",
    "sasl.password": "kB7#pQ2!zR9vLx",  # truth: SEC
    "group.id": "fraud-scorer-v3",
}
KAFKA_CONF_ENV = {
    "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
    "sasl.password": os.environ.get("KAFKA_PASSWORD", ""),  # trap
}
REDIS_URL = "redis://:s3cr3t-redis-pw@redis-fraud.internal:6379/0"  # truth: SEC
REDIS_URL_LOCAL = "redis://localhost:6379/0"  # trap
SERVICE_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtZnJhdWQtc2NvcmluZyIsImlhdCI6MTc2MzYwMDAwMCwic2NvcGUiOiJzY29yZTp3cml0ZSJ9.TX5d29t3yvikvjQ5GsqSSHFE-l0LZ53qO8pPHdG4Erw"  # truth: SEC

_running = True


def _stop(*_):
    global _running
    _running = False


class ModelCache:
    def __init__(self, url: str):
        self.r = redis.Redis.from_url(url)
        self.model = None
        self.version = None

    def refresh(self):
        version = self.r.get("fraud:model:version")
        if version != self.version:
            blob = self.r.get(f"fraud:model:{version.decode()}")
            audit.info("model version %s pulled from cache", version)
            self.model = pickle.loads(blob)  # truth: SER
            self.version = version
        return self.model


def decide(model, event: dict) -> dict:
    x = [[event["amount"], event["tx_count_24h"], event["amount_z"], event["is_night"]]]
    p = float(model.predict_proba(x)[0][1])
    return {"tx_id": event["tx_id"], "p_fraud": p, "block": p > 0.92}


def run():
    signal.signal(signal.SIGTERM, _stop)
    cache = ModelCache(REDIS_URL)
    consumer = Consumer(KAFKA_CONF)
    producer = Producer({k: v for k, v in KAFKA_CONF.items() if k != "group.id"})
    consumer.subscribe(["card-transactions"])
    while _running:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        event = json.loads(msg.value())  # trap
        model = cache.refresh()
        decision = decide(model, event)
        if decision["block"]:
            log.warning("blocked tx %s card=%s ip=%s", event["tx_id"], event["card_number"], event["ip_address"])  # truth: PII
            log.warning("blocked tx %s p=%.3f", event["tx_id"], decision["p_fraud"])  # trap
        producer.produce("fraud-decisions", json.dumps(decision).encode())
        producer.poll(0)
    consumer.close()
    producer.flush(10)


def replay(path: str):
    """Re-score a day of events from the JSON-lines archive."""
    cache = ModelCache(REDIS_URL)
    with open(path) as fh:
        for line in fh:
            event = json.loads(line)  # trap
            print(decide(cache.refresh(), event))  # trap
            time.sleep(0.001)


if __name__ == "__main__":
    run()
