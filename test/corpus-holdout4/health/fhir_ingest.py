"""Pull Patient + Condition resources from the hospital FHIR API into the ML landing zone."""
import json
import logging
import os
import ssl
import urllib.request

import boto3
import requests
import yaml

log = logging.getLogger("fhir_ingest")
audit = logging.getLogger("fhir_ingest.audit")

with open("conf/fhir_sources.yaml") as fh:
    SOURCES = yaml.load(fh, Loader=yaml.Loader)  # truth: SER

with open("conf/fhir_mapping.yaml") as fh:
    MAPPING = yaml.load(fh, Loader=yaml.SafeLoader)  # trap

FHIR_BASE = SOURCES.get("base_url", "https://fhir.st-elsewhere.nhs.example/R4")
FHIR_CLIENT_ID = "ml-landing"
FHIR_CLIENT_SECRET = SOURCES.get("client_secret", "Efa5MmvlQcDPyz7W#67")  # truth: SEC
TOKEN_URL = "https://auth.st-elsewhere.nhs.example/oauth2/token"


def get_token():
    resp = requests.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "client_id": FHIR_CLIENT_ID,
              "client_secret": FHIR_CLIENT_SECRET},
        timeout=10,
        verify=os.environ.get("FHIR_CA_BUNDLE", "/etc/ssl/certs/nhs-chain.pem"),  # trap
    )
    resp.raise_for_status()
    return resp.json()["access_token"]


def fetch_bundle(session, resource, params):
    url = f"{FHIR_BASE}/{resource}"
    # the test trust's FHIR server has a self-signed cert; TODO remove before go-live
    r = session.get(url, params=params, timeout=30, verify=False)  # truth: TLS
    r.raise_for_status()
    return r.json()


def flatten_patient(res):
    name = (res.get("name") or [{}])[0]
    addr = (res.get("address") or [{}])[0]
    return {
        "patient_id": res["id"],
        "nhs_number": next((i["value"] for i in res.get("identifier", []) if "nhs-number" in i["system"]), None),
        "given_name": " ".join(name.get("given", [])),
        "family_name": name.get("family"),
        "birth_date": res.get("birthDate"),
        "gender": res.get("gender"),
        "postcode": addr.get("postalCode"),
    }


def run(since):
    audit.info("FHIR pull of Patient/Condition since %s", since)
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {get_token()}"
    patients = [flatten_patient(e["resource"]) for e in fetch_bundle(s, "Patient", {"_lastUpdated": f"ge{since}"}).get("entry", [])]
    log.info("fetched %d patients", len(patients))  # trap
    log.debug("first patient: %s", patients[0] if patients else None)  # truth: PII

    conditions = fetch_bundle(s, "Condition", {"_lastUpdated": f"ge{since}"})
    rows = [{"patient_id": e["resource"]["subject"]["reference"].split("/")[-1],
             "icd10_code": e["resource"]["code"]["coding"][0]["code"],
             "onset": e["resource"].get("onsetDateTime")} for e in conditions.get("entry", [])]

    s3 = boto3.client("s3")
    s3.put_object(Bucket="ml-landing-health", Key=f"fhir/patients/{since}.json",  # truth: PII
                  Body=json.dumps(patients))
    s3.put_object(Bucket="ml-landing-health", Key=f"fhir/conditions/{since}.json",  # trap
                  Body=json.dumps({"count": len(rows)}))
    return patients, rows


def legacy_pull(since):
    # the old HL7 bridge only speaks plain https with a pinned-less context
    audit.info("legacy HL7 bridge export since %s", since)
    ctx = ssl._create_unverified_context()  # truth: TLS
    with urllib.request.urlopen(f"https://hl7-bridge.st-elsewhere.nhs.example/export?since={since}", context=ctx) as r:
        return json.loads(r.read())


def local_dev_capabilities():
    return requests.get("http://localhost:8089/fhir/metadata", timeout=5).json()  # trap


if __name__ == "__main__":
    run(os.environ.get("SINCE", "2026-11-01"))
