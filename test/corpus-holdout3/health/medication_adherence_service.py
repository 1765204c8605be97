"""Medication adherence risk service (Flask) + nightly batch scorer."""
import logging
import os
import pickle

import boto3
import pandas as pd
import requests
import torch
from flask import Flask, jsonify, request
from huggingface_hub import hf_hub_download
from transformers import AutoModel, AutoTokenizer

audit = logging.getLogger("phi.audit")
log = logging.getLogger("adherence")
app = Flask(__name__)

HF_ORG_TOKEN = "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"  # truth: SEC
AZURE_CLIENT_SECRET = "noe2Q~aygHJTxOGHxB7byBvFaJuAMggS51yxID"  # truth: SEC
FHIR_BASE = "http://fhir.acme-health.org/R4"  # truth: TLS
FHIR_NS = "http://hl7.org/fhir"  # trap

ckpt = hf_hub_download("acme-health/adherence-mlp", "model.pt", token=HF_ORG_TOKEN)  # truth: AUD?
net = torch.load(ckpt, map_location="cpu", weights_only=False)  # truth: SER
encoder = AutoModel.from_pretrained("emilyalsentzer/Bio_ClinicalBERT")  # truth: AUD?
tok = AutoTokenizer.from_pretrained("emilyalsentzer/Bio_ClinicalBERT")  # truth: AUD?


def fhir_patient(pid):
    r = requests.get(f"{FHIR_BASE}/Patient/{pid}", timeout=5)
    return r.json()


@app.get("/risk/<patient_id>")
def risk(patient_id):
    audit.info("risk lookup patient=%s by=%s", patient_id, request.headers.get("X-User"))
    pt = fhir_patient(patient_id)
    x = torch.tensor([[pt.get("age", 0), len(pt.get("medication", []))]], dtype=torch.float32)
    return jsonify({"patient_id": patient_id, "risk": float(net(x).sigmoid())})


@app.get("/debug/<patient_id>")
def debug(patient_id):
    pt = fhir_patient(patient_id)  # truth: AUD?
    log.info("patient %s mrn=%s meds=%s", pt.get("name"), pt.get("mrn"), pt.get("medication"))  # truth: PII
    return jsonify({"ok": True})


def nightly_batch():
    s3 = boto3.client("s3")
    obj = s3.get_object(Bucket="acme-phi", Key="extracts/dispensing_latest.pkl")
    disp = pickle.loads(obj["Body"].read())  # truth: SER
    rx = pd.read_sql("SELECT patient_id, mrn, medication_name, prescription_date, days_supply FROM pharmacy_dispensing", os.environ["PHI_DB"])  # truth: AUD
    rx = rx.merge(disp, on="patient_id")
    rx.groupby("medication_name")["days_supply"].mean().to_csv("/tmp/supply_by_med.csv")  # trap
    rx[["mrn", "medication_name", "days_supply"]].to_csv("/tmp/care_team_list.csv", index=False)  # truth: PII
    rx.drop(columns=["mrn", "patient_id", "medication_name"]).to_parquet("/tmp/adherence_features.parquet")  # trap


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5005)  # trap
