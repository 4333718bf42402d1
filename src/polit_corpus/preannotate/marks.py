"""Stage 1, marks: the quotation marks of a paragraph, each with its width and family.

The marks come from lexicons/marks.yaml; a mark can be two characters ('' for a double mark in
converted news texts), so every later stage reads a mark's width from here instead of assuming 1.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

_MARKS = yaml.safe_load(resources.files("polit_corpus").joinpath("lexicons", "marks.yaml")
                        .read_text(encoding="utf-8"))
DOUBLE = frozenset(_MARKS["double"])
SINGLE = frozenset(_MARKS["single"])
OPENERS = frozenset(_MARKS["openers"])
MARK_RX = re.compile("|".join(re.escape(m) for m in sorted(DOUBLE | SINGLE, key=len,
                                                            reverse=True)))
APOSTROPHE_CHARS = "’'"


def is_apostrophe(text: str, i: int) -> bool:
    """A single mark between two letters (we’ve, it's) is an apostrophe, not a quotation mark."""
    return (text[i] in APOSTROPHE_CHARS and 0 < i < len(text) - 1 and text[i - 1].isalpha()
            and text[i + 1].isalpha())


def marks(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(position, width, single?) of each quotation mark in text[start:end], apostrophes left out."""
    out = []
    for m in MARK_RX.finditer(text, start, end):
        i, w = m.start(), m.end() - m.start()
        if w == 1 and is_apostrophe(text, i):
            continue
        out.append((i, w, m.group(0) in SINGLE))
    return out


def has_mark(text: str, start: int, end: int) -> bool:
    """Does text[start:end] hold a quotation mark (not an apostrophe)?"""
    return any(True for _ in marks(text, start, end))


_SMALL = frozenset(_MARKS["title_small_words"])


def looks_like_title(content: str) -> bool:
    """Quoted words in title case ("Secret Lives of the Rich", "Morning Show"): every word
    capitalised but for the small words of the lexicon, at most twelve words, and no sentence
    inside (no full stop, question or exclamation mark before the end)."""
    words = content.strip(" ,.;:!?").split()
    if not words or len(words) > 12 or any(c in content.rstrip(" ,.;:!?") for c in ".!?"):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words) \
        and words[0][:1].isupper()
