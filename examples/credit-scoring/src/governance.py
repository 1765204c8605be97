"""Audit trail for model and data access (writes to the governance log)."""
import logging

# Records here go to the append-only governance log (see the logging config of the deployment).
audit_log = logging.getLogger("credit.audit")


def record_access(action: str, subject: str, purpose: str) -> None:
    """One audit record per access to a model or to personal data."""
    audit_log.info("access action=%s subject=%s purpose=%s", action, subject, purpose)
