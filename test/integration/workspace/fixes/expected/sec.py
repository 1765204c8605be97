"""Feature store client."""
import os

DB_PASSWORD = os.environ["DB_PASSWORD"]


def connect():
    return os.environ.get("DB_HOST"), DB_PASSWORD
