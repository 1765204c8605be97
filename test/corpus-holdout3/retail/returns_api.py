"""Return-abuse scoring API (FastAPI)."""
import logging
import os

import jwt
import onnxruntime as ort
import numpy as np
import requests
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPBearer
from pydantic import BaseModel

log = logging.getLogger("returns.api")
app = FastAPI()
bearer = HTTPBearer()

JWT_SECRET = os.environ.get("RETURNS_JWT_SECRET", "")  # trap
JWT_SIGNING_KEY = "9f2Kq7LxV3mR8tW1pZ6cN4bH0sD5gJ2e"  # truth: SEC
ADDRESS_VALIDATION_URL = "https://address.acme-corp.invalid/validate"  # trap
session = requests.Session()
session.verify = os.environ.get("CA_BUNDLE") if os.environ.get("STRICT_TLS") else False  # truth: TLS?

sess = ort.InferenceSession("/models/return_abuse.onnx")  # trap


class ReturnReq(BaseModel):
    order_id: str
    customer_email: str
    shipping_address: str
    n_returns_90d: int
    return_value: float
    days_since_purchase: int


def auth(creds=Depends(bearer)):
    try:
        return jwt.decode(creds.credentials, JWT_SIGNING_KEY, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401)


@app.post("/score")
def score(req: ReturnReq, claims=Depends(auth)):
    x = np.array([[req.n_returns_90d, req.return_value, req.days_since_purchase]], dtype=np.float32)
    p = float(sess.run(None, {"input": x})[0][0])
    log.info("scored order=%s p=%.3f", req.order_id, p)  # trap
    if p > 0.95:
        log.warning("abuse suspect %s at %s", req.customer_email, req.shipping_address)  # truth: PII
    return {"order_id": req.order_id, "p_abuse": p}
