"""Fraud-ring features from the shared-attribute graph (cards <-> devices <-> merchants)."""
from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import dill
import networkx as nx
import numpy as np
import pandas as pd
import yaml

log = logging.getLogger(__name__)
audit = logging.getLogger("fraud.audit")


def load_settings(path: Path) -> dict:
    with open(path) as fh:
        return yaml.safe_load(fh)  # trap


def load_settings_legacy(path: Path) -> dict:
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)  # truth: SER


def load_settings_compat(path: Path) -> dict:
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.SafeLoader)  # trap


def load_embeddings(path: Path) -> np.ndarray:
    return np.load(path)  # trap


def load_embedding_index(path: Path) -> dict:
    data = np.load(path, allow_pickle=True)  # truth: SER
    return data.item()


def load_feature_fn(path: Path):
    audit.info("custom feature function loaded from %s", path)
    with open(path, "rb") as fh:
        return dill.load(fh)  # truth: SER


def save_feature_fn(fn, path: Path) -> None:
    with open(path, "wb") as fh:
        dill.dump(fn, fh)  # trap


def build_graph(tx: pd.DataFrame) -> nx.Graph:
    g = nx.Graph()
    for row in tx.itertuples(index=False):
        g.add_edge(("card", row.card_token), ("device", row.device_fingerprint_hash))
        g.add_edge(("card", row.card_token), ("merchant", row.merchant_id))
    return g


def ring_features(g: nx.Graph) -> pd.DataFrame:
    rows = []
    for comp in nx.connected_components(g):
        kinds = Counter(k for k, _ in comp)
        for kind, node_id in comp:
            if kind == "card":
                rows.append({"card_token": node_id, "ring_size": len(comp), "ring_devices": kinds["device"], "ring_merchants": kinds["merchant"]})
    return pd.DataFrame(rows)


def main(tx_path: str, out_path: str) -> None:
    tx = pd.read_parquet(tx_path, columns=["card_token", "device_fingerprint_hash", "merchant_id", "amount"])  # trap
    g = build_graph(tx)
    feats = ring_features(g)
    log.info("graph: %d nodes, %d edges, %d rings", g.number_of_nodes(), g.number_of_edges(), nx.number_connected_components(g))  # trap
    feats.to_parquet(out_path)  # trap
    with open(Path(out_path).with_suffix(".meta.json"), "w") as fh:
        json.dump({"n_cards": int(feats.shape[0])}, fh)  # trap
    with open(Path(out_path).with_suffix(".meta.json")) as fh:
        meta = json.load(fh)  # trap
    print(meta)


if __name__ == "__main__":
    import sys

    main(sys.argv[1], sys.argv[2])
