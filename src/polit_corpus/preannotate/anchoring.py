"""Anchors for proposed spans: the shortest text anchor that designates exactly one span."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..anchors import TextIndex, designates, index_for, occurrences


def _context(text: str, start: int, end: int, words: int, side: str) -> str:
    """`words` whole words of context before or after a span, never across a paragraph break."""
    if side == "before":
        chunk = text[max(0, start - 80):start].split("\n")[-1]
        parts = re.findall(r"\S+\s*", chunk)
        return "".join(parts[-words:]) if parts else ""
    chunk = text[end:end + 80].split("\n")[0]
    parts = re.findall(r"\s*\S+", chunk)
    return "".join(parts[:words]) if parts else ""


def make_anchor(text: str, start: int, end: int) -> str | dict:
    """The shortest anchor that designates text[start:end] and nothing else: the bare text, then
    one to five whole words of context before and/or after (within the paragraph), then an
    occurrence number. Checked with anchors.designates (resolve, stopping at a second match)."""
    needle = text[start:end]
    # In a long text a short bare needle ("12", "said") is almost never unique, and proving it
    # would need a scan of the whole text: start with context there.
    short_in_long = len(needle) < TextIndex.K and index_for(text) is not None
    candidates: list[str | dict] = [] if short_in_long else [needle]
    for n in range(1, 6):
        b, a = _context(text, start, end, n, "before"), _context(text, start, end, n, "after")
        if b:
            candidates.append({"text": needle, "before": b})
        if a:
            candidates.append({"text": needle, "after": a})
        if a and b:
            candidates.append({"text": needle, "before": b, "after": a})
    for cand in candidates:
        if designates(text, cand, start, end):
            return cand
    contexts = [c for c in candidates if isinstance(c, dict)]
    if index_for(text) is not None and contexts:
        # a long text repeats whole sentences: number the occurrences of the widest context
        # (found through the index) rather than of the bare needle (a scan of the whole text)
        cand = max(contexts, key=lambda c: len(c.get("before", "")) + len(c.get("after", "")))
        at = start - len(cand.get("before", ""))
        hits = occurrences(text, cand.get("before", "") + needle + cand.get("after", ""))
        i = bisect_left(hits, at)  # the offsets are sorted: no list per span (quadratic)
        if i < len(hits) and hits[i] == at:
            return {**cand, "occurrence": i + 1}
    # matches may overlap ('aa' in 'aaa'); the offsets of one needle are scanned once per text
    return {"text": needle, "occurrence": bisect_right(occurrences(text, needle), start)}


def _possessive_anchor(text: str, i: int) -> str | dict:
    """The possessive word with its mark and the next word ('Offenders’ Register')."""
    s = i
    while s > 0 and text[s - 1].isalpha():
        s -= 1
    m = re.match(r"\s+\w+", text[i + 1:])
    e = i + 1 + (m.end() if m else 0)
    return make_anchor(text, s, e)

