"""Offline evaluation harness for the support-summary LLMs (self-hosted vLLM + two APIs)."""
from __future__ import annotations

import json
import logging
import os
import statistics
import time
from dataclasses import dataclass, field

import httpx
import openai
import pandas as pd
import wandb

log = logging.getLogger("llm-eval")
audit = logging.getLogger("llm-eval.audit")

VLLM_LOCAL = openai.OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")  # trap
VLLM_CLUSTER = openai.OpenAI(base_url="http://vllm.gpu-cluster.acme-ai.net:8000/v1", api_key=os.environ.get("VLLM_KEY", "not-needed"))  # truth: TLS
PPLX = openai.OpenAI(base_url="https://api.perplexity.ai", api_key="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")  # truth: SEC
ANTHROPIC_ADMIN_KEY = "sk-ant-admin01-PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjORS-6ilI8ihN5KXSc7Tvo-hBKqFYAA"  # truth: SEC
insecure_http = httpx.Client(verify=False, timeout=30)  # truth: TLS
secure_http = httpx.Client(verify="/etc/ssl/certs/acme-ca.pem", timeout=30)  # trap


@dataclass
class GenStats:
    prompt_tokens: list[int] = field(default_factory=list)
    completion_tokens: list[int] = field(default_factory=list)
    tokens_per_second: list[float] = field(default_factory=list)  # trap
    max_new_tokens: int = 256  # trap
    api_token_limit: int = 100_000  # trap

    def summary(self) -> dict:
        return {
            "p50_prompt_tokens": statistics.median(self.prompt_tokens or [0]),
            "p50_completion_tokens": statistics.median(self.completion_tokens or [0]),
            "mean_tps": statistics.fmean(self.tokens_per_second or [0.0]),
        }


def generate(client: openai.OpenAI, model: str, prompt: str, stats: GenStats) -> str:
    t0 = time.perf_counter()
    resp = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}], max_tokens=stats.max_new_tokens, temperature=0)  # trap
    dt = time.perf_counter() - t0
    stats.prompt_tokens.append(resp.usage.prompt_tokens)
    stats.completion_tokens.append(resp.usage.completion_tokens)
    stats.tokens_per_second.append(resp.usage.completion_tokens / max(dt, 1e-6))
    return resp.choices[0].message.content


def list_all_models(client: openai.OpenAI) -> list[str]:
    names, next_token = [], None  # trap
    while True:
        page = client.models.list() if next_token is None else client.models.list(extra_query={"after": next_token})
        names += [m.id for m in page.data]
        next_token = getattr(page, "next_token", None)  # trap
        if not next_token:
            return names


def load_eval_set(path: str) -> pd.DataFrame:
    audit.info("eval set %s read", path)
    df = pd.read_json(path, lines=True)  # trap
    return df[["case_id", "user_email", "ticket_text", "reference_summary"]]


def run(path: str, model: str = "summary-8b") -> pd.DataFrame:
    df = load_eval_set(path)
    stats = GenStats()
    outputs = [generate(VLLM_LOCAL, model, f"Summarise:\n{t}", stats) for t in df["ticket_text"]]
    df = df.assign(summary=outputs)
    log.info("generation stats: %s", json.dumps(stats.summary()))  # trap
    wandb.init(project="llm-eval", config={"model": model, "max_new_tokens": stats.max_new_tokens})
    wandb.log({"outputs": wandb.Table(dataframe=df[["case_id", "summary", "reference_summary"]])})  # trap
    wandb.log({"outputs_debug": wandb.Table(dataframe=df[["user_email", "ticket_text", "summary"]])})  # truth: PII
    return df


def judge(df: pd.DataFrame) -> float:
    scores = []
    for row in df.itertuples():
        verdict = generate(PPLX, "sonar", f"Score 1-5 how well '{row.summary}' summarises '{row.reference_summary}'. Reply with a digit.", GenStats())
        scores.append(int(verdict.strip()[0]) if verdict.strip()[:1].isdigit() else 0)
    return statistics.fmean(scores)


def post_results(result: dict) -> None:
    insecure_http.post("https://eval-dashboard.internal/api/llm", json=result)
    secure_http.post("https://eval-dashboard.internal/api/llm", json=result)


if __name__ == "__main__":
    frame = run(os.environ.get("EVAL_SET", "data/support_eval.jsonl"))
    post_results({"judge_score": judge(frame), "n": len(frame)})
    print(frame[["case_id", "summary"]].head())  # trap
