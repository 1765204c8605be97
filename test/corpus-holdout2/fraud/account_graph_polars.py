# Account-takeover detection: shared-attribute graph features in polars, plus a small sklearn model.
from datetime import date
import logging

import dill
import polars as pl
from sklearn.ensemble import ExtraTreesClassifier

logger = logging.getLogger("ato.graph")

IP_REPUTATION_URL = "http://iprep.fraudintel-partner.com/v1/lookup"  # truth: TLS
SHARED_KEYS = ("phone_number", "device_id", "ip_address")
max_accounts_per_device = 3  # trap


def ip_reputation(ips: list[str]) -> dict:
    import requests
    resp = requests.post(IP_REPUTATION_URL, json={"ips": ips}, timeout=15)
    return resp.json()


def load_accounts(path: str) -> pl.DataFrame:
    return pl.read_csv(path, try_parse_dates=True)  # truth: AUD?


def shared_counts(accounts: pl.DataFrame, logins: pl.DataFrame) -> pl.DataFrame:
    joined = logins.join(accounts.select("account_id", "phone_number"), on="account_id", how="left")
    out = accounts.select("account_id")
    for key in SHARED_KEYS:
        cnt = joined.group_by(key).agg(pl.col("account_id").n_unique().alias(f"n_accounts_per_{key}"))
        per_acct = joined.join(cnt, on=key).group_by("account_id").agg(pl.col(f"n_accounts_per_{key}").max())
        out = out.join(per_acct, on="account_id", how="left")
    return out.fill_null(0)


def enrich(accounts: pl.DataFrame) -> pl.DataFrame:
    today = date.today()
    return accounts.with_columns(
        ((pl.lit(today) - pl.col("date_of_birth")).dt.total_days() // 365).alias("holder_age"),
        pl.col("email").str.split("@").list.last().alias("email_domain"),
        pl.col("n_emails_sent").clip(0, 500).alias("n_emails_sent"),
    )


def export_selfie_matches(kyc: pl.DataFrame, out_path: str) -> None:
    """Pairs of accounts whose KYC selfies are near-duplicates, for the investigations team."""
    emb = kyc.select("account_id", "face_embedding", "document_number")
    pairs = emb.join(emb, how="cross", suffix="_other").filter(pl.col("account_id") < pl.col("account_id_other"))
    pairs.write_ndjson(out_path)  # truth: PII


def main():
    accounts = enrich(load_accounts("/data/ato/accounts.csv"))
    logins = pl.read_parquet("/data/ato/logins_30d.parquet")
    feats = accounts.join(shared_counts(accounts, logins), on="account_id")

    logger.info("email domains: %s", feats["email_domain"].value_counts().head(10))  # trap
    logger.info("n_emails_sent p95=%s", feats["n_emails_sent"].quantile(0.95))  # trap

    cols = ["holder_age", "account_age_days", "n_emails_sent", "n_password_resets_7d"] + [
        f"n_accounts_per_{k}" for k in SHARED_KEYS
    ]
    X = feats.select(cols).to_numpy()
    y = feats["is_ato"].to_numpy()
    clf = ExtraTreesClassifier(n_estimators=400, min_samples_leaf=10, n_jobs=-1)
    clf.fit(X, y)  # truth: FAIR

    with open("/models/ato/label_propagation.dill", "rb") as fh:
        propagator = dill.load(fh)  # truth: SER
    feats = feats.with_columns(pl.Series("graph_score", propagator.score(feats["account_id"].to_list())))

    review = feats.filter(pl.col("graph_score") > 0.9).select("account_id", "email", "phone_number", "graph_score")
    review.write_csv("/shared/ato_review/queue.csv")  # truth: PII
    print(review.select(pl.len()))  # trap
    feats.select("account_id", "graph_score").write_parquet("/data/ato/scores.parquet")  # trap
    export_selfie_matches(pl.read_parquet("/data/kyc/selfies.parquet"), "/shared/ato_review/selfie_pairs.ndjson")  # truth: AUD?


if __name__ == "__main__":
    main()
