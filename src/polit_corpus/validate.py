"""The single gate: schema and semantic checks over the whole corpus, every error located.

Build, CI and contributors all call `validate_corpus`; it never stops at the first problem
within a document it could read, so one run lists everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from .anchors import release
from .annotate import annotate
from .clean import restore_raw
from .corpus import (
    ANNOTATIONS,
    REGISTER,
    SPEAKERS,
    Document,
    load_document,
    load_register,
    load_speakers,
    load_standoff,
    standoff_path,
)
from .coverage import coverage_problems
from .errors import CorpusError, CorpusErrors
from .gc_pause import paused_gc
from .links import link_corpus, link_problems, passage_problems
from .records import carry_record, document_record
from .schemas import schema_errors


def _spans(record: dict) -> Iterator[tuple[tuple | None, dict]]:
    """Every dict in a record that carries offsets, in document order, with where it sits as a
    chain (parent, key) that `_path` spells only when an error needs it (a recursive generator
    building every path took 2.5 s of a 10 MB validate). Yielded one by one: the list of them
    all was a tenth of a long document's peak memory."""
    stack: list[tuple[object, tuple | None]] = [(record, None)]
    containers = (dict, list)
    while stack:
        node, where = stack.pop()
        if type(node) is dict:
            if "start" in node and "end" in node:
                yield where, node
            kids = [(v, (where, k)) for k, v in node.items() if type(v) in containers]
        else:
            kids = [(v, (where, i)) for i, v in enumerate(node) if type(v) in containers]
        stack += reversed(kids)


def _path(where: tuple | None) -> str:
    keys = []
    while where is not None:
        where, key = where
        keys.append(key)
    path = ""
    for key in reversed(keys):
        path = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
    return path


def check_document(doc: Document, file: str) -> list[CorpusError]:
    """Offsets in range, span texts equal to the clean text, raw offsets equal to the raw text."""
    errors: list[CorpusError] = []

    def err(field: str, msg: str) -> None:
        errors.append(CorpusError(file, msg, doc.id, field))

    try:
        if restore_raw(doc.cleaned, len(doc.raw)) != doc.raw:
            err("removed", "raw text is not recovered from clean text + removed pieces")
    except ValueError as exc:
        err("removed", f"cleaning is not lossless: {exc}")
    record = document_record(doc)  # its schema check is validate_and_link's, once per document
    text, raw = doc.text, doc.raw
    for where, span in _suspect_spans(record, doc):
        s, e = span["start"], span["end"]
        if not (0 <= s < e <= len(text)):
            err(_path(where), f"offsets {s}:{e} out of range for a text of {len(text)} characters")
            continue
        if "text" in span and text[s:e] != span["text"]:
            err(_path(where), f"span text {span['text']!r} != clean text at {s}:{e} {text[s:e]!r}")
        if "raw_start" in span:
            rs = span["raw_start"]
            re_ = span.get("raw_end", rs + e - s)
            if not (0 <= rs < re_ <= len(raw)):
                err(_path(where), f"raw offsets {rs}:{re_} out of range for a raw text of {len(raw)}")
                continue
            if re_ - rs == e - s and raw[rs:re_] == text[s:e] \
                    and doc.cleaned.raw_offset(s) == rs and doc.cleaned.raw_offset(e - 1) == re_ - 1:
                continue  # the usual case, in constant lookups: the span is copied verbatim
            mapped = [doc.cleaned.raw_offset(i) for i in range(s, e)]
            if mapped[0] != rs or mapped[-1] is None or mapped[-1] + 1 != re_:
                err(_path(where), f"raw offsets {rs}:{re_} do not map to clean offsets {s}:{e}")
            elif None not in mapped and raw[rs:re_] != text[s:e]:
                err(_path(where), f"raw text at {rs}:{re_} {raw[rs:re_]!r} != clean text {text[s:e]!r}")
    for i, r in enumerate(record["removed"]):
        if raw[r["raw_start"]:r["raw_end"]] != r["text"]:
            err(f"removed[{i}]", "removed text differs from the raw text at its offsets")
    return errors


def _suspect_spans(record: dict, doc: Document) -> list[tuple[tuple | None, dict]]:
    """The spans of `record` (as `_spans` yields them, in its order) that check_document's exact
    checks must look at: every span they could report, and any they would map character by
    character. The rest (nearly all: spans copied verbatim from the raw text) are proved right
    here, with their raw offsets mapped in one vectorised search instead of two binary searches
    each (the exact loop over every span was a fifth of a long document's validate)."""
    from array import array

    import numpy as np

    text, raw = doc.text, doc.raw
    n_text, n_raw = len(text), len(raw)
    suspect: list[tuple[int, tuple | None, dict]] = []
    at, starts, ends, raw_starts = array("q"), array("q"), array("q"), array("q")
    for i, (where, span) in enumerate(_spans(record)):
        s, e = span["start"], span["end"]
        if type(s) is not int or type(e) is not int or not 0 <= s < e <= n_text:
            suspect.append((i, where, span))
            continue
        piece = text[s:e]
        if "text" in span and span["text"] != piece:
            suspect.append((i, where, span))
            continue
        if "raw_start" in span:
            rs = span["raw_start"]
            re_ = span.get("raw_end", rs + e - s) if type(rs) is int else None
            if type(rs) is not int or type(re_) is not int or not 0 <= rs < re_ <= n_raw \
                    or re_ - rs != e - s or raw[rs:re_] != piece:
                suspect.append((i, where, span))
                continue
            at.append(i)
            starts.append(s)
            ends.append(e)
            raw_starts.append(rs)
    segments = doc.cleaned.segments
    failed: set[int] = set()
    if at and not segments:
        failed = set(at)
    elif at:
        seg_start = np.fromiter((g.start for g in segments), np.int64, len(segments))
        seg_end = np.fromiter((g.end for g in segments), np.int64, len(segments))
        seg_raw = np.fromiter((g.raw_start for g in segments), np.int64, len(segments))
        s, last, rs = (np.frombuffer(v, dtype=np.int64) for v in (starts, ends, raw_starts))
        last = last - 1
        ok = np.ones(len(at), dtype=bool)
        # raw_offset(s) == rs and raw_offset(e - 1) == rs + e - s - 1: both characters copied
        for i, want in ((s, rs), (last, rs + (last - s))):
            k = np.searchsorted(seg_start, i, "right") - 1
            kk = np.maximum(k, 0)
            ok &= (k >= 0) & (i < seg_end[kk]) & (seg_raw[kk] + i - seg_start[kk] == want)
        failed = set(np.frombuffer(at, dtype=np.int64)[~ok].tolist())
    if failed:  # rare: walk the record again for those spans
        suspect += [(i, where, span) for i, (where, span) in enumerate(_spans(record))
                    if i in failed]
        suspect.sort(key=lambda t: t[0])
    return [(where, span) for _, where, span in suspect]


def validate_corpus(corpus_dir: Path) -> tuple[list[Document], list[CorpusError]]:
    """Load and check everything; return the documents that loaded and every error found."""
    docs, _, errors = validate_and_link(corpus_dir)
    return docs, errors


def validate_and_link(corpus_dir: Path) -> tuple[list[Document], list, list[CorpusError]]:
    """As validate_corpus, plus the aligned passages the cross-document stage produced (empty
    when anything failed), so callers that need them do not align a second time."""
    with paused_gc():
        return _validate_and_link(corpus_dir)


def _validate_and_link(corpus_dir: Path) -> tuple[list[Document], list, list[CorpusError]]:
    passages: list = []
    try:
        entries = load_register(corpus_dir)
    except CorpusError as exc:
        return [], passages, [exc]
    except CorpusErrors as exc:
        return [], passages, exc.errors
    docs: list[Document] = []
    errors: list[CorpusError] = []
    register = str(corpus_dir / REGISTER)
    speakers = None
    try:
        speakers = load_speakers(corpus_dir)
    except CorpusError as exc:
        errors.append(exc)
    except CorpusErrors as exc:
        errors += exc.errors
    for entry in entries:
        try:
            doc = load_document(corpus_dir, entry)
            if speakers is not None:
                standoff = load_standoff(corpus_dir, doc.id)
                doc, problems = annotate_document(doc, standoff, speakers,
                                                  str(standoff_path(corpus_dir, doc.id)))
                del standoff  # the parsed file: not held while the next stages run
                errors += problems
        except CorpusError as exc:
            errors.append(exc)
            continue
        except CorpusErrors as exc:
            errors += exc.errors
            continue
        errors += check_document(doc, register)
        docs.append(doc)
    errors += orphan_annotations(corpus_dir, {e["id"] for e in entries})
    if speakers is not None and not errors:
        errors += speaker_register_problems(speakers, docs, str(corpus_dir / SPEAKERS))
    if speakers is not None and not errors:
        errors += [CorpusError(str(standoff_path(corpus_dir, doc_id)), msg, f"{doc_id}: {rec}", field)
                   for doc_id, rec, field, msg in link_problems(
                       {d.id: list(d.quotes) for d in docs}, {d.id: list(d.figures) for d in docs})]
    if not errors:
        linked, passages = link_corpus(docs)
        for old, new in zip(docs, linked, strict=True):
            carry_record(old, new)
        docs = linked
        where = "alignments"
        for n, p in enumerate(passages):
            errors += schema_errors(asdict(p), "alignment", where, f"{p.source_doc}->"
                                    f"{p.target_doc}[{n}]")
        errors += [CorpusError(where, msg, rec, field) for rec, field, msg in
                   passage_problems(passages, {d.id: d.text for d in docs})]
    # The published document records, checked once: after linking when it ran (the reuse
    # fields are then filled in), else as loaded.
    for d in docs:
        errors += schema_errors(document_record(d), "document", register, d.id)
    return docs, passages, errors


def orphan_annotations(corpus_dir: Path, ids: set[str]) -> list[CorpusError]:
    """An annotation file whose document is not in the register would be silently ignored."""
    folder = corpus_dir / ANNOTATIONS
    if not folder.is_dir():
        return []
    return [CorpusError(str(p), f"annotation file for a document that is not in {REGISTER} "
                                f"(no id {p.stem!r}); register the text with `polit-corpus add` "
                                "or remove the file")
            for p in sorted(folder.glob("*.yaml")) if p.stem not in ids]


def speaker_register_problems(speakers: dict, docs: list[Document], file: str) -> list[CorpusError]:
    """speakers.yaml claims that aliases are exactly the surface forms of each entity's mentions
    and that every entity speaks somewhere (GUIDELINES 2); the per-mention check covers one
    direction, this one the other, so the claim stays true as annotations change."""
    seen: dict[str, set[str]] = {}
    for d in docs:
        for m in d.mentions:
            seen.setdefault(m.speaker_id, set()).add(m.text)
    speaking = {q.speaker_id for d in docs for q in d.quotes if q.speaker_id}
    errors = []
    for sid, spk in speakers.items():
        unused = [a for a in spk.aliases if a not in seen.get(sid, set())]
        if unused:
            errors.append(CorpusError(file, f"aliases {unused} are the text of no mention of this "
                                      "speaker; aliases list exactly the mentions' surface forms",
                                      sid, "aliases"))
        if sid not in speaking:
            errors.append(CorpusError(file, "speaks no quotation in any document; speakers.yaml "
                                      "lists only speakers", sid, "speaker_id"))
    return errors


def annotate_document(doc: Document, standoff: dict, speakers: dict, file: str
                      ) -> tuple[Document, list[CorpusError]]:
    """Resolve the standoff file and run the coverage checks; problems located in that file."""
    doc, exceptions, problems = annotate(doc, standoff, speakers)
    release(doc.text)  # every anchor is resolved: the text's index (8 bytes a character) goes
    # before the coverage checks make their own passes over the text
    if not any(field.endswith("anchor") for _, field, _ in problems):
        # A lost anchor already explains the gap; coverage would only repeat it.
        problems += coverage_problems(doc, exceptions)
    problems += review_problems(standoff)
    return doc, [CorpusError(file, msg, f"{doc.id}: {rec}", field) for rec, field, msg in problems]


def review_problems(standoff: dict) -> list[tuple[str, str, str]]:
    """Records still carrying the pre-annotator's `note: "auto: ..."` have not been reviewed.
    A reviewer checks the record, fixes it, and removes the note (or replaces it with their own)."""
    out: list[tuple[str, str, str]] = []
    records = [(q["id"], q) for q in standoff["quotes"]] + [(f["id"], f) for f in standoff["figures"]]
    for key in ("quote_marks", "numbers"):
        records += [(f"exceptions.{key}[{i}]", x) for i, x in enumerate(standoff["exceptions"][key])]
    for rec, item in records:
        note = item.get("note")
        if isinstance(note, str) and note.startswith("auto:"):
            detail = note.split(":", 2)[-1].strip()
            out.append((rec, "note", f"machine-proposed, not reviewed yet ({detail}); "
                                     "check the record, then delete the auto note"))
    return out


def speaker_warnings(speakers: dict, file: str = "speakers.yaml") -> list[str]:
    """Warnings (not errors): a pronoun alias shared by two speakers, which no reader or
    pre-annotator can resolve from the alias alone. Pronouns come from lexicons/pronouns.yaml."""
    from importlib import resources

    import yaml

    path = resources.files("polit_corpus").joinpath("lexicons", "pronouns.yaml")
    pronouns = set(yaml.safe_load(path.read_text(encoding="utf-8"))["pronouns"])
    owners: dict[str, list[str]] = {}
    for sid, s in sorted(speakers.items()):
        for alias in {a.lower() for a in s.aliases}:
            if alias in pronouns:
                owners.setdefault(alias, []).append(sid)
    return [f"{file}: alias {alias!r} belongs to {len(ids)} speakers ({', '.join(ids)}); "
            "a mention with it cannot say which one is meant"
            for alias, ids in sorted(owners.items()) if len(ids) > 1]
