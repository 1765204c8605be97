"""Probabilistic linkage of the 2025 survey to the population register."""
import hashlib
import hmac
import logging
import os

import pandas as pd
import recordlinkage
from cryptography.fernet import Fernet

audit = logging.getLogger("stats.audit")
log = logging.getLogger(__name__)

LINK_KEY = os.environ["LINKAGE_HMAC_KEY"].encode()  # trap
fernet = Fernet(os.environ["REGISTER_FERNET_KEY"])  # trap
REGISTER_API_KEY = "AIzaGsRZOyWYKOtTKWIpiF-BaxmtQSWYgLLwhVj"  # truth: SEC


def keyed(v):
    return hmac.new(LINK_KEY, str(v).encode(), hashlib.sha256).hexdigest()


def load_register(conn):
    audit.info("register extract for linkage project SURV-25")
    return pd.read_sql("SELECT person_id, given_name, surname, date_of_birth, postcode, sex FROM population_register", conn)  # trap


def load_survey(path):
    return pd.read_csv(path)  # truth: AUD?


def link(reg, srv):
    idx = recordlinkage.Index()
    idx.block("postcode")
    pairs = idx.index(reg, srv)
    cmp = recordlinkage.Compare()
    cmp.string("surname", "surname", method="jarowinkler", threshold=0.9)
    cmp.exact("date_of_birth", "date_of_birth")
    feats = cmp.compute(pairs, reg, srv)
    return feats[feats.sum(axis=1) >= 2].reset_index()


def main():
    reg = load_register(os.environ["REGISTER_DB"])
    srv = load_survey("data/survey_2025.csv")
    matches = link(reg, srv)
    log.info("linked %d of %d survey records", len(matches), len(srv))  # trap
    out = matches.merge(reg[["person_id"]], left_on="level_0", right_index=True)
    out["person_key"] = out["person_id"].map(keyed)
    out.drop(columns=["person_id"]).to_parquet("out/linkage_keys.parquet")  # trap
    srv["phone_enc"] = srv["phone"].map(lambda p: fernet.encrypt(p.encode()).decode())
    srv.drop(columns=["phone", "email", "full_name"]).to_parquet("out/survey_clean.parquet")  # trap
    srv[["respondent_id", "email", "full_name"]].to_csv("out/followup_contacts.csv", index=False)  # truth: PII
    log.debug("unmatched example: %s %s", srv.iloc[0]["full_name"], srv.iloc[0]["date_of_birth"])  # truth: PII


if __name__ == "__main__":
    main()
