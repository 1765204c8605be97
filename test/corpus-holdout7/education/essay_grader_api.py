"""Automated essay feedback — calls an LLM, caches rubric embeddings."""
import json
import logging
import os
from functools import lru_cache

import numpy as np
from fastapi import Depends, FastAPI, Header, HTTPException
from openai import OpenAI
from pydantic import BaseModel

log = logging.getLogger("essay.api")

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])  # trap: key from environment
FALLBACK_KEY = "sk-proj-pmiQyGCNp7yOd4XBa6lcisnXW0ZQkUBTbl0mx97PcLfhVp23T3BlbkFJ28ynEcSitpyDM-p4D6P4GrVRGQ0EO4ZIwn3X-IK2LOWmDmsC"  # truth: SEC
MODEL = "gpt-4o-mini"
MAX_TOKENS = 800  # trap: generation limit
RUBRIC_VERSION = "2024-09"
INTERNAL_TOKEN_HEADER = "X-Internal-Token"  # trap: header name

app = FastAPI()


class Essay(BaseModel):
    submission_id: str
    course_id: str
    prompt_id: str
    text: str


def check_caller(x_internal_token: str = Header(...)):
    if x_internal_token != os.environ.get("ESSAY_INTERNAL_TOKEN"):  # trap: compared with env value
        raise HTTPException(status_code=401)


@lru_cache(maxsize=8)
def rubric_vectors(prompt_id: str) -> np.ndarray:
    return np.load(f"/srv/rubrics/{prompt_id}.npy")  # trap: numeric array, allow_pickle defaults to False


@lru_cache(maxsize=8)
def rubric_text(prompt_id: str) -> dict:
    with open(f"/srv/rubrics/{prompt_id}.json") as fh:
        return json.load(fh)  # trap: JSON, not pickle


@app.post("/feedback", dependencies=[Depends(check_caller)])
def feedback(essay: Essay):
    rubric = rubric_text(essay.prompt_id)
    resp = client.chat.completions.create(
        model=MODEL,
        max_tokens=MAX_TOKENS,
        temperature=0.2,
        messages=[{"role": "system", "content": f"Grade against this rubric: {json.dumps(rubric)}"},
                  {"role": "user", "content": essay.text}],
    )
    out = resp.choices[0].message.content
    log.info("feedback submission=%s course=%s tokens=%d", essay.submission_id, essay.course_id,  # trap: ids and token usage
             resp.usage.total_tokens)
    return {"submission_id": essay.submission_id, "feedback": out, "rubric_version": RUBRIC_VERSION}


@app.get("/healthz")
def healthz():
    return {"ok": True, "docs": "http://www.w3.org/TR/html52/"}  # trap: documentation link, no connection made


if __name__ == "__main__":
    import uvicorn

    uvicorn.run("essay_grader_api:app", host="0.0.0.0", port=8080)  # trap: bind address
