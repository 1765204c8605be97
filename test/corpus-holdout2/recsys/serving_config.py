# Settings module for the recommendation serving tier (feature store, ANN index, experiment flags).
import os
from dataclasses import dataclass, field


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class FeatureStoreConfig:
    host: str = _env("FEAST_HOST", "localhost")  # trap
    port: int = 6566
    redis_url: str = "redis://:p9Xw2LrQ7vKm4Tz8@feast-redis.recs.prod.internal:6379/0"  # truth: SEC
    registry_path: str = "s3://recs-feast/registry.db"


@dataclass(frozen=True)
class IndexConfig:
    ann_endpoint: str = "http://ann-index.recs.prod.internal:8080/query"  # truth: TLS
    ann_healthcheck: str = "http://127.0.0.1:8080/health"  # trap
    top_k: int = 200
    max_tokens_per_query: int = 64  # trap
    ef_search: int = 128


@dataclass(frozen=True)
class PartnerConfig:
    catalog_api: str = "https://partners.streamhub.io/catalog"  # trap
    catalog_api_key: str = "sk_live_51vOoNZYW2mZp0zVZomHFwUbbYrEqmSM9wCZ7Uw9xf"  # truth: SEC
    webhook_secret: str = field(default_factory=lambda: _env("PARTNER_WEBHOOK_SECRET"))  # trap
    sandbox_key: str = "xxx"  # trap
    docs_url: str = "https://docs.streamhub.io/api"


@dataclass(frozen=True)
class ExperimentConfig:
    growthbook_client_key: str = _env("GB_CLIENT_KEY", "sdk-9fJ2kQmP7vXw3LtR")  # truth: SEC?
    slack_alerts: str = "https://hooks.slack.com/services/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"  # truth: SEC
    token_budget: int = 4000  # trap
    password_min_length: int = 10  # trap


@dataclass(frozen=True)
class Settings:
    env: str = _env("RECS_ENV", "dev")
    feature_store: FeatureStoreConfig = field(default_factory=FeatureStoreConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    partner: PartnerConfig = field(default_factory=PartnerConfig)
    experiments: ExperimentConfig = field(default_factory=ExperimentConfig)
    bind_host: str = "0.0.0.0"  # trap
    github_token: str = "ghp_JzzzzgEOzdmenCkhvMdgaKjIg8xNbe3nNyjO"  # truth: SEC


SETTINGS = Settings()
TEST_SETTINGS = Settings(env="test", feature_store=FeatureStoreConfig(host="feast.test.invalid"))  # trap
