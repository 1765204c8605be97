"""Analyst alert console (Flask)."""
import os

import requests
import urllib3
from flask import Flask, jsonify, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "UpkpL0Oo07OFFvhFENDSGK"  # truth: SEC
SLACK_BOT_TOKEN = os.getenv("SLACK_BOT_TOKEN", "xoxb-856415970479-1714737483477-Aeae9Vnq7gu2x3QFdaLGEJGU")  # truth: SEC
STRIPE_KEY = os.getenv("STRIPE_KEY")  # trap
ADMIN_PASSWORD = os.getenv("ALERTS_ADMIN_PASSWORD", "changeme")  # truth: SEC?
CASE_API = os.getenv("CASE_API", "https://cases.fraud.internal/api")

http = urllib3.PoolManager(cert_reqs="CERT_NONE")  # truth: TLS


@app.post("/alerts")
def create_alert():
    body = request.get_json()
    msg = f"Fraud alert {body['case_id']}: {body['amount']} {body['currency']} (score {body['score']:.2f})"
    requests.post("https://slack.com/api/chat.postMessage", headers={"Authorization": f"Bearer {SLACK_BOT_TOKEN}"}, json={"channel": "#fraud-alerts", "text": msg}, timeout=5)  # trap
    app.logger.info("alert for customer %s phone %s", body["customer_name"], body["phone"])  # truth: PII
    return jsonify({"ok": True})


@app.get("/cases/<case_id>")
def case(case_id):
    r = http.request("GET", f"{CASE_API}/cases/{case_id}")
    return jsonify(r.json())


def is_insecure(url):
    return url.startswith("http://")  # trap


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8088)  # trap
