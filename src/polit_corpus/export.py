"""Export stage: the gold layers in the formats other tools read, each in its own folder.

- ``brat/``: PolNeAR's attribution convention. Each quotation (a multi-paragraph one with its
  ``continues`` segments as Content, Content2, ...) is an event: ``Attribution`` (or
  ``Attribution-no-source`` when no source mention is annotated) whose trigger is the cue span
  (the content span when the quotation has no cue), with text-bound ``Source``, ``Cue`` and
  ``Content`` arguments. The speaker is a normalisation (``N`` line, ``polit-speakers:<id>``) on
  the trigger and on the source mention, and a ``Speaker`` attribute. Figures follow MeasEval's
  brat names: ``Quantity`` (every scalar field of the figure record as an attribute: Value,
  Unit, Approximation, ...) and ``MeasuredEntity`` linked by ``HasQuantity``. ``annotation.conf``
  declares every label and value used.
- ``conll/``: IOB2, one token a line, ``-DOCSTART-`` before each document, a blank line between
  sentences (a sentence boundary inside any span is not a break), then one label column per
  layer: QUOTE, NESTED_QUOTE (quotations inside another), CUE, SOURCE, FIGURE, COUNTED.
  ``tokens.tsv`` gives each token line's document and character offsets.
- ``measeval/``: MeasEval's TSV (docId, annotSet, annotType, startOffset, endOffset, annotId,
  text, other), one file per document in ``tsv/`` with its text in ``text/``: each figure is a
  Quantity (``other``: unit and mods), its counted noun a MeasuredEntity ({"HasQuantity": id}).
  ``figures.jsonl`` carries every field of each figure record beside its annotSet/annotId,
  because MeasEval's validator allows only ``unit`` and ``mods`` in ``other``.
- ``jsonl/``: one document record (the ``documents`` config row) a line.

Offsets are those of the clean text, so every exported span satisfies text[start:end] == span.
Figure fields are exported generically (whatever the figure record carries), so new fields and
values pass through.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, fields, is_dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .corpus import Document
from .records import document_record

FORMATS = ("brat", "conll", "measeval", "jsonl")
TOKEN = re.compile(r"\w+(?:[-’'.,]\w+)*|[^\w\s]")
SPEAKER_DB = "polit-speakers"


# --- brat (PolNeAR attribution convention) -------------------------------------------------------


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _attr_value(v) -> str:
    """A brat attribute value: one token (brat splits on spaces)."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"[\s|,]+", "_", str(v))  # spaces split brat lines; | and , split conf values


FIGURE_SKIP = {"doc_id", "figure_id", "text", "start", "end", "raw_start", "raw_end", "quote_id"}


def figure_attributes(f) -> list[tuple[str, str | None]]:
    """(attribute name, value) for each scalar field of a figure record that is set; a boolean
    true is a binary attribute (value None). Nested fields (counted, period) are not attributes."""
    out = []
    for fld in fields(f):
        v = getattr(f, fld.name)
        if fld.name in FIGURE_SKIP or v is None or v is False or is_dataclass(v) \
                or isinstance(v, (list, tuple, dict)):
            continue
        out.append((_camel(fld.name), None if v is True else _attr_value(v)))
    return out


def attribution_chains(doc: Document) -> list[list]:
    """Quotations grouped into attributions: a segment that `continues` another joins its chain."""
    by_id = {q.quote_id: q for q in doc.quotes}
    root: dict[str, str] = {}

    def find(qid: str) -> str:
        seen = set()
        while by_id[qid].continues and by_id[qid].continues in by_id and qid not in seen:
            seen.add(qid)
            qid = by_id[qid].continues
        return qid

    chains: dict[str, list] = {}
    for q in doc.quotes:
        root[q.quote_id] = find(q.quote_id)
        chains.setdefault(root[q.quote_id], []).append(q)
    return [sorted(c, key=lambda q: q.start) for c in chains.values()]


def brat_ann(doc: Document) -> str:
    lines: list[str] = []
    ids: dict[tuple[str, int, int], str] = {}
    counters = {"T": 0, "A": 0, "R": 0, "E": 0, "N": 0, "#": 0}

    def next_id(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    def entity(kind: str, start: int, end: int) -> str:
        key = (kind, start, end)
        if key not in ids:
            ids[key] = next_id("T")
            lines.append(f"{ids[key]}\t{kind} {start} {end}\t{doc.text[start:end]}")
        return ids[key]

    def attr(name: str, target: str, value: str | None) -> None:
        lines.append(f"{next_id('A')}\t{name} {target}" + (f" {value}" if value is not None else ""))

    def norm(target: str, speaker_id: str, name: str) -> None:
        lines.append(f"{next_id('N')}\tReference {target} {SPEAKER_DB}:{speaker_id}\t{name}")

    def note(target: str, text: str) -> None:
        lines.append(f"{next_id('#')}\tAnnotatorNotes {target}\t{text}")

    contents: dict[str, str] = {}
    for chain in attribution_chains(doc):
        head = chain[0]
        cue = next((q.cue for q in chain if q.cue), None)
        src = next((q.source for q in chain if q.source), None)
        label = "Attribution" if src else "Attribution-no-source"
        trigger_span = cue or head
        trigger = entity(label, trigger_span.start, trigger_span.end)
        args = []
        for n, q in enumerate(chain):
            t = entity("Content", q.start, q.end)
            contents[q.quote_id] = t
            args.append(f"{'Content' if n == 0 else f'Content{n + 1}'}:{t}")
            note(t, "; ".join(f"{k}={getattr(q, k)}" for k in
                              ("quote_id", "type", "continues", "nested_in", "quote_cluster")
                              if getattr(q, k)))
        if cue:
            args.append(f"Cue:{entity('Cue', cue.start, cue.end)}")
        if src:
            s = entity("Source", src.start, src.end)
            args.append(f"Source:{s}")
            if head.speaker_id:
                norm(s, head.speaker_id, head.speaker_name or head.speaker_id)
        event = next_id("E")
        lines.append(f"{event}\t{label}:{trigger} " + " ".join(args))
        attr("QuoteType", event, head.type)
        if head.speaker_id:
            attr("Speaker", event, head.speaker_id)
            norm(trigger, head.speaker_id, head.speaker_name or head.speaker_id)
    for q in doc.quotes:
        if q.nested_in and q.nested_in in contents:
            lines.append(f"{next_id('R')}\tNestedIn Arg1:{contents[q.quote_id]} "
                         f"Arg2:{contents[q.nested_in]}")
    for f in doc.figures:
        t = entity("Quantity", f.start, f.end)
        for name, value in figure_attributes(f):
            attr(name, t, value)
        note(t, json.dumps(asdict(f), ensure_ascii=False, sort_keys=True))
        if f.counted is not None:
            lines.append(f"{next_id('R')}\tHasQuantity Arg1:"
                         f"{entity('MeasuredEntity', f.counted.start, f.counted.end)} Arg2:{t}")
        if f.quote_id and f.quote_id in contents:
            lines.append(f"{next_id('R')}\tInQuote Arg1:{t} Arg2:{contents[f.quote_id]}")
    return "\n".join(lines) + "\n"


def brat_conf(docs: list[Document]) -> str:
    """annotation.conf: every label, and every attribute value the exported documents use."""
    speakers = sorted({q.speaker_id for d in docs for q in d.quotes if q.speaker_id})
    qtypes = sorted({q.type for d in docs for q in d.quotes})
    fig_attrs: dict[str, set] = {}
    for d in docs:
        for f in d.figures:
            for name, value in figure_attributes(f):
                fig_attrs.setdefault(name, set())
                if value is not None:
                    fig_attrs[name].add(value)
    attr_lines = [f"QuoteType\tArg:<EVENT>, Value:{'|'.join(qtypes)}"] if qtypes else []
    if speakers:
        attr_lines.append(f"Speaker\tArg:<EVENT>, Value:{'|'.join(speakers)}")
    for name, values in sorted(fig_attrs.items()):
        attr_lines.append(f"{name}\tArg:Quantity" + (f", Value:{'|'.join(sorted(values))}"
                                                     if values else ""))
    return "\n".join([
        "# PolNeAR's attribution convention (Source, Cue, Content; Attribution events) and",
        "# MeasEval's quantity labels (Quantity, MeasuredEntity, HasQuantity).",
        "[entities]", "Source", "Cue", "Content", "Quantity", "MeasuredEntity", "",
        "[relations]", "HasQuantity\tArg1:MeasuredEntity, Arg2:Quantity",
        "NestedIn\tArg1:Content, Arg2:Content", "InQuote\tArg1:Quantity, Arg2:Content",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
        "[events]",
        "Attribution\tContent:Content, Content2?:Content, Content3?:Content, Content4?:Content, "
        "Content5?:Content, Cue?:Cue, Source:Source",
        "Attribution-no-source\tContent:Content, Content2?:Content, Content3?:Content, "
        "Content4?:Content, Content5?:Content, Cue?:Cue", "",
        "[attributes]", *attr_lines, "",
    ])


def write_brat(docs: list[Document], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "annotation.conf"]
    written[0].write_text(brat_conf(docs), encoding="utf-8")
    for d in docs:
        (out / f"{d.id}.txt").write_text(d.text, encoding="utf-8", newline="")
        (out / f"{d.id}.ann").write_text(brat_ann(d), encoding="utf-8", newline="")
        written += [out / f"{d.id}.txt", out / f"{d.id}.ann"]
    return written


# --- CoNLL (IOB2) ----------------------------------------------------------------------------

CONLL_LAYERS = ("QUOTE", "NESTED_QUOTE", "CUE", "SOURCE", "FIGURE", "COUNTED")
SENTENCE_END = {".", "!", "?"}
CLOSERS = {"”", "’", '"', "'", ")"}


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text, start,
                                                                      len(text) if end is None else end)]


def conll_layers(doc: Document) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, entity type) per layer; spans shared by several quotes appear once."""
    def uniq(spans):
        return sorted(set(spans))

    return {
        "QUOTE": uniq((q.start, q.end, q.type) for q in doc.quotes if not q.nested_in),
        "NESTED_QUOTE": uniq((q.start, q.end, q.type) for q in doc.quotes if q.nested_in),
        "CUE": uniq((q.cue.start, q.cue.end, "CUE") for q in doc.quotes if q.cue),
        "SOURCE": uniq((q.source.start, q.source.end, "SOURCE") for q in doc.quotes if q.source),
        "FIGURE": uniq((f.start, f.end, f.category) for f in doc.figures),
        "COUNTED": uniq((f.counted.start, f.counted.end, "COUNTED") for f in doc.figures if f.counted),
    }


def iob2(toks: list[tuple[str, int, int]], spans: list[tuple[int, int, str]], layer: str,
         doc_id: str) -> list[str]:
    labels = ["O"] * len(toks)
    for s, e, label in spans:
        inside = [i for i, (_, ts, te) in enumerate(toks) if ts < e and te > s]
        if not inside:
            raise ValueError(f"{doc_id}: {layer} span {s}:{e} covers no token")
        for n, i in enumerate(inside):
            if labels[i] != "O":
                raise ValueError(f"{doc_id}: {layer} spans overlap at {toks[i][1]}")
            labels[i] = f"{'B' if n == 0 else 'I'}-{label}"
    return labels


def sentences(toks: list[tuple[str, int, int]], spans: list[tuple[int, int, str]]) -> list[int]:
    """Token indices where a new sentence starts: after . ! ? (and a closing mark), before a
    capital, digit or opening mark, never inside a span of any layer."""
    starts = [0]
    for i in range(1, len(toks)):
        prev, cur = toks[i - 1][0], toks[i][0]
        ended = prev in SENTENCE_END or (prev in CLOSERS and i >= 2 and toks[i - 2][0] in SENTENCE_END)
        if not ended or not (cur[0].isupper() or cur[0].isdigit() or cur in {"“", "‘", '"', "'"}):
            continue
        if cur in CLOSERS and prev in SENTENCE_END and cur not in {'"', "'"}:
            continue
        # a span that covers both tokens keeps them in one sentence
        if any(s < toks[i - 1][2] and e > toks[i][1] for s, e, _ in spans):
            continue
        starts.append(i)
    return starts


def conll(doc: Document) -> tuple[list[str], list[str]]:
    """(CoNLL lines, tokens.tsv lines) of one document."""
    layers = conll_layers(doc)
    every = [s for spans in layers.values() for s in spans]
    lines = ["-DOCSTART- " + " ".join("O" for _ in CONLL_LAYERS), ""]
    offsets = []
    for p in doc.cleaned.paragraphs:
        toks = tokens(doc.text, p.start, p.end)
        if not toks:
            continue
        cols = [iob2(toks, [s for s in layers[name] if p.start <= s[0] < p.end], name, doc.id)
                for name in CONLL_LAYERS]
        starts = set(sentences(toks, every))
        for i, (t, s, e) in enumerate(toks):
            if i in starts and i:
                lines.append("")
            lines.append(" ".join([t, *(c[i] for c in cols)]))
            offsets.append(f"{doc.id}\t{s}\t{e}\t{t}")
        lines.append("")
    return lines, offsets


def write_conll(docs: list[Document], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    lines, offsets = [], ["doc_id\tstart\tend\ttoken"]
    for d in docs:
        more, offs = conll(d)
        lines += more
        offsets += offs
    data, tok = out / "polit-corpus.conll", out / "tokens.tsv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tok.write_text("\n".join(offsets) + "\n", encoding="utf-8")
    cols = out / "columns.txt"
    cols.write_text("token " + " ".join(CONLL_LAYERS) + "\n", encoding="utf-8")
    return [data, tok, cols]


# --- MeasEval TSV ---------------------------------------------------------------------------

MEASEVAL_COLUMNS = ("docId", "annotSet", "annotType", "startOffset", "endOffset", "annotId", "text",
                    "other")


@lru_cache(maxsize=1)
def measeval_table() -> dict:
    path = resources.files("polit_corpus").joinpath("formats", "measeval.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def measeval_other(f) -> dict:
    """The Quantity's `other`: unit (the unit words when the record has them, else the unit
    label; none for a bare count) and MeasEval modifiers from the approximation and unit."""
    table = measeval_table()
    mods: list[str] = []
    for key, value in (("approximation", f.approximation), ("unit", f.unit)):
        for m in table[key].get(value, []):
            if m not in mods:
                mods.append(m)
    other: dict = {}
    unit_text = getattr(f, "unit_text", None)
    unit = unit_text or (f.unit if f.unit not in table["unitless"] else None)
    if unit:
        other["unit"] = unit
    if mods:
        other["mods"] = mods
    return other


def measeval_rows(doc: Document) -> tuple[list[list], list[dict]]:
    rows, sidecar = [], []
    for n, f in enumerate(sorted(doc.figures, key=lambda f: (f.start, f.end)), start=1):
        qid = f"T1-{n}"
        other = measeval_other(f)
        rows.append([doc.id, n, "Quantity", f.start, f.end, qid, f.text,
                     json.dumps(other, ensure_ascii=False) if other else ""])
        if f.counted is not None:
            rows.append([doc.id, n, "MeasuredEntity", f.counted.start, f.counted.end, f"T2-{n}",
                         f.counted.text, json.dumps({"HasQuantity": qid})])
        sidecar.append({"docId": doc.id, "annotSet": n, "annotId": qid, **asdict(f)})
    return rows, sidecar


def _tsv_field(v) -> str:
    s = str(v)
    if "\t" in s or "\n" in s:
        raise ValueError(f"a tab or newline inside a MeasEval field: {s!r}")
    return s


def write_measeval(docs: list[Document], out: Path) -> list[Path]:
    (out / "tsv").mkdir(parents=True, exist_ok=True)
    (out / "text").mkdir(parents=True, exist_ok=True)
    written, sidecar = [], []
    for d in docs:
        rows, side = measeval_rows(d)
        sidecar += side
        tsv = out / "tsv" / f"{d.id}.tsv"
        tsv.write_text("\n".join("\t".join(_tsv_field(v) for v in r)
                                 for r in [list(MEASEVAL_COLUMNS), *rows]) + "\n", encoding="utf-8")
        txt = out / "text" / f"{d.id}.txt"
        txt.write_text(d.text, encoding="utf-8", newline="")
        written += [tsv, txt]
    side = out / "figures.jsonl"
    side.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sidecar),
                    encoding="utf-8")
    return [*written, side]


# --- JSONL -----------------------------------------------------------------------------------


def write_jsonl(docs: list[Document], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "documents.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(document_record(d), ensure_ascii=False) + "\n")
    return [path]


WRITERS = {"brat": write_brat, "conll": write_conll, "measeval": write_measeval, "jsonl": write_jsonl}


def export(docs: list[Document], fmts, out: Path) -> list[Path]:
    """Write each format in `fmts` (one name or several) into its own folder under `out`."""
    docs = sorted(docs, key=lambda d: d.id)
    names = [fmts] if isinstance(fmts, str) else list(fmts)
    written: list[Path] = []
    for fmt in names:
        written += WRITERS[fmt](docs, out / fmt)
    return written
