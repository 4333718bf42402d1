"""Quotation segments: the quotation record, and the pairing of quotation marks into segments
(open mark, close mark or none, depth) within a paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field

from .marks import OPENERS, is_apostrophe, marks


@dataclass
class _Quote:
    start: int
    end: int
    type: str = "direct"
    speaker: str | None = None
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    continues: _Quote | None = None
    nested_in: _Quote | None = None
    notes: list[str] = field(default_factory=list)
    para: int = 0
    open_end: bool = False
    # The quotation whose speaker this one takes (pronoun, second half of a split quote, context),
    # so that a speaker proposed later for that one reaches this one too.
    speaker_from: _Quote | None = None
    # For a pronoun source, the nearest named person before it when no quotation names one.
    antecedent: str | None = None
    # An indirect quotation found in the words before the marks of its sentence: dropped when a
    # quotation of those marks overlaps it (a mixed clause holds it).
    before_marks: bool = False


def _is_apostrophe(text: str, i: int) -> bool:
    return is_apostrophe(text, i)


def _can_open(text: str, i: int, para_start: int, width: int = 1) -> bool:
    before = text[i - 1] if i > para_start else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([{—–-/" or i == para_start) and not after.isspace()


Pair = tuple[int, "int | None", int, int, int]


def _pair_marks(text: str, ps: int, pe: int) -> tuple[list[Pair], list[tuple[int, str]]]:
    """Pairs (open mark, close mark or None, depth, open width, close width) in a paragraph and
    the stray marks with a reason ('possessive' or 'other'). A two-character mark ('') bounds its
    quotation with its inner character; its outer one is listed as a stray mark."""
    toks = marks(text, ps, pe)
    pos = [t[0] for t in toks]
    pairs: list[Pair] = []
    stray: list[tuple[int, str]] = []
    stack: list[tuple[int, int, bool]] = []
    for k, (i, w, single) in enumerate(toks):
        after_s = (single and i > ps and text[i - 1] in "sS"
                   and (i + 1 >= pe or not text[i + 1].isalnum()))
        if stack:
            outer_double = not stack[-1][2]
            if single and outer_double and after_s and len(stack) == 1:
                stray.append((i, "possessive"))
                continue
            # Inside single marks, "the residents’ money" is a possessive when the sentence runs
            # on in lower case and a later single mark is left to close the quotation.
            if (single and after_s and not outer_double and i + 2 < pe and text[i + 1] == " "
                    and text[i + 2].islower()
                    and any(text[j] in "’'" for j in pos[k + 1:])):
                stray.append((i, "possessive"))
                continue
            if _can_open(text, i, ps, w) and not (i + w < pe and text[i + w] in ".,;:!?"):
                if single != stack[-1][2] and len(stack) < 2:
                    stack.append((i, w, single))  # a nested quotation of the other mark family
                    continue
                oi, ow, _ = stack[-1]
                if len(stack) < 2 and text[i:i + w] in OPENERS \
                        and text[oi:oi + ow] not in OPENERS:
                    stack.append((i, w, single))  # “ inside "...": it opens, it cannot close
                    continue
            oi, ow, _ = stack.pop()
            pairs.append((oi, i, len(stack), ow, w))
        elif after_s:
            stray.append((i, "possessive"))
        elif _can_open(text, i, ps, w):
            stack.append((i, w, single))
        else:
            stray.append((i, "other"))
            if w > 1:
                stray.append((i + w - 1, "other"))
    for depth, (oi, ow, _) in enumerate(stack):
        if depth == 0:
            pairs.append((oi, None, 0, ow, 1))
        else:
            stray.append((oi, "other"))
            if ow > 1:
                stray.append((oi + ow - 1, "other"))
    for oi, ci, _, ow, cw in pairs:  # the outer character of a two-character mark
        if ow > 1:
            stray.append((oi, "other"))
        if ci is not None and cw > 1:
            stray.append((ci + cw - 1, "other"))
    return sorted(pairs), stray


def _split_first_half(last: _Quote | None, open_i: int) -> _Quote | None:
    """The first half of a split quotation ("A," she said. "B.") that the quote opening at
    `open_i` continues: `last`, the paragraph's latest top-level direct quote, when its cue
    follows its close and lies before this opening mark."""
    if last is not None and last.cue is not None and last.end <= last.cue[0] \
            and last.cue[1] <= open_i:
        return last
    return None
