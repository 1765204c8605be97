# Mirror private fine-tuned checkpoints between the Hugging Face Hub org and the on-prem model cache.
import argparse
import logging
import os
import shutil
from pathlib import Path

from huggingface_hub import HfApi, create_repo, hf_hub_download, snapshot_download, upload_folder

from mlplatform.governance import audit

log = logging.getLogger("hub_sync")
ORG = "northwind-ai"
os.environ.setdefault("HF_ENDPOINT", "http://hf-mirror.northwind.internal")  # truth: TLS
CACHE = Path(os.environ.get("MODEL_CACHE", "/srv/model-cache"))
HF_TOKEN = os.environ.get("HF_TOKEN")  # trap
HF_ORG_TOKEN = os.environ.get("HF_ORG_TOKEN", "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")  # truth: SEC
api = HfApi(token=HF_TOKEN)


def pull_checkpoint(repo: str, revision: str = "main") -> Path:
    local = snapshot_download(repo_id=f"{ORG}/{repo}", revision=revision, token=HF_TOKEN,  # truth: AUD
                              local_dir=CACHE / repo)
    log.info("pulled %s@%s into %s", repo, revision, local)
    return Path(local)


def pull_weights_file(repo: str) -> str:
    return hf_hub_download(repo_id=f"{ORG}/{repo}", filename="model.safetensors", token=HF_TOKEN)  # truth: AUD


def pull_public_base(name: str = "sentence-transformers/all-MiniLM-L6-v2") -> str:
    return snapshot_download(repo_id=name)  # truth: AUD?


def pull_for_release(repo: str, ticket: str) -> Path:
    audit.log_access(resource=f"hf://{ORG}/{repo}", action="download", ticket=ticket)
    return Path(snapshot_download(repo_id=f"{ORG}/{repo}", token=HF_TOKEN))  # trap


def inspect_checkpoint(repo: str) -> dict:
    import torch
    path = pull_checkpoint(repo) / "pytorch_model.bin"
    state = torch.load(path, map_location="cpu", weights_only=True)  # trap
    return {k: tuple(v.shape) for k, v in state.items()}


def inspect_optimizer(repo: str) -> dict:
    import torch
    opt = torch.load(pull_checkpoint(repo) / "optimizer.pt", map_location="cpu")  # truth: SER
    return {"param_groups": len(opt["param_groups"])}


def publish_eval_set(local_dir: str, name: str) -> None:
    create_repo(f"{ORG}/{name}", repo_type="dataset", private=True, exist_ok=True, token=HF_TOKEN)  # trap
    upload_folder(repo_id=f"{ORG}/{name}", repo_type="dataset", folder_path=local_dir, token=HF_TOKEN)


def prune(keep: int = 3) -> None:
    dirs = sorted(CACHE.glob("*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for d in dirs[keep:]:
        shutil.rmtree(d)
        log.info("pruned %s", d.name)  # trap


def list_org_models() -> list[str]:
    return [m.id for m in api.list_models(author=ORG, token=HF_TOKEN)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("action", choices=["pull", "weights", "release", "publish", "prune", "ls"])
    p.add_argument("--repo")
    p.add_argument("--ticket")
    p.add_argument("--dir")
    a = p.parse_args()
    if a.action == "pull":
        pull_checkpoint(a.repo)
    elif a.action == "weights":
        pull_weights_file(a.repo)
    elif a.action == "release":
        pull_for_release(a.repo, a.ticket)
    elif a.action == "publish":
        publish_eval_set(a.dir, a.repo)
    elif a.action == "prune":
        prune()
    else:
        print("\n".join(list_org_models()))


if __name__ == "__main__":
    main()
