# Generic artefact loader used by batch scorers: resolves a URI and deserialises whatever the trainer wrote.
from __future__ import annotations

import gzip
import io
import json
import logging
import pickle
from pathlib import Path
from typing import Any

import cloudpickle
import joblib
import numpy as np
import pandas as pd
import yaml
from ruamel.yaml import YAML

log = logging.getLogger(__name__)


class ArtifactLoader:
    """Load model and preprocessing artefacts by file extension."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, name: str) -> Path:
        p = (self.root / name).resolve()
        if self.root.resolve() not in p.parents:
            raise ValueError(f"{name} escapes artefact root")
        return p

    def load(self, name: str) -> Any:
        p = self._path(name)
        suffix = "".join(p.suffixes)
        log.debug("loading %s as %s", p, suffix)
        if suffix == ".pkl":
            with p.open("rb") as fh:
                return pickle.load(fh)  # truth: SER
        if suffix == ".pkl.gz":
            with gzip.open(p, "rb") as fh:
                return pickle.loads(fh.read())  # truth: SER
        if suffix == ".cloudpickle":
            return cloudpickle.loads(p.read_bytes())  # truth: SER
        if suffix == ".joblib":
            return joblib.load(p)  # truth: SER
        if suffix == ".npz":
            return dict(np.load(p, allow_pickle=True))  # truth: SER
        if suffix == ".npy":
            return np.load(p)  # trap
        if suffix == ".parquet":
            return pd.read_parquet(p)  # trap
        if suffix == ".pd.pkl":
            return pd.read_pickle(p)  # truth: SER
        if suffix == ".json":
            with p.open() as fh:
                return json.load(fh)  # trap
        if suffix in (".yaml", ".yml"):
            return self._load_yaml(p)
        raise ValueError(f"unsupported artefact type {suffix}")

    @staticmethod
    def _load_yaml(p: Path) -> Any:
        text = p.read_text()
        if text.startswith("%YAML 1.1"):
            return yaml.load(text, Loader=yaml.FullLoader)  # truth: SER?
        if "!!python" in text:
            raise ValueError("python tags are not allowed")
        return yaml.load(text, Loader=yaml.SafeLoader)  # trap

    @staticmethod
    def load_roundtrip_yaml(p: Path) -> Any:
        return YAML(typ="rt").load(p)  # trap

    @staticmethod
    def load_legacy_yaml(p: Path) -> Any:
        return yaml.load(p.read_text())  # truth: SER

    @staticmethod
    def load_tensors(p: Path) -> dict:
        from safetensors.torch import load_file
        return load_file(str(p))  # trap

    @staticmethod
    def save_joblib(obj: Any, p: Path) -> None:
        joblib.dump(obj, p, compress=3)  # trap

    @staticmethod
    def save(obj: Any, p: Path) -> None:
        buf = io.BytesIO()
        buf.write(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))  # trap
        p.write_bytes(buf.getvalue())


def load_thresholds(path: str) -> dict:
    with open(path) as fh:
        return yaml.safe_load(fh)  # trap


if __name__ == "__main__":
    import sys
    loader = ArtifactLoader(sys.argv[1])
    print(type(loader.load(sys.argv[2])).__name__)  # trap
