"""Audit trail for model and data access (writes to the governance log)."""
import logging

_audit = logging.getLogger("credit.audit")


def record_access(action: str, subject: str, purpose: str) -> None:
    """One audit record per access to a model or to personal data."""
    _audit.info("access action=%s subject=%s purpose=%s", action, subject, purpose)
