"""Training entry point for the churn model."""
import pickle

import torch


def load_checkpoint(path):
    return torch.load(path)


def load_features(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # mlguard: ignore[SER001]


def load_labels(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # mlguard: ignore[SER001] labels come from our own signed pipeline
