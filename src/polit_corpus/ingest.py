"""Adding a text to the corpus: raw copy, register entry with evidence, pre-annotated standoff file.

`propose_metadata` is pure: it reads what cleaning found (headline, standfirst, header lines,
front matter) and what the person adding the text stated on the command line, and returns a
register entry in which every value has its provenance and evidence. A command-line value that the
source also shows gets the source's provenance; one it does not show gets `provenance: user` with
the command-line statement as evidence. `add_text` is the I/O edge: it checks everything first and
writes only when nothing is wrong (raw file, then the register, then the annotation file).
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import yaml

from .clean import Cleaned, CleaningError, clean, with_headline
from .corpus import REGISTER, calendar_problem, load_register, load_speakers, standoff_path
from .errors import CorpusError, CorpusErrors
from .gc_pause import paused_gc
from .limits import ID_PATTERN, MAX_ANNOTATION_BYTES, MAX_ID_CHARS
from .metadata import FIELDS, build_metadata, header_facts
from .preannotate import CAPWORD, preannotate
from .schemas import load_schema
from .sources import read_raw, sha256_bytes

OUTLET_TYPES = tuple(load_schema("document")["properties"]["outlet_type"]["enum"])  # the contract
SLUG = re.compile(ID_PATTERN)  # the register schema's id pattern (limits.py reads it)
# At most four name words before "Police": an unbounded run backtracks quadratically on long
# title-case text (64 KB took 30 s).
FORCE = re.compile(rf"\b((?:{CAPWORD}\s+){{1,4}}(?:Police|Constabulary))\b")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _user(option: str, value: str) -> dict:
    return {"value": value, "provenance": "user", "evidence": shlex.join([option, value]),
            "reason": "Stated on the command line by the person who added the text; the source "
                      "does not show it."}


def _none(reason: str, value: str | None = None) -> dict:
    return {"value": value, "provenance": "none", "reason": reason}


def _regions(cleaned: Cleaned, raw: str) -> list[tuple[str, str]]:
    """The parts of the source a value can be shown in, most specific first."""
    pieces = {role: "\n".join(r.text for r in cleaned.removed if r.role in roles)
              for role, roles in (("front_matter", ("front_matter",)),
                                  ("site_chrome", ("site_chrome",)),
                                  ("header_line", ("date_marker", "publication_line")))}
    fm = [r for r in cleaned.removed if r.role == "front_matter"]
    if fm:
        pieces["front_matter"] = raw[min(r.raw_start for r in fm):max(r.raw_end for r in fm)]
    return [(k, v) for k, v in pieces.items() if v] + [("text", cleaned.text)]


def _shown_or_user(option: str, value: str, cleaned: Cleaned, raw: str) -> dict:
    for prov, region in _regions(cleaned, raw):
        if value in region:
            return {"value": value, "provenance": prov, "evidence": value}
    return _user(option, value)


def propose_metadata(cleaned: Cleaned, raw: str, *, force: str | None = None,
                     outlet: str | None = None, outlet_type: str | None = None,
                     url: str | None = None, date: str | None = None,
                     title: str | None = None) -> dict:
    """A register `metadata` mapping for a new text; raises CorpusError for contradictory input."""
    md: dict[str, dict] = {}
    roles = {p.role: p.text for p in reversed(cleaned.paragraphs)}
    fm_region = dict(_regions(cleaned, raw)).get("front_matter", "")

    headline = roles.get("headline")
    if title is not None:
        first = cleaned.paragraphs[0].text if cleaned.paragraphs else None
        if headline is not None and title != headline:
            raise CorpusError("--title", f"{title!r} differs from the headline the source marks "
                              f"({headline!r})")
        if headline is None and title != first:
            raise CorpusError("--title", f"{title!r} is not the text's first line ({first!r}); "
                              "give the headline exactly as the text prints it")
        headline = title
    if headline:
        md["title"] = {"value": headline, "provenance": "front_matter" if headline in fm_region
                       else "text", "evidence": headline}
    else:
        md["title"] = _none("The cleaned text has no headline paragraph.")
    standfirst = roles.get("standfirst")
    md["standfirst"] = ({"value": standfirst, "provenance": "front_matter", "evidence": standfirst}
                        if standfirst else _none("No standfirst paragraph was found."))

    facts = header_facts(cleaned)
    header_piece = next((r.text for r in reversed(cleaned.removed)
                         if r.role in ("date_marker", "publication_line")), None)
    if date is not None and not DATE.match(date):
        raise CorpusError("--date", f"{date!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if date is not None and (problem := calendar_problem(date)):
        raise CorpusError("--date", problem)
    if "date" in facts:
        if date is not None and date != facts["date"]:
            raise CorpusError("--date", f"{date} disagrees with the source's header line "
                              f"{header_piece!r} ({facts['date']})")
        md["date"] = {"value": facts["date"], "provenance": "header_line", "evidence": header_piece}
        md["date_precision"] = {"value": "day", "provenance": "header_line",
                                "evidence": header_piece}
    elif date is not None:
        md["date"] = _shown_or_user("--date", date, cleaned, raw)
        precision = {4: "year", 7: "month", 10: "day"}[len(date)]
        md["date_precision"] = (
            {"value": precision, "provenance": md["date"]["provenance"],
             "evidence": md["date"]["evidence"]} if md["date"]["provenance"] != "user" else
            {**_user("--date", date), "value": precision})
    else:
        md["date"] = _none("No header line dates the text and no --date was given.")
        md["date_precision"] = _none("No date.")
    if "published_time" in facts:
        md["published_time"] = {"value": facts["published_time"], "provenance": "header_line",
                                "evidence": header_piece}
    else:
        md["published_time"] = _none("No time is given.")

    if force:
        md["force"] = _shown_or_user("--force", force, cleaned, raw)
    else:
        named = sorted({m.group(1) for m in FORCE.finditer(cleaned.text)})
        if len(named) == 1:
            md["force"] = {"value": named[0], "provenance": "text", "evidence": named[0],
                           "reason": "Read automatically: the only police force the text names."}
        else:
            md["force"] = _none("No --force given; the text names "
                                + (", ".join(named) if named else "no police force") + ".")
    if outlet:
        md["outlet"] = _shown_or_user("--outlet", outlet, cleaned, raw)
    else:
        md["outlet"] = _none("No --outlet given; the outlet was not read automatically.")
    if outlet_type:
        if outlet_type not in OUTLET_TYPES:
            raise CorpusError("--outlet-type", f"{outlet_type!r} is not one of "
                              + ", ".join(OUTLET_TYPES))
        md["outlet_type"] = _user("--outlet-type", outlet_type)
    else:
        md["outlet_type"] = _none("Not stated; no --outlet-type given.", "unknown")
    fm = cleaned.front_matter or {}
    fm_url = fm.get("url") if isinstance(fm.get("url"), str) else None
    if url:
        md["url"] = _shown_or_user("--url", url, cleaned, raw)
    elif fm_url and fm_url in fm_region:
        md["url"] = {"value": fm_url, "provenance": "front_matter", "evidence": fm_url}
    else:
        md["url"] = _none("No URL in the source and no --url given.")
    md["area"] = _none("Not determined automatically; the reviewer sets it with its evidence.")
    locale = next((v for v in (fm.get("locale"), (fm.get("og") or {}).get("locale")
                               if isinstance(fm.get("og"), dict) else None)
                   if isinstance(v, str) and v in fm_region), None)
    if locale:
        md["language"] = {"value": locale.replace("_", "-"), "provenance": "front_matter",
                          "evidence": locale}
    else:
        words = cleaned.paragraphs[0].text.split()[:6] if cleaned.paragraphs else []
        sample = " ".join(words)
        while sample and sample not in raw:
            words = words[:-1]
            sample = " ".join(words)
        md["language"] = {"value": "en", "provenance": "inferred", "evidence": sample or None,
                          "reason": "polit-corpus takes English news texts; the regional variety "
                                    "(en-GB, en-US, ...) was not determined."}
    return {k: md[k] for k in FIELDS}


def entry_yaml(entry: dict) -> str:
    """One register entry in the style of documents.yaml (flow mappings, one field a line);
    strings are JSON-quoted, which YAML reads as double-quoted scalars."""
    def scalar(v) -> str:
        return "null" if v is None else json.dumps(v, ensure_ascii=False)

    lines = [f"  - id: {entry['id']}", f"    raw_file: {scalar(entry['raw_file'])}",
             f"    sha256: {entry['sha256']}", "    metadata:"]
    for k, item in entry["metadata"].items():
        inner = ", ".join(f"{key}: {scalar(val)}" for key, val in item.items())
        lines.append(f"      {k}: {{{inner}}}")
    return "\n".join(lines) + "\n"


class _FlowDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """libyaml's emitter where PyYAML has it: the same text as the pure-Python one, four times
    faster (a 5,000-quote pre-annotation took 3 s to write)."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict):
    small = set(data) <= {"text", "before", "after", "occurrence", "speaker", "anchor"} \
        and all(not isinstance(v, (list, dict)) or set(v) <= {"text", "before", "after",
                                                               "occurrence"}
                for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=small)


_FlowDumper.add_representer(dict, _represent_dict)


def standoff_yaml(standoff: dict, header: str) -> str:
    """The standoff dict as a YAML file for review; anchors and mentions in flow style."""
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    body = yaml.dump(standoff, Dumper=_FlowDumper, sort_keys=False, allow_unicode=True, width=100)
    return comment + body


REVIEW_HEADER = (
    "Pre-annotated by polit-corpus ({how}); NOT reviewed.\n"
    "Every record carries note: \"auto: ...\". Check each one against corpus/GUIDELINES.md, fix it,\n"
    "and delete the note; add what the rules miss (nested quotations, periods, statistic ids,\n"
    "quote clusters, mentions). `polit-corpus validate` fails until no auto note is left."
)


def slug_for(path: Path) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return s if s[:1].isalpha() else f"doc-{s}" if s else "new-document"


def _write_all(dest: Path, data: bytes, register_path: Path, entry: dict, annotation: Path,
               annotation_text: str) -> None:
    """Raw copy, register entry, annotation file; on any OSError undo what was written, so a
    refused add leaves the corpus byte for byte."""
    register_before = register_path.read_bytes()
    created: list[Path] = []
    try:
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            created.append(dest)
        annotation.parent.mkdir(parents=True, exist_ok=True)
        annotation.write_text(annotation_text, encoding="utf-8")
        created.append(annotation)
        text = register_before.decode("utf-8")
        sep = "" if text.endswith("\n") else "\n"
        with register_path.open("a", encoding="utf-8") as fh:
            fh.write(sep + "\n" + entry_yaml(entry))
    except OSError:
        register_path.write_bytes(register_before)
        for p in created:
            p.unlink(missing_ok=True)
        raise


def add_text(raw_path: Path, doc_id: str, corpus: Path, **options) -> dict:
    """Copy raw_path into corpus/raw, append its register entry and write its pre-annotation.
    Everything is checked before anything is written. Returns the entry."""
    if not SLUG.match(doc_id):
        raise CorpusError("--id", f"{doc_id!r} is not a valid id (lower-case letters, digits and "
                          "hyphens, starting with a letter)")
    if len(doc_id) > MAX_ID_CHARS:
        raise CorpusError("--id", f"id of {len(doc_id)} characters; the limit is {MAX_ID_CHARS}")
    raw = read_raw(raw_path)
    data = raw_path.read_bytes()
    sha = sha256_bytes(data)
    register_path = corpus / REGISTER
    entries = load_register(corpus)
    for e in entries:
        if e["id"] == doc_id:
            raise CorpusError(str(register_path), "id is already in the register", doc_id, "id")
        if e["sha256"] == sha:
            raise CorpusError(str(raw_path), f"the same text is already in the corpus as "
                              f"{e['id']!r} ({e['raw_file']})")
    dest = corpus / "raw" / raw_path.name
    if dest.exists() and dest.read_bytes() != data:
        raise CorpusError(str(dest), "a different file with this name is already in raw/; "
                          "rename the new file")
    annotation = standoff_path(corpus, doc_id)
    if annotation.exists():
        raise CorpusError(str(annotation), "annotation file already exists", doc_id)
    try:
        cleaned = clean(raw)
    except CleaningError as exc:
        raise CorpusError(str(raw_path), str(exc)) from None
    metadata = propose_metadata(cleaned, raw, **options)
    cleaned = with_headline(cleaned, metadata["title"]["value"])
    _, problems = build_metadata(metadata, cleaned, raw)
    if problems:
        raise CorpusErrors([CorpusError(str(register_path), p, doc_id) for p in problems])
    entry = {"id": doc_id, "raw_file": raw_path.name, "sha256": sha, "metadata": metadata}
    speakers = load_speakers(corpus)
    with paused_gc():
        standoff = preannotate(cleaned.text, cleaned.paragraphs, speakers, doc_id=doc_id)
        annotation_text = standoff_yaml(
            standoff, REVIEW_HEADER.format(how=f"polit-corpus add, from raw/{raw_path.name}"))
    size = len(annotation_text.encode("utf-8"))
    if size > MAX_ANNOTATION_BYTES:  # validate would refuse the file: write nothing
        raise CorpusError(str(raw_path), f"its pre-annotation would be {size:,} bytes of YAML; "
                          f"the limit is {MAX_ANNOTATION_BYTES:,} (limits.py): split the text")
    try:
        _write_all(dest, data, register_path, entry, annotation, annotation_text)
    except OSError as exc:
        raise CorpusError(str(exc.filename or corpus), f"cannot write: {exc.strerror}; the corpus "
                                                       "was left as it was") from None
    return entry
