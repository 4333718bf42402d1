"""Sentence splitting inside a paragraph, shared by the quotation and figure stages."""

from __future__ import annotations

import re


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside a paragraph: split after . ! ? (and a closing mark) before a capital."""
    out, s = [], start
    for m in re.finditer(r"[.!?](?:''|[”’\"'])?\s+(?=[“‘\"'A-Z0-9])", text[start:end]):
        cut = start + m.end()
        out.append((s, start + m.start() + len(m.group(0).rstrip())))
        s = cut
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]

