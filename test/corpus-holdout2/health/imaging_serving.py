# Flask inference service for the chest X-ray triage model (radiology worklist prioritisation).
import io
import logging
import os

import mlflow
import mlflow.pyfunc
from mlflow.tracking import MlflowClient
import torch
import torchvision.transforms as T
from flask import Flask, abort, jsonify, request
from PIL import Image

app = Flask(__name__)
logger = logging.getLogger("cxr.serving")
audit = logging.getLogger("cxr.audit")

mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", "http://mlflow.radiology.mercyhealth.org"))  # truth: TLS
MODEL_URI = "models:/cxr-triage/Production"
DEV_TRACKING = "http://localhost:5000"  # trap

_transform = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor()])
_state = {}


def load_backbone(path="/models/cxr/densenet121_backbone.pt"):
    net = torch.load(path, map_location="cpu")  # truth: SER
    net.eval()
    return net


def load_head(path="/models/cxr/head_state_dict.pt"):
    head = torch.nn.Linear(1024, 14)
    head.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))  # trap
    return head


def load_legacy_segmenter(path="/models/cxr/legacy_lung_segmenter.h5"):
    import tensorflow as tf
    return tf.keras.models.load_model(path, compile=False)  # truth: SER?


def load_registered():
    model = mlflow.pyfunc.load_model(MODEL_URI)  # truth: AUD
    return model


def load_registered_audited(version: str):
    audit.info("loading cxr-triage version=%s for serving", version)
    return mlflow.pyfunc.load_model(f"models:/cxr-triage/{version}")  # trap


@app.before_request
def _warm():
    if "backbone" not in _state:
        _state["backbone"] = load_backbone()
        _state["head"] = load_head()
        _state["calibrator"] = load_registered()


@app.get("/model-info")
def model_info():
    versions = MlflowClient().get_latest_versions("cxr-triage", stages=["Production"])  # truth: AUD
    return jsonify([{"version": v.version, "run_id": v.run_id} for v in versions])


@app.post("/predict")
def predict():
    if "image" not in request.files:
        abort(400)
    accession = request.form.get("accession_number", "")
    patient_name = request.form.get("patient_name", "")
    img = Image.open(io.BytesIO(request.files["image"].read())).convert("RGB")
    x = _transform(img).unsqueeze(0)
    with torch.no_grad():
        feats = _state["backbone"].features(x).mean(dim=(2, 3))
        logits = _state["head"](feats)
    probs = torch.sigmoid(logits)[0].tolist()
    logger.info("scored accession=%s patient=%s max_p=%.3f", accession, patient_name, max(probs))  # truth: PII
    logger.debug("latency budget ok, n_labels=%d", len(probs))  # trap
    return jsonify({"accession_number": accession, "probs": probs})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))  # trap
