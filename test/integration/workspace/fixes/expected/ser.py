import torch


def resume(path):
    checkpoint = torch.load(path, weights_only=True)
    return checkpoint["epoch"]
