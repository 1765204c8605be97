"""Mirror model artifacts between the training account and the serving account.

boto3 for S3, a MinIO gateway for the on-prem scoring cluster, and the GitHub release
for the model card.
"""
import hashlib
import logging
import os
import tarfile

import boto3
import dill
import requests
from botocore.config import Config
from minio import Minio

log = logging.getLogger("artifact_sync")
audit = logging.getLogger("artifact_sync.audit")

SRC = boto3.client(
    "s3",
    aws_access_key_id="AKIAPMJPZKJJQOZNIYIZ",  # truth: SEC
    aws_secret_access_key="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",  # truth: SEC
    region_name="eu-west-1",
)
DST = boto3.client("s3", config=Config(retries={"max_attempts": 5}))  # trap
ONPREM = Minio(
    "minio.scoring-dc2.example.internal:9000",
    access_key="minioadmin",  # truth: SEC?
    secret_key=os.environ.get("MINIO_SECRET_KEY", "minioadmin"),  # truth: SEC?
    secure=False,  # truth: TLS?
)
LOCAL_MINIO = Minio("localhost:9000", access_key="minioadmin", secret_key="minioadmin", secure=False)  # trap
GITHUB_TOKEN = "ghp_26YyvXyreg5duO7BGaWDVCPHwqqqjVvlmsgT"  # truth: SEC
AWS_SECRET_NAME = "prod/ml/artifact-sync"  # trap
RELEASE_VERIFY_KEY_PEM = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----\n"  # trap
SIGNING_KEY_PEM = "-----BEGIN RSA PRIVATE KEY-----\n20Qx1K67YP688yvhZehHO40eJSuikxVvsmVsHhz9qh3XfIP6QLy0PFODJ0wVT15F\nFZlwaQCfQ1C8AGEUXna8aYGQuGBaTxRS+3/Pago4PU4oF+DmPkfa7hNOUB3lh95N\nHRhewcGietOoKLyMtXMl42t+4rYMLyDQhY53VnxUcIhY5HbLLy1zrHt6oyKWE7ji\nogZGE4diWEZD3/aldtXMuWmc8F6TN20aCxIc52XXwj0CLUzqRo8P+9glYmmhQwTc\n-----END RSA PRIVATE KEY-----\n"  # truth: SEC


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def pull(bucket, key, dest):
    audit.info("download s3://%s/%s", bucket, key)
    SRC.download_file(bucket, key, dest)
    return dest


def verify_feature_fn(path):
    audit.info("loading feature transform %s for signature check", path)
    with open(path, "rb") as fh:
        fn = dill.load(fh)  # truth: SER
    return callable(fn)


def push_all(model, version):
    key = f"{model}/{version}/model.tar.gz"
    local = pull("ml-train-artifacts", key, f"/tmp/{model}-{version}.tar.gz")
    digest = sha256(local)
    with tarfile.open(local) as tf:
        tf.extractall("/tmp/extract")
    verify_feature_fn("/tmp/extract/feature_fn.dill")
    DST.upload_file(local, "ml-serving-artifacts", key, ExtraArgs={"Metadata": {"sha256": digest}})
    ONPREM.fput_object("models", key, local)
    log.info("synced %s v%s sha256=%s", model, version, digest)  # trap
    requests.post(
        f"https://api.github.com/repos/acme/model-cards/releases",
        headers={"Authorization": f"token {GITHUB_TOKEN}"},
        json={"tag_name": f"{model}-v{version}", "name": f"{model} v{version}"},
        timeout=30,
    )


if __name__ == "__main__":
    push_all(os.environ["MODEL_NAME"], os.environ["MODEL_VERSION"])
