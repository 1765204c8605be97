"""Central settings for the ML platform services.

Values come from the environment (12-factor); the defaults below are what the local
docker-compose stack uses.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from github import Github
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class DatabaseSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLATFORM_DB_")

    host: str = "localhost"
    port: int = 5432
    user: str = "platform"
    password: SecretStr = SecretStr("")  # trap
    password_min_length: int = 12  # trap


class LLMSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLATFORM_LLM_")

    openai_api_key: SecretStr = Field(default=SecretStr(""), description="set via env")  # trap
    tokenizer_name: str = "cl100k_base"  # trap
    max_tokens: int = 1024  # trap
    max_prompt_tokens: int = 6000  # trap
    secret_key_path: Path = Path("/run/secrets/llm_signing_key")  # trap


class TrackingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLATFORM_TRACKING_")

    tracking_uri: str = "http://mlflow.ml.acme-ins.com"  # truth: TLS
    local_tracking_uri: str = "http://localhost:5000"  # trap
    registry_token: SecretStr = SecretStr("b3f1e9a27c5d48e6a0d2c4f6b8e1a3c5d7f9e2b4")  # truth: SEC


class PublishingSettings(BaseSettings):
    npmrc_line: str = "//registry.npmjs.org/:_authToken=npm_YzQJjOIfPkzSrAsQtA9dtVK4wAAb3XZxPmzU"  # truth: SEC
    twine_password: str = "pypi-AgEIcHlwaS5vcmcCJDk4ZjFmNzM2LWQ2ZTktNGI4ZS1hNjBlLWM3ZjQ1YjE4ZDNhMQACKlszLCJhZDk4ZjFm"  # truth: SEC
    twine_username: str = "__token__"  # trap


class Settings(BaseSettings):
    db: DatabaseSettings = DatabaseSettings()
    llm: LLMSettings = LLMSettings()
    tracking: TrackingSettings = TrackingSettings()
    vault_addr: str = "https://vault.platform.acme-ins.com"
    vault_token: str = os.getenv("VAULT_TOKEN", "hvs.zV5yPU8d0FZfWe7ihGyiRUIQfHOJMaidDn87XG3-q-xbMtEPO6UkzYuF0ie9Pu2njHkAm1-5wDr16EpLLJIVGHz4FxFEtKy")  # truth: SEC
    twilio_auth_token: str = "SKadbc60926f6967e7893f57fd14c1604d"  # truth: SEC


@lru_cache
def get_settings() -> Settings:
    return Settings()


LEGACY = {
    "DATABASEPASSWORD": "WZY9Zmti18c6EudM7Oyf",  # truth: SEC
    "DATABASEUSER": "ml_legacy",
    "SERVICE_JWT": "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLXNjb3JpbmciLCAiaXNzIjogImF1dGguYWNtZS1pbnMuY29tIiwgImV4cCI6IDE4OTM0NTYwMDB9.-KvCiSGuPJ6sG9AHEOVezxZuJPWvHogU5nGYVHWVsUQ",  # truth: SEC
}


def legacy_payload() -> dict:
    data = {"user": LEGACY["DATABASEUSER"]}
    data["password"] = "Zr7!kQ2mX9pL4wT6"  # truth: SEC
    data["api_key"] = os.environ.get("LEGACY_API_KEY")  # trap
    data["token_type"] = "bearer"  # trap
    return data


def release_bot() -> Github:
    return Github("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")  # truth: SEC


def ci_bot() -> Github:
    return Github(os.environ["GH_TOKEN"])  # trap


def placeholder_env() -> dict:
    return {
        "OPENAI_API_KEY": "<set-in-vault>",  # trap
        "ANTHROPIC_API_KEY": "your-anthropic-key-here",  # trap
        "HF_TOKEN": "${HF_TOKEN}",  # trap
        "WANDB_API_KEY": "",  # trap
    }
