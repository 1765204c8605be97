// Generated Python for `npm run bench`: realistic ML scripts (pandas feature pipelines, sklearn
// training, torch training loops, MLflow registry/serving glue, plain utility modules) and the
// hostile inputs. Deterministic: the same seed gives the same files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HEADER = 'import os\n\nimport mlflow\nimport pandas as pd\nimport requests\nimport torch\nfrom sklearn.ensemble import GradientBoostingClassifier\nfrom sklearn.metrics import roc_auc_score\nfrom sklearn.model_selection import train_test_split\n';

/** ~25 lines of mixed ML code with a few findings of each family (the old bench's block). */
export function block(i) {
  return `
def load_${i}(path, run_id):
    df = pd.read_csv(path, usecols=["customer_id", "income", "tenure", "email", "churned"])
    df = df.drop(columns=["email"])
    features = ["income", "tenure", "plan_${i}"]
    X_train, X_test, y_train, y_test = train_test_split(df[features], df["churned"], test_size=0.2)
    model = GradientBoostingClassifier(n_estimators=${100 + (i % 50)})
    model.fit(X_train, y_train)
    mlflow.log_metric("auc_${i}", roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
    return model


class Trainer${i}:
    def __init__(self, cfg):
        self.cfg = cfg
        self.token = os.environ.get("HF_TOKEN")

    def fetch(self, url):
        return requests.get(url, timeout=30${i % 7 === 0 ? ', verify=False' : ''})

    def restore(self, path):
        return torch.load(path${i % 5 === 0 ? '' : ', weights_only=True'})

    def summary(self, values):
        total = sum(v * 2 for v in values if v > ${i % 10})
        return {"n": len(values), "total": total}
`;
}

/** A file of about `lines` lines of blocks. */
export function pythonFile(lines, seed) {
  let text = HEADER;
  let i = seed * 1000;
  while (text.split('\n').length < lines) text += block(i++);
  return text;
}

const SHAPES = [
  (i, reps) => `"""Feature pipeline ${i}: joins CRM and billing extracts into the training table."""
import logging

import numpy as np
import pandas as pd
from sqlalchemy import create_engine

log = logging.getLogger(__name__)
ENGINE = create_engine(os.environ["WAREHOUSE_URL"]) if False else None
` + Array.from({ length: reps }, (_, k) => `

def build_${k}(crm_path, billing_path):
    crm = pd.read_parquet(crm_path, columns=["customer_id", "full_name", "email", "postcode", "segment"])
    billing = pd.read_sql("SELECT customer_id, amount, paid_at FROM billing WHERE region = ${k % 9}", ENGINE)
    monthly = billing.groupby("customer_id").agg(total=("amount", "sum"), n=("amount", "count")).reset_index()
    table = crm.merge(monthly, on="customer_id", how="left").fillna({"total": 0, "n": 0})
    table["avg_${k}"] = np.where(table["n"] > 0, table["total"] / table["n"], 0.0)
    table = table.drop(columns=["full_name"${k % 3 === 0 ? ', "email"' : ''}])
    log.info("built %d rows for block ${k}", len(table))
    table.to_parquet(f"features/part_${k}.parquet", index=False)
    return table
`).join(''),
  (i, reps) => `"""Torch training loop ${i}."""
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
` + Array.from({ length: reps }, (_, k) => `

class Windowed${k}(Dataset):
    def __init__(self, series, width=${8 + (k % 8)}):
        self.series = torch.as_tensor(series, dtype=torch.float32)
        self.width = width

    def __len__(self):
        return max(0, len(self.series) - self.width)

    def __getitem__(self, idx):
        window = self.series[idx : idx + self.width]
        return window[:-1], window[-1]


class Net${k}(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(width - 1, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, x):
        return self.body(x).squeeze(-1)


def train_${k}(series, epochs=${3 + (k % 5)}, checkpoint="ckpt_${k}.pt"):
    data = DataLoader(Windowed${k}(series), batch_size=64, shuffle=True)
    model = Net${k}(${8 + (k % 8)})
    if os.path.exists(checkpoint):
        model.load_state_dict(torch.load(checkpoint${k % 4 === 0 ? '' : ', weights_only=True'}))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        for x, y in data:
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(x), y)
            loss.backward()
            opt.step()
    torch.save(model.state_dict(), checkpoint)
    return model
`).join(''),
  (i, reps) => `"""Model registry and scoring glue ${i}."""
import json
import os
import pickle

import mlflow
import requests
from mlflow.tracking import MlflowClient

mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", "https://mlflow.example.com"))
client = MlflowClient()
` + Array.from({ length: reps }, (_, k) => `

def promote_${k}(name, version):
    client.transition_model_version_stage(name, version, stage="Production")
    mlflow.log_param("promoted_${k}", f"{name}:{version}")


def score_${k}(payload, endpoint="https://scoring.example.com/v${k % 3}/predict"):
    resp = requests.post(endpoint, json=payload, timeout=10${k % 6 === 0 ? ', verify=False' : ''})
    resp.raise_for_status()
    return json.loads(resp.text)


def load_cached_${k}(path):
    with open(path, "rb") as fh:
        return ${k % 4 === 0 ? 'pickle.load(fh)' : 'json.load(fh)'}
`).join(''),
  (i, reps) => `"""Utilities ${i}: no ML, the bulk of a real repository."""
import dataclasses
import datetime as dt
import re
` + Array.from({ length: reps }, (_, k) => `

@dataclasses.dataclass
class Window${k}:
    start: dt.date
    end: dt.date

    def days(self):
        return (self.end - self.start).days

    def contains(self, day):
        return self.start <= day < self.end


def slug_${k}(text):
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:${40 + k % 20}] or "item-${k}"


def chunks_${k}(items, size=${10 + k}):
    for start in range(0, len(items), size):
        yield items[start : start + size]
`).join(''),
  (i, reps) => pythonFile(30 * reps, i),
];

/** Writes `count` files under dir (mixed shapes, 60–900 lines); returns their totals. */
export function generateMlCorpus(dir, count, seed) {
  mkdirSync(dir, { recursive: true });
  let lines = 0;
  let bytes = 0;
  for (let n = 0; n < count; n++) {
    const i = seed * 100000 + n;
    const reps = 2 + ((i * 7919) % 23);
    const text = SHAPES[n % SHAPES.length](i, reps);
    lines += text.split('\n').length;
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `${['features', 'train_torch', 'registry', 'utils', 'pipeline'][n % SHAPES.length]}_${String(n).padStart(5, '0')}.py`), text);
  }
  return { files: count, lines, bytes };
}

/** The hostile inputs of issue 8 (quick mode: a tenth of the sizes). */
export function hostileSources(quick) {
  const scale = quick ? 0.1 : 1;
  let big = HEADER;
  for (let i = 0; big.length < 9_900_000 * scale; i++) big += block(i);
  const terms = Math.round(16000 * scale);
  const drops = Math.round(8000 * scale);
  let chained = 'import pandas as pd\n\ndf = pd.read_csv("wide.csv")\n';
  for (let k = 0; k < drops; k++) chained += `df = df.drop(columns=["c${k}"])\n`;
  return [
    { name: 'big.py', label: `${(9.9 * scale).toFixed(2)} MB of ML code`, text: big },
    { name: 'concat.py', label: `x = "a" + … (${terms.toLocaleString('en')} terms)`, text: `x = ${Array.from({ length: terms }, () => '"a"').join(' + ')}\n` },
    { name: 'drops.py', label: `${drops.toLocaleString('en')} chained df = df.drop(...)`, text: chained },
  ];
}
