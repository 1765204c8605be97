import requests
import torch

API_TOKEN = "ghp_a8Kd92LmQz7XwPq4Rt6Vb3Nc1Hs5Jf0Ye2Ui"


def fetch(path):
    model = torch.load(path); r = requests.get("https://api.example.com/v1", verify=False, headers={"Authorization": API_TOKEN})
    return model, r
