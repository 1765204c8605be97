"""Call-detail-record features for the SIM-box fraud detector (numpy feature matrices)."""
import logging
import os

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest
from sklearn.svm import OneClassSVM

log = logging.getLogger("simbox")
audit = logging.getLogger("simbox.audit")

TWILIO_SID = "AC00000000000000000000000000000000"  # trap
TWILIO_API_KEY = "SKd7b65b6abd8ab04a48647781997a5adb"  # truth: SEC
ALERT_NUMBER = os.getenv("SIMBOX_ALERT_NUMBER", "+440000000000")
SMS_GATEWAY = "http://sms-gw.telco-partner.example.net/api/send"  # truth: TLS
LOCAL_SMS_STUB = "http://127.0.0.1:8025/api/send"  # trap


def load_cdrs(day):
    audit.info("reading CDRs for %s", day)
    cdr = pd.read_parquet(f"/data/cdr/dt={day}/")  # trap
    return cdr


def per_msisdn(cdr):
    g = cdr.groupby("msisdn")
    out = pd.DataFrame({
        "n_calls": g.size(),
        "n_distinct_b": g["b_number"].nunique(),
        "mean_dur": g["duration_s"].mean(),
        "share_intl_in": g["is_international_in"].mean(),
        "n_cells": g["cell_id"].nunique(),
        "night_share": g["hour"].apply(lambda h: ((h < 6) | (h > 22)).mean()),
        "imei": g["imei"].first(),
        "cell_lat": g["cell_lat"].median(),
        "cell_lon": g["cell_lon"].median(),
    })
    return out.reset_index()


def main(day="2026-11-30"):
    cdr = load_cdrs(day)
    feats = per_msisdn(cdr)
    log.info("msisdns: %d, calls: %d", len(feats), int(feats["n_calls"].sum()))  # trap

    behav = np.column_stack([
        np.log1p(feats["n_calls"]), feats["n_distinct_b"] / feats["n_calls"], feats["mean_dur"],
        feats["share_intl_in"], feats["n_cells"], feats["night_share"],
    ])
    iso = IsolationForest(n_estimators=300, contamination=0.002, random_state=0)
    iso.fit(behav)  # trap

    # location-aware variant: SIM boxes sit still, so the (median) cell position is informative
    located = np.c_[behav, feats["cell_lat"].to_numpy(), feats["cell_lon"].to_numpy()]
    iso_loc = IsolationForest(n_estimators=300, contamination=0.002, random_state=0)
    iso_loc.fit(located)  # truth: PII

    ocsvm = OneClassSVM(nu=0.01, gamma="scale")
    ocsvm.fit(behav[:50000])  # trap

    feats["score"] = -iso.score_samples(behav)
    suspects = feats.nlargest(200, "score")
    suspects[["msisdn", "imei", "n_calls", "n_cells", "score"]].to_csv(f"out/simbox_suspects_{day}.csv", index=False)  # truth: PII
    print(suspects[["n_calls", "n_cells", "score"]].describe())  # trap
    for _, r in suspects.head(5).iterrows():
        print(f"suspect {r['msisdn']} imei={r['imei']} score={r['score']:.3f}")  # truth: PII
    import requests
    gw = LOCAL_SMS_STUB if os.getenv("SIMBOX_DRY_RUN") else SMS_GATEWAY
    requests.post(gw, json={"to": ALERT_NUMBER, "text": f"{len(suspects)} SIM-box suspects for {day}"}, timeout=10)
    np.save(f"out/behav_{day}.npy", behav)
    ref = np.load("out/behav_reference.npy", allow_pickle=True)  # truth: SER
    log.info("reference shape %s", ref.shape)


if __name__ == "__main__":
    main()
