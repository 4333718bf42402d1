"""Reading the verbatim raw files: the only place raw bytes are decoded, so every check lives here."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import CorpusError


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_raw(path: Path, expected_sha256: str | None = None) -> str:
    """Return the decoded raw text, refusing anything we could not keep verbatim."""
    name = str(path)
    if not path.is_file():
        raise CorpusError(name, "raw file is missing")
    data = path.read_bytes()
    if not data:
        raise CorpusError(name, "raw file is empty")
    if b"\x00" in data:
        nul = data.index(b"\x00")
        raise CorpusError(name, f"raw file is binary (NUL byte at offset {nul})")
    if expected_sha256 is not None:
        actual = sha256_bytes(data)
        if actual != expected_sha256:
            raise CorpusError(
                name,
                f"raw file changed after its checksum was recorded "
                f"(sha256 {actual[:12]}..., documents.yaml has {expected_sha256[:12]}...)",
            )
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise CorpusError(name, f"raw file is not UTF-8 (byte {exc.start}: {exc.reason})") from None
