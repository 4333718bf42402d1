"""One error type for bad input, so the CLI can print one line and exit 1 instead of a traceback."""

from __future__ import annotations

from pathlib import Path

from .limits import MAX_ERROR_CHARS


class CorpusError(Exception):
    """A problem with the corpus input, located by file, record and field."""

    def __init__(self, file: str, message: str, record: str | None = None,
                 field: str | None = None) -> None:
        self.file = file
        self.record = record
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f": {self.record}"
        if self.field:
            where += f": {self.field}"
        return cap(f"{where}: {self.message}")


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a user's file, refused by its size before a byte is read, so an oversized
    file costs no memory; one message for every kind of file (what: "raw file", "file", ...)."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise CorpusError(str(path), f"{what} is {size:,} bytes; the limit is {limit:,} "
                                         "(limits.py)")
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(path), f"{what} cannot be read: {exc.strerror or exc}") from None


def cap(line: str) -> str:
    """Cut an over-long error line in the middle (limits.MAX_ERROR_CHARS), saying how much went."""
    if len(line) <= MAX_ERROR_CHARS:
        return line
    keep = MAX_ERROR_CHARS // 2 - 20
    return f"{line[:keep]} [... {len(line) - 2 * keep:,} characters cut ...] {line[-keep:]}"


class CorpusErrors(Exception):
    """Several located problems found by one validation pass."""

    def __init__(self, errors: list[CorpusError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
