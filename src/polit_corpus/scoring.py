"""Span matching and precision/recall/F1: one scorer for `evaluate`, the benchmark adapters
(PolNeAR, MeasEval) and agreement between annotation passes, so every figure we quote is counted
the same way.

Matching is one to one. `exact` pairs spans with identical (start, end); `overlap` pairs spans
whose overlap is at least half of the shorter span, largest overlaps first (ties by position), so
a long proposed span cannot claim two gold spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    matched: int
    gold: int
    predicted: int

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "matched": self.matched, "gold": self.gold, "predicted": self.predicted}


def prf(matched: int, gold: int, predicted: int) -> PRF:
    """P = matched/predicted, R = matched/gold; an empty side scores 1.0 (nothing to miss)."""
    p = matched / predicted if predicted else 1.0
    r = matched / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(round(p, 4), round(r, 4), round(f, 4), matched, gold, predicted)


def match_exact(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """Index pairs (gold i, predicted j) of identical spans, each index used once."""
    free: dict[Span, list[int]] = {}
    for j, s in enumerate(predicted):
        free.setdefault((s[0], s[1]), []).append(j)
    pairs = []
    for i, s in enumerate(gold):
        js = free.get((s[0], s[1]))
        if js:
            pairs.append((i, js.pop(0)))
    return pairs


def overlap_ok(a: Span, b: Span, min_share: float = 0.5) -> int:
    """The overlap of a and b in characters when it is >= min_share of the shorter span, else 0."""
    ov = min(a[1], b[1]) - max(a[0], b[0])
    if ov <= 0:
        return 0
    shorter = min(a[1] - a[0], b[1] - b[0])
    return ov if ov >= min_share * max(shorter, 1) else 0


def match_overlap(gold: Sequence[Span], predicted: Sequence[Span],
                  min_share: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one pairs of sufficiently overlapping spans, largest overlap first.

    Candidate pairs come from a sweep over spans sorted by start, so the cost grows with the
    number of overlapping pairs, not with len(gold) * len(predicted)."""
    order_g = sorted(range(len(gold)), key=lambda i: (gold[i][0], gold[i][1]))
    order_p = sorted(range(len(predicted)), key=lambda j: (predicted[j][0], predicted[j][1]))
    cands: list[tuple[int, int, int, int]] = []
    active: list[int] = []
    k = 0
    for i in order_g:
        gs, ge = gold[i][0], gold[i][1]
        while k < len(order_p) and predicted[order_p[k]][0] < ge:
            active.append(order_p[k])
            k += 1
        active = [j for j in active if predicted[j][1] > gs]
        for j in active:
            ov = overlap_ok((gs, ge), predicted[j], min_share)
            if ov:
                cands.append((-ov, gs, i, j))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def score_spans(gold: Sequence[Span], predicted: Sequence[Span]) -> dict[str, PRF]:
    """{"exact": PRF, "overlap": PRF} for one set of spans."""
    return {"exact": prf(len(match_exact(gold, predicted)), len(gold), len(predicted)),
            "overlap": prf(len(match_overlap(gold, predicted)), len(gold), len(predicted))}
