"""Reading text collections from outside the corpus: one .txt file, a folder of .txt files, a JSON
Lines file or a Parquet file with `id` and `text` columns (optional `date`, `time`).

`annotate` and `align --input` share this edge, so every collection gets the same checks and the
same one-line errors (file, record, field). Records stream: a Parquet file is read batch by batch
and a JSONL file line by line, so a collection is never held in memory whole; only the ids seen
are kept, to refuse duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError, read_limited
from .limits import MAX_RAW_BYTES

PARQUET_BATCH_ROWS = 1024
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2})?\Z")


@dataclass(frozen=True)
class TextRecord:
    """One input text. `date` is ISO 8601 at day, month or year precision; `time` is HH:MM[:SS]."""

    id: str
    text: str
    date: str | None = None
    time: str | None = None


def collection_kind(path: Path) -> str:
    """'txt', 'folder', 'jsonl' or 'parquet', from the path alone."""
    if path.is_dir():
        return "folder"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "txt"


def _check_date(file: str, rec: str, value, field: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date().isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str) or not _DATE.match(value):
        raise CorpusError(file, f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {str(value)[:40]!r}",
                          rec, field)
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise CorpusError(file, f"impossible date {value!r} ({exc})", rec, field) from None
    return value


def _check_time(file: str, rec: str, value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.time):
        value = value.strftime("%H:%M")
    if not isinstance(value, str) or not _TIME.match(value):
        raise CorpusError(file, f"not a time (HH:MM): {str(value)[:40]!r}", rec, "time")
    h, m = int(value[:2]), int(value[3:5])
    if h > 23 or m > 59:
        raise CorpusError(file, f"impossible time {value!r}", rec, "time")
    return value


def _record(file: str, rec: str, row: dict, seen: set[str]) -> TextRecord:
    if "text" not in row:
        raise CorpusError(file, "no `text` column", rec, "text")
    if "id" not in row:
        raise CorpusError(file, "no `id` column", rec, "id")
    doc_id, text = row["id"], row["text"]
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise CorpusError(file, f"id must be a non-empty string, got {str(doc_id)[:40]!r}", rec, "id")
    if not isinstance(text, str):
        raise CorpusError(file, f"text must be a string, got {type(text).__name__}", doc_id, "text")
    if doc_id in seen:
        raise CorpusError(file, "duplicate id", doc_id, "id")
    seen.add(doc_id)
    return TextRecord(doc_id, text, _check_date(file, doc_id, row.get("date"), "date"),
                      _check_time(file, doc_id, row.get("time")))


def _read_text_file(path: Path) -> str:
    data = read_limited(path, MAX_RAW_BYTES, "text file")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CorpusError(str(path), f"binary file (NUL byte at offset {nul})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(str(path), f"not UTF-8 (byte {exc.start}: {exc.reason})") from None


def _iter_jsonl(path: Path, seen: set[str]) -> Iterator[TextRecord]:
    file = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise CorpusError(file, f"cannot read: {exc.strerror or exc}") from None
    with fh:
        for n, raw in enumerate(fh, 1):
            rec = f"line {n}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CorpusError(file, f"not UTF-8 (byte {exc.start}: {exc.reason})", rec) from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                raise CorpusError(file, f"not JSON: {str(exc)[:80]}", rec) from None
            if not isinstance(row, dict):
                raise CorpusError(file, f"expected a JSON object, got {type(row).__name__}", rec)
            yield _record(file, rec, row, seen)


def _iter_parquet(path: Path, seen: set[str]) -> Iterator[TextRecord]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = str(path)
    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise CorpusError(file, f"not a readable Parquet file: {str(exc)[:120]}") from None
    names = set(pf.schema_arrow.names)
    for col in ("id", "text"):
        if col not in names:
            raise CorpusError(file, f"no `{col}` column (columns: {', '.join(sorted(names))})",
                              field=col)
    columns = [c for c in ("id", "text", "date", "time") if c in names]
    n = 0
    try:
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            for row in batch.to_pylist():
                n += 1
                yield _record(file, f"row {n}", row, seen)
    except (OSError, pa.ArrowException) as exc:
        raise CorpusError(file, f"not a readable Parquet file: {str(exc)[:120]}", f"row {n + 1}") from None


def read_collection(path: Path) -> Iterator[TextRecord]:
    """Yield the texts of a collection in file order (a folder: by file name); refuse an empty one."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(str(path), "no such file or folder")
    kind = collection_kind(path)
    seen: set[str] = set()
    if kind == "folder":
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
        if not files:
            raise CorpusError(str(path), "empty collection: the folder holds no .txt files")
        for p in files:
            yield _record(str(p), p.stem, {"id": p.stem, "text": _read_text_file(p)}, seen)
        return
    if kind == "txt":
        yield _record(str(path), path.stem, {"id": path.stem, "text": _read_text_file(path)}, seen)
        return
    rows = _iter_jsonl(path, seen) if kind == "jsonl" else _iter_parquet(path, seen)
    empty = True
    for r in rows:
        empty = False
        yield r
    if empty:
        raise CorpusError(str(path), "empty collection: no records")
