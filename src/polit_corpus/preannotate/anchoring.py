"""Anchors for proposed spans: the shortest text anchor that designates exactly one span."""

from __future__ import annotations

import re

from ..anchors import AnchorError, resolve


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
    occurrence number. Checked with anchors.resolve."""
    needle = text[start:end]
    candidates: list[str | dict] = [needle]
    for n in range(1, 6):
        b, a = _context(text, start, end, n, "before"), _context(text, start, end, n, "after")
        if b:
            candidates.append({"text": needle, "before": b})
        if a:
            candidates.append({"text": needle, "after": a})
        if a and b:
            candidates.append({"text": needle, "before": b, "after": a})
    for cand in candidates:
        try:
            if resolve(text, cand) == (start, end):
                return cand
        except AnchorError:
            continue
    occurrence, i = 0, text.find(needle)
    while i != -1 and i <= start:
        occurrence += 1
        i = text.find(needle, i + 1)
    return {"text": needle, "occurrence": occurrence}


def _possessive_anchor(text: str, i: int) -> str | dict:
    """The possessive word with its mark and the next word ('Offenders’ Register')."""
    s = i
    while s > 0 and text[s - 1].isalpha():
        s -= 1
    m = re.match(r"\s+\w+", text[i + 1:])
    e = i + 1 + (m.end() if m else 0)
    return make_anchor(text, s, e)

