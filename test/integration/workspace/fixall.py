import numpy as np
import torch


def load_all(a, b):
    weights = torch.load(a)
    embeddings = np.load(b, allow_pickle=True)
    return weights, embeddings
