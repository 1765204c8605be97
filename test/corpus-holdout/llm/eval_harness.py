"""Offline evaluation harness: runs the benchmark suite against several providers and
posts the summary to the internal leaderboard."""
from __future__ import annotations

import argparse
import json
import logging
import os
import time
from pathlib import Path

import dill
import openai
import pandas as pd
import replicate
import requests
import yaml
from groq import Groq

log = logging.getLogger("evals")

openai.api_key = "sk-proj-P9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY-uCuT3BlbkFJ3ZR1zTOlUcR64cXQLioDnkHIfxIq2HZt_PlJhx2jIclHkCiH"  # truth: SEC
os.environ["REPLICATE_API_TOKEN"] = "r8_uezqpGHoPZgPDcgaE40o1C6xc4sohdmM0Lm7e"  # truth: SEC
groq_client = Groq(api_key=os.getenv("GROQ_API_KEY", ""))  # trap
LEADERBOARD = "http://leaderboard.ml-platform.acme-ins.com/api/results"  # truth: TLS
DOCS = "see http://docs.ml-platform.acme-ins.com/evals for the schema"  # trap

PROVIDERS = {
    "gpt-4o-mini": {"max_tokens": 256, "stop_tokens": ["</answer>"]},  # trap
    "llama-3.1-70b": {"max_tokens": 256, "stop_tokens": ["</answer>"]},  # trap
    "meta/meta-llama-3-8b-instruct": {"max_new_tokens": 256},  # trap
}


def load_suite(path: Path) -> list[dict]:
    with open(path) as fh:
        suite = yaml.load(fh, Loader=yaml.CSafeLoader)  # trap
    return suite["cases"]


def load_legacy_suite(path: Path) -> list[dict]:
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.UnsafeLoader)["cases"]  # truth: SER


def load_cached(path: Path) -> dict:
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return dill.load(fh)  # truth: SER


def save_cached(path: Path, cache: dict) -> None:
    with open(path, "wb") as fh:
        dill.dump(cache, fh)  # trap


def call(model: str, prompt: str) -> tuple[str, int]:
    cfg = PROVIDERS[model]
    if model.startswith("gpt"):
        r = openai.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}], max_tokens=cfg["max_tokens"])  # trap
        return r.choices[0].message.content, r.usage.completion_tokens
    if model.startswith("llama"):
        r = groq_client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}], stop=cfg["stop_tokens"])
        return r.choices[0].message.content, r.usage.completion_tokens
    out = "".join(replicate.run(model, input={"prompt": prompt, "max_new_tokens": cfg["max_new_tokens"]}))
    return out, len(out.split())


def run(suite: list[dict], cache_path: Path) -> pd.DataFrame:
    cache = load_cached(cache_path)
    rows = []
    for case in suite:
        for model_name in PROVIDERS:
            key = f"{model_name}:{case['id']}"
            if key not in cache:
                t0 = time.perf_counter()
                cache[key] = (*call(model_name, case["prompt"]), time.perf_counter() - t0)
            completion, n_tokens, latency = cache[key]
            rows.append({"case_id": case["id"], "model_name": model_name, "completion": completion,
                         "correct": case["expected"].lower() in completion.lower(),
                         "completion_tokens": n_tokens, "latency_s": latency})
    save_cached(cache_path, cache)
    return pd.DataFrame(rows)


def publish(results: pd.DataFrame, out_dir: Path) -> None:
    summary = results.groupby("model_name").agg(acc=("correct", "mean"), p50_latency=("latency_s", "median"),
                                                 tokens=("completion_tokens", "sum")).reset_index()
    summary.to_csv(out_dir / "summary.csv", index=False)  # trap
    print(summary.to_string(index=False))  # trap
    results.to_parquet(out_dir / "results.parquet")  # trap
    resp = requests.post(LEADERBOARD, json=json.loads(summary.to_json(orient="records")), timeout=30)
    resp.raise_for_status()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", type=Path, default=Path("suites/policy_qa.yaml"))
    ap.add_argument("--out", type=Path, default=Path("eval_out"))
    args = ap.parse_args()
    res = run(load_suite(args.suite), args.out / "cache.dill")
    publish(res, args.out)
