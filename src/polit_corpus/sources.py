"""Reading the verbatim raw files: the only place raw bytes are decoded, so every check lives here."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import CorpusError, read_limited
from .limits import MAX_RAW_BYTES

BOM = b"\xef\xbb\xbf"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_raw(path: Path, expected_sha256: str | None = None) -> str:
    """Return the decoded raw text, refusing anything we could not keep verbatim."""
    name = str(path)
    if not path.is_file():
        raise CorpusError(name, "raw file is missing")
    data = read_limited(path, MAX_RAW_BYTES, "raw file")
    if not data:
        raise CorpusError(name, "raw file is empty")
    if data.startswith(BOM):
        # Refused rather than stripped: the raw file is kept byte for byte, and every offset
        # counts from its first character (README, "Limits and refused input").
        raise CorpusError(name, "raw file starts with a UTF-8 byte-order mark (EF BB BF); save it "
                                "as UTF-8 without BOM, then add or checksum it again")
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
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise CorpusError(name, f"raw file is not UTF-8 (byte {exc.start}: {exc.reason})") from None
    if not text.strip():
        raise CorpusError(name, "raw file is empty (it holds only whitespace)")
    return text
