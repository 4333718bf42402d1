"""Turning stage outputs into the plain records that the schemas describe and the build writes."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING

from .corpus import Document

if TYPE_CHECKING:
    import datasets


DEFAULT_CONFIG = "documents"
SPLIT = "train"


@dataclass(frozen=True)
class BuiltConfig:
    """One built config of the dataset (here, not in build.py, so that build, card and
    croissant all import it from a module that imports none of them)."""

    name: str
    schema: str
    features: datasets.Features
    rows: list[dict]
    path: str  # relative to the build folder


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_ATOMS = frozenset((str, int, float, bool, type(None)))


def as_record(obj):
    """dataclasses.asdict for these frozen records, without its deep copy of every leaf (a
    quarter of the time of pre-annotating a long text went there); tuples stay tuples. Leaves
    are copied without a call per leaf."""
    cls = type(obj)
    if cls in _ATOMS:
        return obj
    if hasattr(cls, "__dataclass_fields__"):
        out = {}
        for name in _field_names(cls):
            v = getattr(obj, name)
            out[name] = v if type(v) in _ATOMS else as_record(v)
        return out
    if isinstance(obj, (list, tuple)):
        return type(obj)(v if type(v) in _ATOMS else as_record(v) for v in obj)
    if isinstance(obj, dict):
        return {k: as_record(v) for k, v in obj.items()}
    return obj


_SPACE = re.compile(r"\s")  # for str patterns, the whitespace str.split() splits on


def word_count(text: str, chunk: int = 1 << 20) -> int:
    """len(text.split()), counted in pieces cut at whitespace: the list of every word of a 50 MB
    text was half a gigabyte at build's peak."""
    n, i, end, chunk = 0, 0, len(text), max(chunk, 1)
    while i < end:
        j = min(i + chunk, end)
        if j < end and not text[j].isspace():
            m = _SPACE.search(text, j)
            j = m.start() if m else end
        n += len(text[i:j].split())
        i = j
    return n


_RECORDS: dict[int, tuple[weakref.ref, dict]] = {}


def document_record(doc: Document) -> dict:
    """The published record of a document. Validate checks it and build writes it: it is made
    once per document object (documents are frozen) and kept while the document lives. Callers
    must not change it."""
    hit = _RECORDS.get(id(doc))
    if hit is not None and hit[0]() is doc:
        return hit[1]
    record = _document_record(doc)
    key = id(doc)
    _RECORDS[key] = (weakref.ref(doc, lambda _ref, key=key: _RECORDS.pop(key, None)), record)
    return record


def carry_record(old: Document, new: Document) -> None:
    """Give `new`, a copy of `old` that differs at most in its reuse summary (what the
    cross-document stage sets), `old`'s record with only the reuse fields made anew, when that
    record was already made: rebuilding every quote and figure record of a long document a
    second time was a tenth of validate."""
    hit = _RECORDS.get(id(old))
    if hit is None or hit[0]() is not old or id(new) in _RECORDS:
        return
    if any(getattr(old, f) is not getattr(new, f) for f in _field_names(Document) if f != "reuse"):
        return
    record = {**hit[1], **_reuse_fields(new)}
    key = id(new)
    _RECORDS[key] = (weakref.ref(new, lambda _ref, key=key: _RECORDS.pop(key, None)), record)


def _reuse_fields(doc: Document) -> dict:
    return {
        "derived_from": list(doc.reuse.derived_from),
        "reuse_share": doc.reuse.share,
        "source_shares": [{"source_doc": s, "share": v} for s, v in doc.reuse.source_shares],
        "reuse_class": doc.reuse.reuse_class,
    }


def _document_record(doc: Document) -> dict:
    c = doc.cleaned
    v = doc.metadata.values
    return {
        "id": doc.id,
        "raw_file": doc.raw_file,
        "raw_sha256": doc.raw_sha256,
        "text": c.text,
        **{k: v[k] for k in ("title", "standfirst", "date", "date_precision", "published_time",
                             "force", "outlet", "outlet_type", "url", "area", "language")},
        "word_count": word_count(c.text),
        "metadata_evidence": [as_record(e) for e in doc.metadata.evidence],
        "paragraphs": [
            {"index": p.index, "role": p.role, "text": p.text, "start": p.start, "end": p.end,
             "raw_start": p.raw_start, "raw_end": p.raw_end}
            for p in c.paragraphs
        ],
        "removed": [{"role": r.role, "text": r.text, "raw_start": r.raw_start,
                     "raw_end": r.raw_end} for r in c.removed],
        "offset_map": [{"start": s.start, "end": s.end, "raw_start": s.raw_start}
                       for s in c.segments],
        "quotes": [as_record(q) for q in doc.quotes],
        "figures": [as_record(f) for f in doc.figures],
        "mentions": [as_record(m) for m in doc.mentions],
        **_reuse_fields(doc),
    }
