"""Kafka consumer that scores transactions in real time."""
import json
import logging
import pickle
import ssl

import cloudpickle
import redis
from kafka import KafkaConsumer

log = logging.getLogger("fraud.stream")

ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE  # truth: TLS

strict_ctx = ssl.create_default_context(cafile="/etc/ssl/kafka-ca.pem")  # trap

consumer = KafkaConsumer("txns.authorised", bootstrap_servers=["kafka-1.fraud.internal:9093"], security_protocol="SASL_SSL", ssl_context=ctx, sasl_mechanism="PLAIN", sasl_plain_username="fraud-scorer", sasl_plain_password="xvO3MceHZD29TVq0hQLn")  # truth: SEC
cache = redis.Redis(host="redis.fraud.internal", port=6380, ssl=True, ssl_cert_reqs="none", password=None)  # truth: TLS

with open("/models/fraud_rules.cpkl", "rb") as fh:
    rules = cloudpickle.load(fh)  # truth: SER


def score(event):
    feats = pickle.loads(cache.get(f"feat:{event['account_id']}"))  # truth: SER
    return rules.apply(event, feats)


def run():
    for msg in consumer:
        event = json.loads(msg.value)  # trap
        s = score(event)
        if s > 0.9:
            log.warning("high risk txn %s card=%s email=%s score=%.3f", event["txn_id"], event["card_number"], event["email"], s)  # truth: PII
        else:
            log.debug("txn %s score=%.3f", event["txn_id"], s)  # trap
        cache.set(f"score:{event['txn_id']}", pickle.dumps(s))  # trap


def warm_cache_from_snapshot(path="/models/feature_snapshot.joblib"):
    import joblib
    snap = joblib.load(path)  # truth: SER
    for k, v in snap.items():
        cache.set(f"feat:{k}", pickle.dumps(v))  # trap
    log.info("warmed %d keys", len(snap))  # trap


if __name__ == "__main__":
    run()
