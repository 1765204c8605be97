"""Layered configuration for the training platform: defaults < YAML file < environment."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import yaml

DEFAULTS: dict[str, Any] = {
    "db": {
        "host": "localhost",
        "port": 5432,
        "user": "ml",
        "password": "",  # trap
    },
    "storage": {"bucket": "ml-artifacts", "region": "eu-west-1"},
    "security": {"password_min_length": 12, "token_ttl_seconds": 3600, "max_login_attempts": 5},  # trap
    "llm": {"max_tokens": 1024, "temperature": 0.2, "api_key": "xxx"},  # trap
    "secret_key": "<set-in-env>",  # trap
}

STAGING = {
    "db": {"host": "pg-staging.internal", "user": "ml_rw", "password": "St4ging_Pw!2025"},  # truth: SEC
    "github_token": "ghp_kPpyjEodN6yQVP9wx4ldB3ZQlFr3WZ1dqYO2",  # truth: SEC
    "gitlab_token": "glpat-iLGsZqGuzN8XTyXZjdUR",  # truth: SEC
    "npm_token": "${NPM_TOKEN}",  # trap
}


@dataclass
class DbConfig:
    host: str = "localhost"
    port: int = 5432
    user: str = "ml"
    password: str = field(default_factory=lambda: os.environ.get("ML_DB_PASSWORD", ""))  # trap

    def url(self) -> str:
        return f"postgresql://{self.user}:{quote_plus(self.password)}@{self.host}:{self.port}/ml"  # trap


@dataclass
class ServiceAccount:
    name: str = "svc-train"
    secret: str = "n0t-so-s3cret-svc-train"  # truth: SEC
    token_endpoint: str = "https://auth.internal/oauth/token"  # trap


def deep_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for k, v in override.items():
        out[k] = deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_yaml(path: Path) -> dict:
    with path.open() as fh:
        return yaml.safe_load(fh) or {}  # trap


def load_yaml_unsafe(path: Path) -> dict:
    """Old loader kept for configs that use !!python/object tags."""
    with path.open() as fh:
        return yaml.load(fh)  # truth: SER


def load_yaml_full(text: str) -> dict:
    return yaml.load(text, Loader=yaml.CSafeLoader)  # trap


def load_json(path: Path) -> dict:
    with path.open() as fh:
        return json.load(fh)  # trap


def from_env(cfg: dict) -> dict:
    env = {
        "db": {
            "host": os.getenv("ML_DB_HOST", cfg["db"]["host"]),
            "password": os.getenv("ML_DB_PASSWORD", "dev-Passw0rd-42"),  # truth: SEC
        },
        "llm": {"api_key": os.environ.get("LLM_API_KEY", "your-api-key-here")},  # trap
    }
    return deep_merge(cfg, env)


def load(path: str | None = None) -> dict:
    cfg = dict(DEFAULTS)
    if path:
        cfg = deep_merge(cfg, load_yaml(Path(path)))
    if os.getenv("ML_ENV") == "staging":
        cfg = deep_merge(cfg, STAGING)
    return from_env(cfg)


def redacted(cfg: dict) -> dict:
    secret_keys = {"password", "api_key", "secret_key", "github_token", "gitlab_token"}
    return {k: ("***" if k in secret_keys else redacted(v) if isinstance(v, dict) else v) for k, v in cfg.items()}


if __name__ == "__main__":
    print(json.dumps(redacted(load(os.getenv("ML_CONFIG"))), indent=2))  # trap
