"""Scoring any system's quotations and figures against this corpus's annotations.

`polit-corpus evaluate` and the benchmark adapters use these functions, so every score we quote
is counted the same way (one-to-one matching from `scoring`). Predictions are rows as
`annotate --format jsonl` writes them: offsets into each text as given, which for a corpus
document is its raw file, so gold spans are compared by their raw offsets.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import CorpusError
from .scoring import match_exact, match_overlap, overlap_ok, prf

# Spans of different documents never overlap: each document's offsets are shifted by this much.
_DOC_STRIDE = 10 ** 12
FIGURE_FIELDS = ("value", "value_low", "value_high", "approximation", "unit")


def read_predictions(path: Path) -> dict[str, dict]:
    """{id: {"quotes": [...], "figures": [...]}} from a JSON Lines file; one error line per
    problem, naming the line and field."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CorpusError(file, f"cannot read: {exc.strerror or exc}") from None
    out: dict[str, dict] = {}
    for n, raw in enumerate(data.splitlines(), 1):
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
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise CorpusError(file, "expected an object with a string `id`", rec, "id")
        for layer in ("quotes", "figures"):
            items = row.get(layer, [])
            if not isinstance(items, list):
                raise CorpusError(file, f"`{layer}` must be a list", row["id"], layer)
            for k, item in enumerate(items):
                ok = isinstance(item, dict) and all(
                    isinstance(item.get(f), int) and not isinstance(item.get(f), bool)
                    for f in ("start", "end"))
                if not ok or item["start"] > item["end"]:
                    raise CorpusError(file, "needs integer start <= end", row["id"],
                                      f"{layer}[{k}]")
        if row["id"] in out:
            raise CorpusError(file, "duplicate id", row["id"], "id")
        out[row["id"]] = {"quotes": row.get("quotes", []), "figures": row.get("figures", [])}
    if not out:
        raise CorpusError(file, "no predictions (the file is empty)")
    return out


def _gold_rows(doc) -> tuple[list[dict], list[dict]]:
    """A document's gold quotes and figures with start/end as raw offsets."""
    def span(s):
        return None if s is None else {"start": s.raw_start, "end": s.raw_end, "text": s.text}

    quotes = [{"start": q.raw_start, "end": q.raw_end, "type": q.type, "speaker_id": q.speaker_id,
               "source": span(q.source)} for q in doc.quotes]
    figures = [{"start": f.raw_start, "end": f.raw_end,
                **{k: getattr(f, k) for k in FIGURE_FIELDS}} for f in doc.figures]
    return quotes, figures


def _spans(rows: Sequence[dict], shift: int) -> list[tuple[int, int]]:
    return [(r["start"] + shift, r["end"] + shift) for r in rows]


def _prf_dict(matched: int, gold: int, predicted: int) -> dict:
    return prf(matched, gold, predicted).as_dict()


def score_layer(gold: Sequence[dict], pred: Sequence[dict]) -> tuple[dict, list[tuple[int, int]]]:
    """Exact and overlap P/R/F1 of spans already shifted per document, and the overlap pairs."""
    g, p = [(r["start"], r["end"]) for r in gold], [(r["start"], r["end"]) for r in pred]
    pairs = match_overlap(g, p)
    return ({"exact": _prf_dict(len(match_exact(g, p)), len(g), len(p)),
             "overlap": _prf_dict(len(pairs), len(g), len(p))}, pairs)


def _shifted(rows: Sequence[dict], shift: int) -> list[dict]:
    out = []
    for r in rows:
        s = dict(r, start=r["start"] + shift, end=r["end"] + shift)
        src = r.get("source")
        if isinstance(src, dict) and isinstance(src.get("start"), int):
            s["source"] = dict(src, start=src["start"] + shift, end=src["end"] + shift)
        out.append(s)
    return out


def _agree(pairs, gold, pred, same) -> dict:
    compared = [(gold[i], pred[j]) for i, j in pairs]
    compared = [(g, p) for g, p in compared if same(g, p) is not None]
    agree = sum(bool(same(g, p)) for g, p in compared)
    return {"agree": agree, "compared": len(compared),
            "share": round(agree / len(compared), 4) if compared else None}


def score_quotes(gold: Sequence[dict], pred: Sequence[dict]) -> dict:
    """Quotation spans overall and per type, plus type, speaker and source on matched pairs.
    Source agreement counts pairs whose gold quote has a source: does the proposed source
    overlap it (at least half of the shorter span)?"""
    spans, pairs = score_layer(gold, pred)
    out = {"spans": {"quotes": spans}, "attributes": {}}
    for t in sorted({q["type"] for q in gold} | {q.get("type") for q in pred} - {None}):
        out["spans"][f"quotes/{t}"] = score_layer([q for q in gold if q["type"] == t],
                                                  [q for q in pred if q.get("type") == t])[0]

    def source(g, p):
        if g["source"] is None:
            return None
        ps = p.get("source")
        return bool(ps) and bool(overlap_ok((g["source"]["start"], g["source"]["end"]),
                                            (ps["start"], ps["end"])))

    out["attributes"] = {
        "quote type": _agree(pairs, gold, pred, lambda g, p: g["type"] == p.get("type")),
        "speaker id": _agree(pairs, gold, pred,
                             lambda g, p: g["speaker_id"] == p.get("speaker_id")),
        "source overlaps gold source": _agree(pairs, gold, pred, source),
    }
    return out


def score_figures(gold: Sequence[dict], pred: Sequence[dict]) -> dict:
    """Figure spans, and value, bounds, approximation and unit on overlap-matched pairs."""
    spans, pairs = score_layer(gold, pred)
    attrs = {f"figure {k}": _agree(pairs, gold, pred, lambda g, p, k=k: g[k] == p.get(k))
             for k in FIGURE_FIELDS}
    return {"spans": {"figures": spans}, "attributes": attrs}


def score_corpus(docs: Sequence, predictions: Mapping[str, dict]) -> dict:
    """Scores over every gold document; a gold document with no prediction predicts nothing, and
    predictions for texts not in the gold are ignored (listed under `unknown`)."""
    gq, pq, gf, pf = [], [], [], []
    ids = sorted(d.id for d in docs)
    for n, doc in enumerate(sorted(docs, key=lambda d: d.id)):
        shift = n * _DOC_STRIDE
        quotes, figures = _gold_rows(doc)
        pred = predictions.get(doc.id, {"quotes": [], "figures": []})
        gq += _shifted(quotes, shift)
        gf += _shifted(figures, shift)
        pq += _shifted(pred["quotes"], shift)
        pf += _shifted(pred["figures"], shift)
    q, f = score_quotes(gq, pq), score_figures(gf, pf)
    return {"spans": {**q["spans"], **f["spans"]},
            "attributes": {**q["attributes"], **f["attributes"]},
            "missing": [i for i in ids if i not in predictions],
            "unknown": sorted(set(predictions) - set(ids))}
