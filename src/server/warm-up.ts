// The first analysis in a fresh process costs ~5x a warm one (V8 compiles the rules' and the
// interpreter's code, tree-sitter queries are compiled lazily): ~170 ms against ~30 ms for a
// 150-line script. The worker pays that once at start-up, on this short script that reaches the
// common paths (frames, features, sinks, secrets, loads, requests), while the client is still
// initialising, instead of on the first file a user opens.
import { analyzePython } from '../engine';

const SCRIPT = [
  'import logging',
  'import pickle',
  'import pandas as pd',
  'import requests',
  'import torch',
  'from sklearn.linear_model import LogisticRegression',
  '',
  'API_TOKEN = "warm-up-placeholder"',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def train(path):',
  '    df = pd.read_csv(path)',
  '    features = ["email", "age", "income"]',
  '    X = df[features].drop(columns=["email"])',
  '    model = LogisticRegression().fit(X, df["label"])',
  '    log.info("trained on %s", df["email"].head())',
  '    df.to_csv("out.csv")',
  '    requests.get("http://example.com", verify=False)',
  '    return model, torch.load(path), pickle.loads(b"")',
  '',
].join('\n');

/** Analyses the warm-up script and discards the result; never throws (a warm-up must not stop the worker). */
export function warmUp(): void {
  try {
    analyzePython(SCRIPT, 'warm_up.py').tree.delete();
  } catch {
    // The real analyses will report whatever failed here.
  }
}
