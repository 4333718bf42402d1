"""Where the schemas live, whether installed as a wheel or run from a checkout."""

from __future__ import annotations

from pathlib import Path


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
