"""Publish stage, part 2: upload the built folder to the Hugging Face Hub.

`--dry-run` works offline: it lists exactly the files that would be uploaded (path, size,
sha256) and runs the card check and the Croissant validation. A real upload needs HF_TOKEN.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .card import check_card
from .croissant import FILE as CROISSANT
from .croissant import validate_croissant
from .errors import CorpusError, CorpusErrors


@dataclass(frozen=True)
class Upload:
    path: str  # relative to the folder, with forward slashes
    size: int
    sha256: str


def check_repo_id(repo_id: str) -> str:
    """huggingface_hub's own rule for repo ids, checked before anything is built or sent."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise CorpusError("--repo-id", str(exc).split(": '")[0].rstrip(".") + f": {repo_id!r}") \
            from None
    return repo_id


def files_to_upload(folder: Path) -> list[Upload]:
    """Every file of the folder, as upload_folder would send it, in a stable order."""
    out = []
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            out.append(Upload(p.relative_to(folder).as_posix(), p.stat().st_size,
                              hashlib.sha256(p.read_bytes()).hexdigest()))
    return out


def check_folder(folder: Path) -> None:
    """Card check and Croissant validation; raises CorpusErrors listing every problem."""
    if not (folder / "README.md").is_file():
        raise CorpusError(str(folder), "not a built dataset folder (no README.md); run build first")
    problems = check_card(folder)
    problems += [f"{CROISSANT}: {e}" for e in validate_croissant(folder / CROISSANT)]
    if problems:
        raise CorpusErrors([CorpusError(str(folder), p) for p in problems])


def token() -> str | None:
    return os.environ.get("HF_TOKEN") or None


def upload(folder: Path, repo_id: str, private: bool, hf_token: str) -> str:
    """Create the dataset repo if needed and upload the folder; returns the commit URL."""
    from huggingface_hub import HfApi

    api = HfApi(token=hf_token)
    api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    info = api.upload_folder(folder_path=str(folder), repo_id=repo_id, repo_type="dataset",
                             commit_message="Upload polit-corpus built by `polit-corpus publish`")
    return str(getattr(info, "commit_url", info))
