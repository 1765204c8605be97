"""Feature store client."""
import os

DB_PASSWORD = "Pr0d-Feat!2024"


def connect():
    return os.environ.get("DB_HOST"), DB_PASSWORD
