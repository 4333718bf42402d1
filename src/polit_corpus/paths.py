"""Where the schemas live, whether installed as a wheel or run from a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml


def schema_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "schema"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schema"


def datasheet_path() -> Path:
    """DATASHEET.md: packaged beside the code in a wheel, at the repo root in a checkout."""
    packaged = Path(__file__).resolve().parent / "DATASHEET.md"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "DATASHEET.md"


def license_path() -> Path:
    """LICENSE: packaged beside the code in a wheel, at the repo root in a checkout."""
    packaged = Path(__file__).resolve().parent / "LICENSE"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "LICENSE"


def lexicon(name: str) -> dict:
    """A data file of the package's lexicons/ folder (hedges, units, cues): data, not code."""
    path = resources.files("polit_corpus").joinpath("lexicons", f"{name}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))
