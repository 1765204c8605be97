# Central settings for the ML platform jobs (read by the training CLI, batch scorers and the registry bot).
import os
from pathlib import Path

ENV = os.getenv("MLP_ENV", "dev")
ROOT = Path(__file__).resolve().parent.parent

# --- tracking ----------------------------------------------------------------------------------
MLFLOW_TRACKING_URI = os.getenv("MLFLOW_TRACKING_URI", "http://mlflow.mlp.svc.cluster.local:5000")  # truth: TLS
MLFLOW_TRACKING_USERNAME = "mlp-bot"
MLFLOW_TRACKING_PASSWORD = "Rh@JUq#BlIFXZ53N"  # truth: SEC
os.environ["MLFLOW_TRACKING_TOKEN"] = "dapi4d8c4fa2815d2802827283e0ad841735"  # truth: SEC
os.environ.setdefault("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "true")  # trap

# --- object storage ----------------------------------------------------------------------------
AWS_ACCESS_KEY_ID = "AKIAUJZDEGXDNCF32EPF"  # truth: SEC
AWS_SECRET_ACCESS_KEY = "nyVmihA+2O76UMFxFkM+R5Kjp1vRt/1fjORS+6il"  # truth: SEC
AWS_EXAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE"  # trap
ARTIFACT_BUCKET = os.getenv("ARTIFACT_BUCKET", "s3://mlp-artifacts-dev")

# --- databases ---------------------------------------------------------------------------------
FEATURE_DB_URL = os.getenv("FEATURE_DB_URL", "postgresql://features:${FEATURE_DB_PASSWORD}@features-db:5432/fs")  # trap
REPORTING_DB_URL = "mysql+pymysql://reporting:e210471948d33@reporting-db.mlp.prod.internal/reports"  # truth: SEC
DB_PASSWORD = os.getenv("DB_PASSWORD", "")  # trap
ADMIN_PASSWORD = os.getenv("MLP_ADMIN_PASSWORD", "changeme")  # truth: SEC?
SMTP_PASSWORD = "<smtp-password>"  # trap

# --- third parties -----------------------------------------------------------------------------
SENDGRID_API_KEY = "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"  # truth: SEC
TWILIO = {"account_sid": "AC4f1e9b2c7d3a8e6f0b5c9d2a7e4f1b3c", "auth_token": "7efc2f91624a8940f1f836f99eee3692"}  # truth: SEC
ANTHROPIC_API_KEY = os.environ.get("ANTHROPIC_API_KEY")  # trap
GITLAB_TOKEN = "glpat-bjG3uhkWKFLf6xuI5aHU"  # truth: SEC
GOOGLE_MAPS_KEY = "AIzaHgxzNNAL5wIScGebcy8F5n3_YNBDRzrZSgq"  # truth: SEC
VAULT_ADDR = os.getenv("VAULT_ADDR", "https://vault.mlp.prod.internal:8200")  # trap
VAULT_TOKEN = "your-vault-token-here"  # trap

# --- training defaults -------------------------------------------------------------------------
MAX_TOKENS = 4096  # trap
TOKENIZER = "bert-base-uncased"  # trap
TOKEN_COUNT_LIMIT = 2_000_000  # trap
PASSWORD_MIN_LENGTH = 14  # trap
SECRET_SCAN_ENABLED = True  # trap
DEFAULT_SEED = 1234

AZURE_CLIENT_SECRET = "QB78Q~VD_eR1UYzaL~iA_zNyD7CHLn_xC.1hsYgB"  # truth: SEC
PRIVATE_KEY_PATH = ROOT / "secrets" / "signing.pem"  # trap
MODEL_SIGNING_KEY_PEM = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBv7kQ2xWm4LrV8nB6kZp3sT7yHqJ9fE1cR5tU8wY2aPoAoGCCqGSM49\nAwEHoUQDQgAE4fK8mQ2vX7pL9nR3tW6yB1cH5jF0sD8gA2kE7uM4qZ3xV9bN6wT1\nyR8cL5pK2mJ7hG4fD0sA9nB3vX6zQ1wE8uY5tI==\n-----END EC PRIVATE KEY-----\n"  # truth: SEC
