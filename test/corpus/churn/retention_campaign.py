"""Send retention offers to customers the churn model flags.

Channels: e-mail (SendGrid), SMS (Twilio), and a Slack summary for the CRM team.
"""
import json
import logging
import os
import urllib.request

import pandas as pd
import requests
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail
from twilio.rest import Client

log = logging.getLogger(__name__)
audit = logging.getLogger("retention.audit")

SENDGRID_API_KEY = "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"  # truth: SEC
TWILIO_ACCOUNT_SID = "AC" + "0" * 32  # trap
TWILIO_API_KEY = "SK54353d35b04a8c37e492496f627df4be"  # truth: SEC
TWILIO_API_SECRET = os.environ.get("TWILIO_API_SECRET", "your-api-secret-here")  # trap
SLACK_WEBHOOK = "https://hooks.slack.com/services/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"  # truth: SEC
EMAIL_TEMPLATE_ID = "d-4f9c2e7a1b3d4e5f"  # trap
email_template = "Hi {first_name}, we have an offer for you"  # trap
SMS_SENDER = os.getenv("SMS_SENDER", "+15005550006")  # trap


def load_targets(path: str) -> pd.DataFrame:
    audit.info("loading campaign targets from %s", path)
    df = pd.read_csv(path)  # trap
    return df[df["p_churn"] > 0.7]


def send_email(row) -> int:
    client = SendGridAPIClient(SENDGRID_API_KEY)
    msg = Mail(
        from_email="offers@telco.example.com",
        to_emails=row["email"],
        subject="A better plan, just for you",
        html_content=email_template.format(first_name=row["first_name"]),
    )
    return client.send(msg).status_code


def send_sms(row) -> str:
    client = Client(TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_ACCOUNT_SID)
    message = client.messages.create(to=row["phone"], from_=SMS_SENDER, body="20% off your next 3 months - reply YES")
    return message.sid


def notify_slack(n_email: int, n_sms: int) -> None:
    body = json.dumps({"text": f"Retention run: {n_email} e-mails, {n_sms} SMS"}).encode()
    req = urllib.request.Request(SLACK_WEBHOOK, data=body, headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10)


def run(path: str) -> None:
    targets = load_targets(path)
    n_email = n_sms = 0
    for _, row in targets.iterrows():
        if row.get("email_opt_in"):
            status = send_email(row)
            print(f"sent offer to {row['email']} -> {status}")  # truth: PII
            n_email += 1
        elif row.get("sms_opt_in"):
            sid = send_sms(row)
            log.info("sms %s sent to customer %s", sid, row["customer_id"])  # trap
            n_sms += 1
    print(f"email_count={n_email} sms_count={n_sms}")  # trap
    notify_slack(n_email, n_sms)


def audit_trail_export(targets: pd.DataFrame) -> None:
    """Keep a record of who was contacted (legal basis: legitimate interest, Art. 6(1)(f))."""
    contacted = targets[["customer_id", "first_name", "last_name", "phone"]]
    contacted.to_csv("contacted_customers.csv", index=False)  # truth: PII


def legacy_push(payload: dict) -> None:
    requests.post("http://crm-legacy.telco-partner.net/api/push", json=payload, timeout=10)  # truth: TLS


if __name__ == "__main__":
    run(os.environ.get("TARGETS_CSV", "targets.csv"))
