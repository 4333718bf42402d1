"""Sentence splitting inside a paragraph, shared by the quotation and figure stages."""

from __future__ import annotations

import re
from contextlib import contextmanager
from importlib import resources

import yaml

_ABBREV = frozenset(yaml.safe_load(
    resources.files("polit_corpus").joinpath("lexicons", "abbreviations.yaml")
    .read_text(encoding="utf-8"))["abbreviations"])
_BOUNDARY = re.compile(r"[.!?](?:''|[”’\"'])?\s+(?=[“‘\"'A-Z0-9])")
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(“‘\"']))([A-Za-z]+)$")


# While a text is pre-annotated (`paragraph_sentences`), the sentences of each of its paragraphs
# are split once: the quotation and figure stages each ask for them. [text, {(start, end): spans}]
_MEMO: list = [None, None]


@contextmanager
def paragraph_sentences(text: str, paras: list[tuple[int, int]]):
    """Within the block, _sentences(text, ps, pe) of a paragraph (ps, pe) is computed once."""
    old = _MEMO[:]
    _MEMO[0], _MEMO[1] = text, dict.fromkeys(paras)
    try:
        yield
    finally:
        _MEMO[:] = old


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside a paragraph: split after . ! ? (and a closing mark) before a capital,
    but not after an abbreviation of lexicons/abbreviations.yaml or an initial ("E. Burman")."""
    memo = _MEMO[1]
    if memo is not None and _MEMO[0] is text and (start, end) in memo:
        hit = memo[(start, end)]
        if hit is None:
            hit = memo[(start, end)] = _split(text, start, end)
        return list(hit)
    return _split(text, start, end)


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        if text[m.start()] == "." and m.group(0)[1:2].isspace():
            w = _WORD_BEFORE.search(text, max(start, m.start() - 12), m.start())
            if w and (w.group(1) in _ABBREV or (len(w.group(1)) == 1 and w.group(1).isupper())):
                continue
        out.append((s, m.start() + len(m.group(0).rstrip())))
        s = m.end()
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]
