"""Where commands write (I/O edge): an --out folder or file is checked before any work is done,
so a path that cannot be written gets one error naming it instead of a traceback at the end."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import CorpusError


def _first_existing(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def writable_dir(path: Path, option: str = "--out") -> Path:
    """Create `path` (and its parents) or say exactly why it cannot be."""
    if path.exists() and not path.is_dir():
        raise CorpusError(str(path), f"{option} exists and is not a folder")
    base = _first_existing(path)
    if not base.is_dir():
        raise CorpusError(str(path), f"{option} cannot be created: {base} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(str(path), f"{option} cannot be created: {exc.strerror}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise CorpusError(str(path), f"{option} is not writable: Permission denied")
    return path


def writable_file(path: Path, option: str = "--out") -> Path:
    """A file that can be (re)written: not a folder, its folder creatable and writable."""
    if path.is_dir():
        raise CorpusError(str(path), f"{option} is a folder; give a file name")
    writable_dir(path.parent, option + " folder")
    if path.exists() and not os.access(path, os.W_OK):
        raise CorpusError(str(path), f"{option} is not writable: Permission denied")
    return path
