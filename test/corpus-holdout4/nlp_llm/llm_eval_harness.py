"""Offline eval harness: run the golden set against candidate LLM endpoints and log to W&B."""
import json
import logging
import os
import statistics
import time

import httpx
import pandas as pd
import requests
import wandb
import yaml

log = logging.getLogger("llm_eval")

ENDPOINTS = {
    "vllm-llama": {"url": "http://10.40.12.7:8000/v1/chat/completions", "model": "llama-3.1-70b-instruct"},  # truth: TLS
    "groq": {"url": "https://api.groq.com/openai/v1/chat/completions", "model": "llama-3.1-70b-versatile",
             "api_key": "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"},  # truth: SEC
    "local-ollama": {"url": "http://127.0.0.1:11434/v1/chat/completions", "model": "qwen2.5:14b"},  # trap
    "replicate": {"url": "https://api.replicate.com/v1/models/meta/meta-llama-3-70b-instruct/predictions",
                  "model": "meta-llama-3-70b", "api_key": os.environ.get("REPLICATE_API_TOKEN")},  # trap
}
JUDGE_ENDPOINT = "https://judge.eval-platform.example.com/v1/score"


def load_golden(path="eval/golden_v4.yaml"):
    with open(path) as fh:
        return yaml.safe_load(fh)["cases"]  # trap


def call(ep, prompt, session):
    headers = {"Authorization": f"Bearer {ep['api_key']}"} if ep.get("api_key") else {}
    t0 = time.perf_counter()
    r = session.post(ep["url"], headers=headers, timeout=120,
                     json={"model": ep["model"], "messages": [{"role": "user", "content": prompt}],
                           "temperature": 0.0, "max_tokens": 512})
    r.raise_for_status()
    return r.json()["choices"][0]["message"]["content"], time.perf_counter() - t0


def judge(question, answer, reference):
    # judge service sits behind the corporate MITM proxy
    payload = {"q": question, "a": answer, "ref": reference}
    r = requests.post(JUDGE_ENDPOINT, json=payload, timeout=60, verify=False)  # truth: TLS
    return r.json()["score"]


def main():
    wandb.login(key="ad9d31f0ee8f47396c746707e84c572f3757c47c")  # truth: SEC
    run = wandb.init(project="llm-eval", job_type="golden-v4")
    cases = load_golden()
    rows = []
    with httpx.Client(verify=os.getenv("EVAL_CA_BUNDLE", True)) as session:  # trap
        for name, ep in ENDPOINTS.items():
            lat = []
            for c in cases:
                ans, dt = call(ep, c["prompt"], session)
                lat.append(dt)
                rows.append({"endpoint": name, "case_id": c["id"], "score": judge(c["prompt"], ans, c["reference"]),
                             "latency_s": dt, "answer": ans[:2000]})
            log.info("%s: p50 latency %.2fs", name, statistics.median(lat))  # trap

    df = pd.DataFrame(rows)
    summary = df.groupby("endpoint")[["score", "latency_s"]].mean().reset_index()
    wandb.log({"summary": wandb.Table(dataframe=summary)})  # trap
    wandb.log({"answers": wandb.Table(dataframe=df)})  # trap
    df.to_json("eval/results_golden_v4.jsonl", orient="records", lines=True)  # trap
    print(json.dumps(summary.to_dict(orient="records"), indent=2))  # trap
    run.finish()


if __name__ == "__main__":
    main()
