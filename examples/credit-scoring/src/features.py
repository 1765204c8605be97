"""Feature engineering for the credit-scoring model."""
import hashlib

import pandas as pd

NUMERIC = ["income", "debt_ratio", "loan_amount", "term_months", "credit_history_length"]


def load_applications(path: str) -> pd.DataFrame:
    return pd.read_csv(path)


def pseudonymise(df: pd.DataFrame, salt: str) -> pd.DataFrame:
    """Replace direct identifiers by salted hashes and drop contact data."""
    out = df.copy()
    out["applicant_ref"] = out["applicant_ref"].map(lambda v: hashlib.sha256((salt + str(v)).encode()).hexdigest())
    return out.drop(columns=["email", "phone", "employer_name"])


def model_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df[NUMERIC + ["defaulted"]]
