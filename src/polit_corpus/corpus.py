"""Reading a corpus folder (I/O edge): register, raw files, speakers and standoff files.

Everything after reading is done by the pure stage functions (clean, metadata, annotate, links).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import safe_yaml
from .clean import Cleaned, CleaningError, clean, with_headline
from .errors import CorpusError, CorpusErrors, read_limited
from .limits import MAX_ANNOTATION_BYTES, MAX_YAML_BYTES
from .metadata import Metadata, build_metadata
from .schemas import schema_errors
from .sources import read_raw

REGISTER = "documents.yaml"


@dataclass(frozen=True)
class Reuse:
    """How much of a document comes from earlier ones (set by the cross-document stage)."""

    derived_from: tuple[str, ...]
    share: float
    reuse_class: str
    source_shares: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Speaker:
    """A speaker entity from speakers.yaml (defined here, at the reading edge, so that the
    annotation stage imports the corpus module and not the other way round)."""

    speaker_id: str
    name: str
    kind: str
    role: str | None
    organisation: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    id: str
    raw_file: str
    raw_sha256: str
    raw: str
    cleaned: Cleaned
    metadata: Metadata
    quotes: tuple = field(default=())
    figures: tuple = field(default=())
    mentions: tuple = field(default=())
    reuse: Reuse = field(default_factory=lambda: Reuse((), 0.0, "non_derived", ()))

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def date(self) -> str | None:
        return self.metadata.values["date"]

    @property
    def published_time(self) -> str | None:
        return self.metadata.values["published_time"]


def read_yaml(path: Path, max_bytes: int = MAX_YAML_BYTES) -> object:
    """A corpus YAML file, parsed under the limits of limits.py (no aliases, no duplicate keys)."""
    if not path.is_file():
        raise CorpusError(str(path), "file is missing")
    try:
        text = read_limited(path, max_bytes, "file").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(str(path), f"not UTF-8 (byte {exc.start})") from None
    try:
        return safe_yaml.load(text)
    except safe_yaml.YamlRefused as exc:
        raise CorpusError(str(path), f"line {exc.line}: {exc.message}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CorpusError(str(path), f"malformed YAML{where}: {problem}") from None


def load_register(corpus_dir: Path) -> list[dict]:
    path = corpus_dir / REGISTER
    data = read_yaml(path)
    errors = schema_errors(data, "documents-file", str(path))
    if errors:
        # Name records by id where we can, rather than by list index.
        docs = data.get("documents") if isinstance(data, dict) else None
        for e in errors:
            if e.field and e.field.startswith("documents.") and isinstance(docs, list):
                idx = e.field.split(".")[1]
                if idx.isdigit() and int(idx) < len(docs) and isinstance(docs[int(idx)], dict):
                    e.record = str(docs[int(idx)].get("id", f"documents[{idx}]"))
                    e.field = ".".join(e.field.split(".")[2:]) or None
        raise CorpusErrors(errors)
    ids = [d["id"] for d in data["documents"]]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CorpusError(str(path), "duplicate document id", dupes[0], "id")
    problems = [e for d in data["documents"] for e in _entry_problems(corpus_dir, path, d)]
    problems += _file_owner_problems(path, data["documents"])
    if problems:
        raise CorpusErrors(problems)
    return data["documents"]


def _entry_problems(corpus_dir: Path, path: Path, entry: dict) -> list[CorpusError]:
    """What the schema cannot say: raw_file names a plain file inside raw/ (checked before
    anything is read), and dates are calendar dates."""
    out = []
    name = entry["raw_file"]
    bad = None
    if Path(name).is_absolute() or "/" in name or "\\" in name or name in (".", ".."):
        bad = "must be a file name inside raw/, not a path"
    else:
        target = corpus_dir / "raw" / name
        if target.is_symlink():
            bad = "is a symbolic link; raw files must be regular files inside raw/"
        elif target.exists() and target.resolve().parent != (corpus_dir / "raw").resolve():
            bad = "resolves outside raw/"
    if bad:
        out.append(CorpusError(str(path), f"{name!r} {bad}", entry["id"], "raw_file"))
    date = entry["metadata"].get("date", {}).get("value")
    problem = calendar_problem(date)
    if problem:
        out.append(CorpusError(str(path), problem, entry["id"], "metadata.date.value"))
    return out


def _file_owner_problems(path: Path, entries: list[dict]) -> list[CorpusError]:
    owner: dict[str, str] = {}
    out = []
    for d in entries:
        if d["raw_file"] in owner:
            out.append(CorpusError(str(path), f"{d['raw_file']!r} is already the raw file of "
                                              f"{owner[d['raw_file']]}", d["id"], "raw_file"))
        owner.setdefault(d["raw_file"], d["id"])
    return out


def calendar_problem(value: object) -> str | None:
    """Why an ISO date string (YYYY, YYYY-MM or YYYY-MM-DD) is not a real date, or None."""
    import datetime

    if not isinstance(value, str) or not value[:4].isdigit():
        return None  # the schema reports the type and pattern
    parts = value.split("-")
    try:
        if len(parts) == 3:
            datetime.date.fromisoformat(value)
        elif len(parts) == 2 and not 1 <= int(parts[1]) <= 12:
            raise ValueError("month must be in 1..12")
    except ValueError as exc:
        return f"{value!r} is not a calendar date ({exc})"
    return None


def load_document(corpus_dir: Path, entry: dict) -> Document:
    raw_path = corpus_dir / "raw" / entry["raw_file"]
    raw = read_raw(raw_path, entry["sha256"])
    try:
        cleaned = clean(raw)
    except CleaningError as exc:
        raise CorpusError(str(raw_path), str(exc), entry["id"]) from None
    title = entry["metadata"].get("title")
    cleaned = with_headline(cleaned, title.get("value") if isinstance(title, dict) else None)
    metadata, problems = build_metadata(entry["metadata"], cleaned, raw)
    if problems:
        raise CorpusErrors([
            CorpusError(str(corpus_dir / REGISTER), p.split(": ", 1)[1], entry["id"],
                        "metadata." + p.split(": ", 1)[0])
            for p in problems
        ])
    return Document(entry["id"], entry["raw_file"], entry["sha256"], raw, cleaned, metadata)


def load_documents(corpus_dir: Path) -> list[Document]:
    return [load_document(corpus_dir, e) for e in load_register(corpus_dir)]


SPEAKERS = "speakers.yaml"
ANNOTATIONS = "annotations"


def load_speakers(corpus_dir: Path):
    """The speaker register, validated item by item against speaker.schema.json."""
    path = corpus_dir / SPEAKERS
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("speakers"), list):
        raise CorpusError(str(path), "expected a mapping with a 'speakers' list")
    errors: list[CorpusError] = []
    speakers: dict[str, Speaker] = {}
    for i, item in enumerate(data["speakers"]):
        rec = item.get("speaker_id", f"speakers[{i}]") if isinstance(item, dict) else f"speakers[{i}]"
        found = schema_errors(item, "speaker", str(path), str(rec))
        if found:
            errors += found
            continue
        if item["speaker_id"] in speakers:
            errors.append(CorpusError(str(path), "duplicate speaker id", str(rec), "speaker_id"))
            continue
        speakers[item["speaker_id"]] = Speaker(
            item["speaker_id"], item["name"], item["kind"], item["role"], item["organisation"],
            tuple(item["aliases"]))
    if errors:
        raise CorpusErrors(errors)
    return speakers


def standoff_path(corpus_dir: Path, doc_id: str) -> Path:
    return corpus_dir / ANNOTATIONS / f"{doc_id}.yaml"


def load_standoff(corpus_dir: Path, doc_id: str) -> dict:
    path = standoff_path(corpus_dir, doc_id)
    if not path.is_file():
        raise CorpusError(str(path), "annotation file is missing", doc_id)
    data = read_yaml(path, MAX_ANNOTATION_BYTES)
    errors = schema_errors(data, "standoff", str(path), doc_id)
    if errors:
        for e in errors:  # name the record by its id ("f1"), not its list position
            parts = (e.field or "").split(".")
            if len(parts) >= 2 and parts[0] in ("quotes", "figures") and parts[1].isdigit():
                items = data.get(parts[0]) if isinstance(data, dict) else None
                i = int(parts[1])
                if isinstance(items, list) and i < len(items) and isinstance(items[i], dict) \
                        and "id" in items[i]:
                    e.record = f"{doc_id}: {items[i]['id']}"
                    e.field = ".".join(parts[2:]) or None
        raise CorpusErrors(errors)
    return data
