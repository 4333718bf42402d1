"""Scoring the pre-annotator against a gold standoff layer."""

from __future__ import annotations

from collections.abc import Mapping

from . import preannotate


def score(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict:
    """Precision and recall of predicted spans against gold spans, by exact offsets and by
    overlap (greedy one-to-one matching of overlapping spans)."""
    from ..agreement import _overlap_matches
    from ..agreement import legacy_prf as prf

    exact = len(set(gold) & set(predicted))
    overlap = _overlap_matches(sorted(gold), sorted(predicted))
    return {"exact": prf(exact, len(gold), len(predicted)),
            "overlap": prf(overlap, len(gold), len(predicted))}


def evaluate(docs, gold_standoffs: Mapping[str, dict], speakers: Mapping) -> dict:
    """Run `preannotate` on each document and score quotes and figures against the gold layer.
    Returns {doc_id or 'all': {'quotes': score, 'figures': score, 'n': counts}}; also the share
    of exactly matched quotes with the gold speaker and of matched figures with the gold value."""
    from ..annotate import annotate

    totals: dict[str, list] = {"quotes": [[], []], "figures": [[], []]}
    extra = {"speaker_same": 0, "quotes_matched": 0, "value_same": 0, "figures_matched": 0}
    out: dict[str, dict] = {}
    for doc in docs:
        gold, _, _ = annotate(doc, gold_standoffs[doc.id], speakers)
        pred_so = preannotate(doc.text, doc.cleaned.paragraphs, speakers, doc_id=doc.id)
        pred, _, problems = annotate(doc, pred_so, speakers)
        if problems:
            raise ValueError(f"{doc.id}: pre-annotation does not load: {problems[0]}")
        row = {}
        for layer in ("quotes", "figures"):
            g = [(x.start, x.end) for x in getattr(gold, layer)]
            p = [(x.start, x.end) for x in getattr(pred, layer)]
            totals[layer][0] += [(doc.id, *x) for x in g]
            totals[layer][1] += [(doc.id, *x) for x in p]
            row[layer] = score(g, p)
        gq = {(q.start, q.end): q for q in gold.quotes}
        for q in pred.quotes:
            if (q.start, q.end) in gq:
                extra["quotes_matched"] += 1
                extra["speaker_same"] += q.speaker_id == gq[(q.start, q.end)].speaker_id
        gf = {(f.start, f.end): f for f in gold.figures}
        for f in pred.figures:
            if (f.start, f.end) in gf:
                g = gf[(f.start, f.end)]
                extra["figures_matched"] += 1
                extra["value_same"] += (f.value, f.value_low, f.value_high, f.approximation,
                                        f.unit) == (g.value, g.value_low, g.value_high,
                                                    g.approximation, g.unit)
        out[doc.id] = row
    out["all"] = {layer: _score_keyed(*totals[layer]) for layer in totals}
    out["all"]["attributes"] = extra
    return out


def _score_keyed(gold: list[tuple], predicted: list[tuple]) -> dict:
    """`score` over (doc_id, start, end) triples: overlap only counts within a document."""
    from ..agreement import legacy_prf as prf

    exact = len(set(gold) & set(predicted))
    overlap = 0
    for doc_id in sorted({g[0] for g in gold} | {p[0] for p in predicted}):
        g = [(s, e) for d, s, e in gold if d == doc_id]
        p = [(s, e) for d, s, e in predicted if d == doc_id]
        overlap += score(g, p)["overlap"].matched
    return {"exact": prf(exact, len(gold), len(predicted)),
            "overlap": prf(overlap, len(gold), len(predicted))}
