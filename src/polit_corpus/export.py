"""Export stage: the gold layers in formats other tools read.

- brat standoff: <doc>.txt (the clean text) and <doc>.ann with T lines for Quote, Cue, Source,
  Figure and Counted spans; A lines for the quote type and the figure category and
  approximation; R lines linking a quote to its cue and source and a figure to its counted noun;
  AnnotatorNotes (# lines) for the speaker and the figure's value. annotation.conf declares them.
- CoNLL: one token a line (token, start, end, then BIO columns for quote, cue, source, figure),
  a blank line between paragraphs, `# doc_id = ...` before each document. A token takes the
  label of the first span (by start) that overlaps it; nested quotations therefore show as the
  outer one.
- JSONL: one document record (the `documents` config row) a line.

Offsets are those of the clean text, so every exported span satisfies text[start:end] == span.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .corpus import Document
from .records import document_record
from .schemas import load_schema

FORMATS = ("brat", "conll", "jsonl")
TOKEN = re.compile(r"\w+(?:[-’'.,]\w+)*|[^\w\s]")


def _enum(schema: str, field: str) -> list[str]:
    return [v for v in load_schema(schema)["properties"][field]["enum"] if v is not None]


def brat_conf() -> str:
    """annotation.conf, with attribute values taken from the schemas."""
    return "\n".join([
        "[entities]", "Quote", "Cue", "Source", "Figure", "Counted", "",
        "[relations]", "HasCue\tArg1:Quote, Arg2:Cue", "HasSource\tArg1:Quote, Arg2:Source",
        "HasCounted\tArg1:Figure, Arg2:Counted", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]", "",
        "[attributes]",
        "QuoteType\tArg:Quote, Value:" + "|".join(_enum("quote", "type")),
        "Category\tArg:Figure, Value:" + "|".join(_enum("figure", "category")),
        "Approximation\tArg:Figure, Value:" + "|".join(_enum("figure", "approximation")),
        "Unit\tArg:Figure, Value:" + "|".join(_enum("figure", "unit")),
        "",
    ])


def brat_ann(doc: Document) -> str:
    lines: list[str] = []
    ids: dict[tuple[str, int, int], str] = {}
    counters = {"T": 0, "A": 0, "R": 0, "#": 0}

    def next_id(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    def entity(kind: str, start: int, end: int) -> str:
        key = (kind, start, end)
        if key not in ids:
            ids[key] = next_id("T")
            lines.append(f"{ids[key]}\t{kind} {start} {end}\t{doc.text[start:end]}")
        return ids[key]

    def attr(name: str, target: str, value: str) -> None:
        lines.append(f"{next_id('A')}\t{name} {target} {value}")

    def rel(name: str, a: str, b: str) -> None:
        lines.append(f"{next_id('R')}\t{name} Arg1:{a} Arg2:{b}")

    def note(target: str, text: str) -> None:
        lines.append(f"{next_id('#')}\tAnnotatorNotes {target}\t{text}")

    for q in doc.quotes:
        t = entity("Quote", q.start, q.end)
        attr("QuoteType", t, q.type)
        parts = [f"id={q.quote_id}", f"speaker={q.speaker_id or 'null'}"]
        if q.speaker_name:
            parts.append(f"name={q.speaker_name}")
        parts += [f"{k}={getattr(q, k)}" for k in ("continues", "nested_in", "quote_cluster")
                  if getattr(q, k)]
        note(t, "; ".join(parts))
        for kind, span, name in (("Cue", q.cue, "HasCue"), ("Source", q.source, "HasSource")):
            if span is not None:
                rel(name, t, entity(kind, span.start, span.end))
    for f in doc.figures:
        t = entity("Figure", f.start, f.end)
        attr("Category", t, f.category)
        attr("Approximation", t, f.approximation)
        attr("Unit", t, f.unit)
        parts = [f"id={f.figure_id}", f"value={f.value}", f"low={f.value_low}",
                 f"high={f.value_high}"]
        parts += [f"{k}={getattr(f, k)}" for k in ("statistic_id", "quote_id") if getattr(f, k)]
        if f.period is not None:
            parts.append(f"period={f.period.iso_start}..{f.period.iso_end}")
        note(t, "; ".join(parts))
        if f.counted is not None:
            rel("HasCounted", t, entity("Counted", f.counted.start, f.counted.end))
    return "\n".join(lines) + "\n"


def write_brat(docs: list[Document], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "annotation.conf"]
    written[0].write_text(brat_conf(), encoding="utf-8")
    for d in docs:
        (out / f"{d.id}.txt").write_text(d.text, encoding="utf-8", newline="")
        (out / f"{d.id}.ann").write_text(brat_ann(d), encoding="utf-8", newline="")
        written += [out / f"{d.id}.txt", out / f"{d.id}.ann"]
    return written


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _bio(toks: list[tuple[str, int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * len(toks)
    owner: list[int | None] = [None] * len(toks)
    for k, (s, e, label) in enumerate(sorted(spans)):
        first = True
        for i, (_, ts, te) in enumerate(toks):
            if ts < e and te > s and owner[i] is None:
                labels[i] = f"{'B' if first else 'I'}-{label}"
                owner[i] = k
                first = False
    return labels


def conll(doc: Document) -> str:
    layers = {
        "quote": [(q.start, q.end, q.type) for q in doc.quotes],
        "cue": [(q.cue.start, q.cue.end, "cue") for q in doc.quotes if q.cue],
        "source": [(q.source.start, q.source.end, "source") for q in doc.quotes if q.source],
        "figure": [(f.start, f.end, f.category) for f in doc.figures],
    }
    out = [f"# doc_id = {doc.id}", "# columns = token start end " + " ".join(layers)]
    for p in doc.cleaned.paragraphs:
        toks = [(t, s + p.start, e + p.start) for t, s, e in tokens(p.text)]
        cols = [_bio(toks, spans) for spans in layers.values()]
        for i, (t, s, e) in enumerate(toks):
            out.append("\t".join([t, str(s), str(e), *(c[i] for c in cols)]))
        out.append("")
    return "\n".join(out) + "\n"


def write_conll(docs: list[Document], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "polit-corpus.conll"
    path.write_text("\n".join(conll(d) for d in docs), encoding="utf-8")
    return [path]


def write_jsonl(docs: list[Document], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "documents.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(document_record(d), ensure_ascii=False) + "\n")
    return [path]


def export(docs: list[Document], fmt: str, out: Path) -> list[Path]:
    docs = sorted(docs, key=lambda d: d.id)
    return {"brat": write_brat, "conll": write_conll, "jsonl": write_jsonl}[fmt](docs, out)
