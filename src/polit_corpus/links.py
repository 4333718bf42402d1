"""Cross-document links: quote clusters and statistics shared between documents.

The consistency table asks, for each statistic, whether the values the documents state can all
be true at once: every mention becomes an interval on one scale (a per-day rate over a stated
period is multiplied out to a count) and the statistic is consistent when the intervals meet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .annotate import Figure, iso_range

# How far an approximate figure may be from the truth ("nearly one" covers 0.75..1).
APPROXIMATE_BELOW = 0.75
APPROXIMATE_ABOVE = 1.25


@dataclass(frozen=True)
class StatisticMention:
    doc_id: str
    figure_id: str
    text: str
    value: float | None
    approximation: str
    unit: str
    low: float
    high: float  # the interval on the statistic's count scale


@dataclass(frozen=True)
class Statistic:
    statistic_id: str
    mentions: tuple[StatisticMention, ...]
    consistent: bool
    note: str


def _days(f: Figure) -> int | None:
    if f.period is None or not f.period.iso_start or not f.period.iso_end:
        return None
    return (iso_range(f.period.iso_end)[1] - iso_range(f.period.iso_start)[0]).days + 1


def interval(f: Figure) -> tuple[float, float]:
    """The range of true values the figure's wording allows."""
    v = f.value
    if v is None:
        low = f.value_low if f.value_low is not None else 0.0
        high = f.value_high if f.value_high is not None else math.inf
    elif f.approximation == "exact":
        low = high = v
    elif f.approximation == "more_than":
        low, high = math.nextafter(v, math.inf), math.inf
    elif f.approximation == "at_least":
        low, high = v, math.inf
    elif f.approximation == "less_than":
        low, high = 0.0, math.nextafter(v, -math.inf)
    else:  # approximately
        low, high = v * APPROXIMATE_BELOW, v * APPROXIMATE_ABOVE
    if f.unit == "per_day":
        days = _days(f)
        if days is not None:
            low, high = low * days, high * days
    return low, high


def statistics(figures: list[Figure]) -> list[Statistic]:
    groups: dict[str, list[Figure]] = {}
    for f in figures:
        if f.statistic_id:
            groups.setdefault(f.statistic_id, []).append(f)
    out = []
    for sid in sorted(groups):
        mentions = []
        for f in sorted(groups[sid], key=lambda f: (f.doc_id, f.start)):
            low, high = interval(f)
            mentions.append(StatisticMention(f.doc_id, f.figure_id, f.text, f.value,
                                             f.approximation, f.unit, low, high))
        low = max(m.low for m in mentions)
        high = min(m.high for m in mentions)
        consistent = low <= high
        if consistent:
            note = "all stated values are compatible"
        else:
            lo = min(mentions, key=lambda m: m.high)
            hi = max(mentions, key=lambda m: m.low)
            note = f"{hi.doc_id} '{hi.text}' cannot be reconciled with {lo.doc_id} '{lo.text}'"
        out.append(Statistic(sid, tuple(mentions), consistent, note))
    return out


def link_problems(quotes_by_doc: dict[str, list], figures_by_doc: dict[str, list]
                  ) -> list[tuple[str, str, str, str]]:
    """A cluster or statistic id must link something: used in two documents, or twice in one.
    Returns (doc_id, record id, field, message) for each id used only once."""
    problems = []
    for kind, by_doc, id_attr in (("quote_cluster", quotes_by_doc, "quote_id"),
                                  ("statistic_id", figures_by_doc, "figure_id")):
        uses: dict[str, list[tuple[str, str]]] = {}
        for doc_id, items in sorted(by_doc.items()):
            for it in items:
                key = getattr(it, kind)
                if key:
                    uses.setdefault(key, []).append((doc_id, getattr(it, id_attr)))
        problems += [(where[0][0], where[0][1], kind, f"{key!r} is used only once; set it to null "
                      "or link the other mentions") for key, where in sorted(uses.items())
                     if len(where) < 2]
    return problems


def link_corpus(docs: list, params=None) -> tuple[list, list]:
    """The cross-document stage: align text reuse and give each document its reuse summary.

    Returns the documents (with `reuse` set) in their input order and the aligned passages."""
    from dataclasses import replace

    from .align_engines import align_corpus
    from .corpus import Reuse

    passages, reuse = align_corpus(docs, params)
    linked = [replace(d, reuse=Reuse(tuple(reuse[d.id]["derived_from"]),
                                     round(reuse[d.id]["reuse_share"], 6),
                                     reuse[d.id]["reuse_class"],
                                     tuple(sorted(reuse[d.id]["shares"].items()))))
              for d in docs]
    return linked, passages


def passage_problems(passages: list, texts: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each aligned passage must quote both texts exactly at its offsets: (record, field, msg)."""
    out = []
    for n, p in enumerate(passages):
        rec = f"{p.source_doc}->{p.target_doc}[{n}]"
        for side in ("source", "target"):
            doc = getattr(p, f"{side}_doc")
            s, e = getattr(p, f"{side}_start"), getattr(p, f"{side}_end")
            if texts[doc][s:e] != getattr(p, f"{side}_text"):
                out.append((rec, f"{side}_text", f"does not equal {doc} text at {s}:{e}"))
    return out
