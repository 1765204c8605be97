import torch


def resume(path):
    checkpoint = torch.load(path)
    return checkpoint["epoch"]
