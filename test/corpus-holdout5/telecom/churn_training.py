import json
import sys

import pandas as pd
from twilio.rest import Client
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ID_COLS = ["subscriber_id", "msisdn", "imsi", "customer_name", "email", "billing_address"]
TARGET = "churned_90d"
LEAKY = ["disconnect_reason", "winback_offer"]


class ChurnTrainer:
    def __init__(self, snapshot_path: str):
        self.snapshot_path = snapshot_path
        self.drop_cols = ID_COLS + LEAKY + [TARGET]
        self.model = None
        self.df = None

    def load(self) -> pd.DataFrame:
        df = pd.read_csv(self.snapshot_path, low_memory=False)  # trap: path from caller
        df["arpu_change"] = df["arpu_m0"] / df["arpu_m3"].replace(0, 1)
        df["age"] = df["age"].clip(18, 95)
        self.df = df
        return df

    def features(self, df: pd.DataFrame) -> pd.DataFrame:
        return df.drop(columns=self.drop_cols)  # trap: identifiers dropped

    def build(self):
        pre = ColumnTransformer([
            ("num", StandardScaler(), make_column_selector(dtype_include="number")),
            ("cat", OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include="object")),
        ])
        return make_pipeline(pre, LogisticRegression(max_iter=2000, C=0.5))

    def fit(self):
        df = self.load()
        X, y = self.features(df), df[TARGET]
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
        self.model = self.build()
        self.model.fit(X_tr, y_tr)  # truth: FAIR
        return roc_auc_score(y_te, self.model.predict_proba(X_te)[:, 1])

    def cv(self):
        X = self.features(self.df).drop(columns=["age", "gender"])
        return cross_val_score(self.build(), X, self.df[TARGET], cv=5, scoring="roc_auc").mean()  # trap: protected dropped

    def export_scores(self, path: str):
        df = self.df
        out = df[["subscriber_id", "msisdn", "plan_name"]].copy()
        out["churn_score"] = self.model.predict_proba(self.features(df))[:, 1]
        out.to_csv(path, index=False)  # truth: PII


def send_offer_sms(numbers, text):
    twilio = Client("SKa5d0e147c7e09262b540b93ffc72ce9b", "879829bc390e77b906a5e6e71f0f62f8")  # truth: SEC
    for n in numbers:
        twilio.messages.create(to=n, from_="+447700900123", body=text)


def main(argv):
    cfg = json.load(open(argv[1]))  # trap: json
    subs = pd.read_csv(cfg.get("subscribers_csv", "data/crm/subscribers.csv"))  # truth: AUD
    trainer = ChurnTrainer(cfg["snapshot"])
    auc = trainer.fit()
    print(trainer.df.select_dtypes("number").describe().T)  # trap: aggregate
    print("holdout AUC", round(auc, 4), "cv AUC (no demographics)", round(trainer.cv(), 4))
    trainer.export_scores(cfg["scores_out"])
    print(subs[["msisdn", "plan_name", "region"]].sample(5))  # truth: PII


if __name__ == "__main__":
    main(sys.argv)
