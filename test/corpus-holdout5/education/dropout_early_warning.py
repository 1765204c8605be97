"""Early-warning model for students at risk of dropping out (Dagster assets)."""
import json
import os

import pandas as pd
from dagster import AssetExecutionContext, Definitions, asset
from google.cloud import storage
from google.oauth2 import service_account
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SERVICE_ACCOUNT_INFO = {
    "type": "service_account",
    "project_id": "district-analytics-prod",
    "private_key_id": "08bd4ce11a513798fcfc5c1f702640db7ba53a1b",  # trap: key id, the key is on the next line
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASClDcWsL7JzqkILcFWaNXQLYUjcAwZBM8s\nigorhpJnxHGJToMJ4N0Ix0r7m/NNOtnJuvURmG3p8M9fyE6IBBZcPofp5C63iuge\n2bgE92q0sN1FxKMdFFVwohLWL3AdRoOPdbCB/Feb9EZyFv6XE3nJiJYvaaTF+SxR\nyOrzFBw7Tlmt6rr9zYXldltYLKeqlcKWVwJld+fx3VIWwkQnuTyg/ZogLxiJLvM0\nZ5CFv7NqegXgDHdXTVwZK8O3VyFCqzwXDu3m2QAZMkQu1UYcB82syn3hegcMT1vH\npuabY11NaQPPGT+2TZdz5sHtdXx65kpWq8WRpScIT5o6e86bi6Zdpykv9Hh25xA/\nzIBE4QN91du6VbfIAI8mYdU7u8wknqWgTymfXYb1pKnYG7NWdKqUYaEGobJL+Ud6\n-----END PRIVATE KEY-----\n",  # truth: SEC
    "client_email": "ews-pipeline@district-analytics-prod.iam.gserviceaccount.com",
    "token_uri": "https://oauth2.googleapis.com/token",
}
BUCKET = "district-ews-exports"
SIS_EXPORT = "/data/sis/students_enrolment_2024.csv"

ACADEMIC = ["gpa_prev_term", "credits_attempted", "credits_earned", "attendance_rate", "n_course_failures"]
BEHAVIOUR = ["n_suspensions", "n_tardies", "lms_logins_30d"]
CONTEXT = ["free_school_meals", "ethnicity", "english_learner", "special_ed_status", "gender"]


def fit_model(X: pd.DataFrame, y: pd.Series):
    scaler = StandardScaler().fit(X)
    clf = LogisticRegression(max_iter=500, class_weight="balanced")
    clf.fit(scaler.transform(X), y)
    return scaler, clf


@asset
def students(context: AssetExecutionContext) -> pd.DataFrame:
    df = pd.read_csv(SIS_EXPORT, dtype={"student_number": str})  # truth: AUD
    context.log.info(f"loaded {len(df)} students")  # trap: count
    return df


@asset
def features(students: pd.DataFrame) -> pd.DataFrame:
    df = students.copy()
    df["credit_ratio"] = df["credits_earned"] / df["credits_attempted"].clip(lower=1)
    df = pd.get_dummies(df, columns=["ethnicity", "gender", "special_ed_status"], dtype=int)
    return df


@asset
def ews_model(context: AssetExecutionContext, features: pd.DataFrame):
    ctx_cols = [c for c in features.columns if c.startswith(("ethnicity_", "gender_", "special_ed_status_"))]
    cols = ACADEMIC + BEHAVIOUR + ["credit_ratio", "free_school_meals", "english_learner"] + ctx_cols
    X, y = features[cols], features["dropped_out_next_year"]
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=3)
    scaler, clf = fit_model(X_tr, y_tr)  # truth: FAIR, PII
    acad_only = ACADEMIC + BEHAVIOUR + ["credit_ratio"]
    scaler2, clf2 = fit_model(X_tr[acad_only], y_tr)  # trap: academic features only
    context.log.info(f"acc full={clf.score(scaler.transform(X_te), y_te):.3f} "
                     f"acad={clf2.score(scaler2.transform(X_te[acad_only]), y_te):.3f}")
    return {"scaler": scaler2, "clf": clf2, "cols": acad_only}


@asset
def risk_list(context: AssetExecutionContext, features: pd.DataFrame, ews_model) -> str:
    m = ews_model
    out = features[["student_number", "student_name", "school_code", "grade_level"]].copy()
    out["risk"] = m["clf"].predict_proba(m["scaler"].transform(features[m["cols"]]))[:, 1]
    out = out.sort_values("risk", ascending=False)
    creds = service_account.Credentials.from_service_account_info(SERVICE_ACCOUNT_INFO)
    blob = storage.Client(credentials=creds, project=SERVICE_ACCOUNT_INFO["project_id"]).bucket(BUCKET).blob("risk_list.csv")
    blob.upload_from_string(out.to_csv(index=False), content_type="text/csv")  # truth: PII
    counselor_view = out.drop(columns=["student_name"]).head(200)
    context.log.info(counselor_view.to_json(orient="records"))  # trap: name dropped, internal number kept
    return f"gs://{BUCKET}/risk_list.csv"


defs = Definitions(assets=[students, features, ews_model, risk_list])
