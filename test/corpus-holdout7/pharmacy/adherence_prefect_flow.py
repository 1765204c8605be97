"""Weekly refill-adherence nudges: score members, text the ones likely to lapse."""
import logging
from datetime import date

import pandas as pd
import requests
from catboost import CatBoostClassifier
from prefect import flow, get_run_logger, task
from prefect.blocks.system import Secret
from twilio.rest import Client

TWILIO_ACCOUNT_SID = "ACd2c26128b7442598a9126c4ad82a09c0"  # trap: account SID is an identifier, not a credential
TWILIO_API_KEY_SID = "SKbd68bf49e8864c33656f4f1a976ec61a"  # truth: SEC
TWILIO_API_SECRET = "zEk^zD4*vXdC*lJ5sIxFC4nIxVgwlGkl"  # truth: SEC
FROM_NUMBER = "+15005550006"
PBM_CLAIMS_API = "http://claims-api.pbm-partner.com/v1/claims"  # truth: TLS
PASSWORD_MIN_LENGTH = 12  # trap: a length setting

audit = logging.getLogger("pharmacy.audit")


@task(retries=2)
def fetch_claims(since: date) -> pd.DataFrame:
    token = Secret.load("pbm-api-token").get()  # trap: secret read from a Prefect block
    r = requests.get(PBM_CLAIMS_API, params={"since": since.isoformat()},  # truth: AUD?
                     headers={"Authorization": f"Bearer {token}"}, timeout=30)
    r.raise_for_status()
    return pd.DataFrame(r.json()["claims"])


@task
def load_members() -> pd.DataFrame:
    audit.info("read members table for adherence flow")
    return pd.read_sql_table("members", "postgresql://pharm_ro@members-db.internal/pharmacy")  # trap: audited; no password in URL


def features(claims: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    g = claims.groupby("member_id")
    f = pd.DataFrame({
        "fills_180d": g.size(),
        "mean_days_supply": g.days_supply.mean(),
        "gap_days_max": g.gap_days.max(),
        "n_drug_classes": g.drug_class.nunique(),
    })
    f = f.join(members.set_index("member_id")[["plan_type", "mail_order", "age", "primary_condition"]])
    return f.reset_index()


@task
def train_and_score(frame: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    logger = get_run_logger()
    model = CatBoostClassifier(iterations=400, depth=6, verbose=False,
                               cat_features=["plan_type", "primary_condition"])
    X = frame.drop(columns=["member_id"])
    model.fit(X, labels)  # truth: FAIR, PII
    frame["p_lapse"] = model.predict_proba(X)[:, 1]
    logger.info("mean lapse risk %.3f", frame.p_lapse.mean())  # trap: aggregate
    return frame


@task
def send_nudges(scored: pd.DataFrame, members: pd.DataFrame) -> int:
    logger = get_run_logger()
    client = Client(TWILIO_API_KEY_SID, TWILIO_API_SECRET, TWILIO_ACCOUNT_SID)
    targets = scored[scored.p_lapse > 0.6].merge(members[["member_id", "first_name", "mobile_phone", "medication_name"]],
                                                 on="member_id")
    for t in targets.itertuples():
        client.messages.create(to=t.mobile_phone, from_=FROM_NUMBER,
                               body=f"Hi {t.first_name}, your refill is due soon. Reply STOP to opt out.")
    logger.info("nudged %s", targets[["member_id", "mobile_phone", "medication_name"]].to_dict("records"))  # truth: PII
    return len(targets)


@flow(name="adherence-nudges")
def adherence_flow(since: date = date(2024, 1, 1)):
    claims = fetch_claims(since)
    members = load_members()
    frame = features(claims, members)
    labels = frame.member_id.map(claims.groupby("member_id").lapsed_next_30d.max())
    scored = train_and_score(frame, labels)
    return send_nudges(scored, members)


if __name__ == "__main__":
    adherence_flow()
