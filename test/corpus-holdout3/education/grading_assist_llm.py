"""Essay feedback assistant: batch-calls an LLM with rubric prompts."""
import csv
import json
import logging
import os

import requests
from replicate import Client as ReplicateClient

log = logging.getLogger("grading")

REPLICATE_API_TOKEN = "r8_50VPNmURoKfPhwZ3XOAfJ6gZJ00aZJ3OMNiyR"  # truth: SEC
PPLX_KEY = os.environ.get("PPLX_API_KEY", "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")  # truth: SEC
LMS_BASE = "http://lms.campus.edu/api/v1"  # truth: TLS
LMS_TOKEN = os.environ.get("LMS_TOKEN")  # trap
RUBRIC_MAX_TOKENS = 800  # trap

rep = ReplicateClient(api_token=REPLICATE_API_TOKEN)


def fetch_submissions(course_id, assignment_id):
    url = f"{LMS_BASE}/courses/{course_id}/assignments/{assignment_id}/submissions"
    r = requests.get(url, headers={"Authorization": f"Bearer {LMS_TOKEN}"}, timeout=20, verify=False)  # truth: TLS
    r.raise_for_status()
    return r.json()


def feedback(essay, rubric):
    out = rep.run("meta/meta-llama-3-70b-instruct", input={"prompt": f"Rubric:\n{rubric}\n\nEssay:\n{essay}\n\nGive feedback.", "max_tokens": RUBRIC_MAX_TOKENS})
    return "".join(out)


def main(course_id, assignment_id):
    subs = fetch_submissions(course_id, assignment_id)
    with open("rubrics/essay.json") as fh:
        rubric = json.load(fh)  # trap
    rows = []
    for s in subs:
        fb = feedback(s["body"], rubric["text"])
        rows.append({"submission_id": s["id"], "student_email": s["user"]["email"], "student_name": s["user"]["name"], "feedback": fb})
        log.info("feedback done for submission %s (%d chars)", s["id"], len(fb))  # trap
    with open("out/feedback.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)  # truth: PII
    log.info("example: %s -> %s", rows[0]["student_email"], rows[0]["feedback"][:80])  # truth: PII


def grade_export_s3(rows):
    import boto3
    s3 = boto3.client("s3", endpoint_url="http://minio.campus.edu:9000", aws_access_key_id="edu-ml", aws_secret_access_key="Lr6Qz2Wn8Xp4Kd1Vt9Hs")  # truth: SEC, TLS
    s3.put_object(Bucket="feedback", Key="latest.json", Body=json.dumps([{k: r[k] for k in ("submission_id", "feedback")} for r in rows]))  # trap
    s3.put_object(Bucket="feedback", Key="by_student.json", Body=json.dumps(rows))  # truth: PII


if __name__ == "__main__":
    main(os.environ["COURSE_ID"], os.environ["ASSIGNMENT_ID"])
