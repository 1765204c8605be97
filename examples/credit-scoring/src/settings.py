"""Runtime settings. Secrets come from the environment; one does not (yet)."""
import os

MLFLOW_TRACKING_URI = os.environ.get("MLFLOW_TRACKING_URI", "https://mlflow.internal.example.com")
DATABASE_URL = os.environ["CREDIT_DB_URL"]

# Copied from a teammate's laptop "just for the demo".
AWS_ACCESS_KEY_ID = "AKIAQ3EGUV7XKWJ2RT5M"
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY")

# Public sandbox key from the bureau's documentation, used only by the offline tests.
BUREAU_SANDBOX_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"  # mlguard: ignore[SEC] documented public sandbox key, no access to real data
