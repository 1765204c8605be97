import hashlib
import hmac
import json
import logging
import os
import pickle

import cloudpickle
import dill
import redis
import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
log = logging.getLogger("fraud.alerts")

SLACK_WEBHOOK = "https://hooks.slack.com/services/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"  # truth: SEC
SLACK_BOT_TOKEN = os.environ["SLACK_BOT_TOKEN"]  # trap: env lookup
PEPPER = os.environ["ALERT_HMAC_KEY"].encode()
CASE_API = "http://case-mgmt.fraudops.example.com/api/cases"  # truth: TLS
REDIS_URL = "redis://:sIxFC4nIxVgwlGkl@fraud-cache.prod:6379/0"  # truth: SEC

cache = redis.Redis.from_url(REDIS_URL)
app.config["SECRET_KEY"] = "8#d3emg5seVZH2PU1yUR5C^1W6fuV*pn"  # truth: SEC
app.config["SESSION_COOKIE_NAME"] = "fraud_session"  # trap: cookie name, not a secret


def _rules():
    blob = cache.get("fraud:rules:v7")
    return pickle.loads(blob) if blob else []  # truth: SER


def _scorer():
    with open("/srv/models/velocity_scorer.cloudpickle", "rb") as fh:
        return cloudpickle.load(fh)  # truth: SER, AUD


def _feature_fn():
    with open("/srv/app/feature_fn.dill", "rb") as fh:
        return dill.load(fh)  # truth: SER


def pseudonym(value: str) -> str:
    return hmac.new(PEPPER, value.encode(), hashlib.sha256).hexdigest()


@app.post("/alert")
def alert():
    evt = request.get_json(force=True)
    if not evt or "card_number" not in evt:
        abort(400)
    score = _scorer()(_feature_fn()(evt))
    if score < 0.8:
        return jsonify({"alert": False})
    hit = {"card_ref": pseudonym(evt["card_number"]), "amount": evt["amount"], "score": score,
           "mcc": evt.get("mcc")}
    log.warning("fraud alert %s", json.dumps(hit))  # trap: card number replaced by keyed HMAC
    requests.post(SLACK_WEBHOOK, json={"text": f"Fraud alert {hit['card_ref'][:12]} score={score:.2f}"}, timeout=5)  # trap: pseudonymous reference only
    digest = hashlib.md5(evt["email"].encode()).hexdigest()
    log.info("customer=%s device=%s", digest, evt.get("device_id"))  # truth: PII
    requests.post(CASE_API, json={**hit, "cardholder_email": evt["email"]}, timeout=5)
    return jsonify({"alert": True, "ref": hit["card_ref"]})


@app.get("/rules")
def rules():
    return jsonify([r.name for r in _rules()])


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.getenv("PORT", "8080")))  # trap: loopback bind
