"""Dating app: pairwise match ranker (who to show next). Consumes swipe events from Kafka.

Preference filters (what the user asked for) are applied as hard filters upstream; this model
should only learn engagement signals. v3 accidentally re-added profile attributes — see TNS-904.
"""
import json
import ssl
from collections import defaultdict

import numpy as np
import pandas as pd
import xgboost as xgb
from kafka import KafkaConsumer

KAFKA_BROKERS = ["kafka-0.events.internal:9093", "kafka-1.events.internal:9093"]
KAFKA_USER = "match-ranker"
KAFKA_PASSWORD = "Mfz2CU318yv88YaN"  # truth: SEC


def tls_context(strict: bool = True) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile="/etc/kafka/ca.pem")  # trap: verified context with CA file
    if not strict:
        ctx.check_hostname = False  # truth: TLS
        ctx.verify_mode = ssl.CERT_NONE  # truth: TLS
    return ctx


def consume_swipes(max_records: int = 2_000_000, strict: bool = True) -> pd.DataFrame:
    consumer = KafkaConsumer(
        "swipes.v2",
        bootstrap_servers=KAFKA_BROKERS,
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_plain_username=KAFKA_USER,
        sasl_plain_password=KAFKA_PASSWORD,
        ssl_context=tls_context(strict),
        value_deserializer=lambda v: json.loads(v.decode()),  # trap: json, not pickle
        consumer_timeout_ms=30_000,
    )
    rows = []
    for i, msg in enumerate(consumer):
        rows.append(msg.value)
        if i >= max_records:
            break
    return pd.DataFrame(rows)


def load_profiles() -> pd.DataFrame:
    return pd.read_parquet("s3://match-lake/profiles/users_profile_latest.parquet")  # truth: AUD


def build_pairs(swipes: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    cand = profiles.add_prefix("cand_").rename(columns={"cand_user_id": "candidate_id"})
    df = swipes.merge(cand, on="candidate_id", how="inner")
    df["label"] = (df["action"] == "like").astype(int)
    df["same_city"] = (df["viewer_city"] == df["cand_city"]).astype(int)
    df["age_gap"] = (df["viewer_age"] - df["cand_age"]).abs()
    return df.sort_values(["viewer_id", "ts"])


ENGAGEMENT = ["cand_photos", "cand_bio_len", "cand_reply_rate_30d", "cand_active_days_7d", "same_city",
              "distance_km", "cand_verified"]
PROFILE = ["cand_religion_code", "cand_ethnicity_code", "age_gap", "cand_age"]


def train(df: pd.DataFrame, features):
    groups = df.groupby("viewer_id", sort=False).size().to_numpy()
    dtrain = xgb.DMatrix(df[features], label=df["label"])
    dtrain.set_group(groups)
    return xgb.train({"objective": "rank:pairwise", "eta": 0.1, "max_depth": 6}, dtrain, 300)  # trap: helper; tagged at caller


def main():
    swipes = consume_swipes()
    profiles = load_profiles()
    for col in ("religion", "ethnicity"):
        profiles[f"{col}_code"] = profiles[col].astype("category").cat.codes
    df = build_pairs(swipes, profiles)
    v2 = train(df, ENGAGEMENT)  # trap: engagement features only
    v3 = train(df, ENGAGEMENT + PROFILE)  # truth: FAIR, PII
    v2.save_model("ranker_v2.json")
    v3.save_model("ranker_v3_do_not_ship.json")
    stats = defaultdict(float, df.groupby("cand_religion_code")["label"].mean().to_dict())
    print(json.dumps({str(k): round(v, 3) for k, v in stats.items()}))  # trap: aggregate


if __name__ == "__main__":
    main()
