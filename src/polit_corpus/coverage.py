"""Coverage checks: annotation is exhaustive or the gap is explained.

Every quotation-mark character must bound a quotation or be an exception with a reason; every
digit run and number word must sit inside a figure or be an exception with a reason. These run in
validate, so an incomplete annotation file fails the build.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .intervals import Cover
from .numbers import DIGITS, number_word_spans

if TYPE_CHECKING:
    from .annotate import Exception_, Problem
    from .corpus import Document

QUOTE_MARKS = "“”‘’\"'"
APOSTROPHES = "’'"
_MARK = re.compile("[" + re.escape(QUOTE_MARKS) + "]")


def coverage_problems(doc: Document, exceptions: tuple[Exception_, ...]) -> list[Problem]:
    text = doc.text
    problems: list[Problem] = []
    marked = [q for q in doc.quotes if q.type in ("direct", "fragment")]
    bounds = {q.start - 1 for q in marked} | {q.end for q in marked}
    # containment by bisection (intervals.Cover), not a scan per mark or number
    mark_ex = Cover([(e.start, e.end) for e in exceptions if e.kind == "quote_mark"])
    numbers_covered = Cover([(e.start, e.end) for e in exceptions if e.kind == "number"]
                            + [(f.start, f.end) for f in doc.figures])

    for q in marked:
        if q.start == 0 or text[q.start - 1] not in QUOTE_MARKS:
            problems.append((q.quote_id, "anchor", f"{q.type} quote does not start right after a "
                             "quotation mark"))
        para = doc.cleaned.paragraphs[q.paragraph]
        closes = q.end < len(text) and text[q.end] in QUOTE_MARKS
        if not closes and q.end != para.end:
            problems.append((q.quote_id, "anchor", f"{q.type} quote neither ends at a quotation "
                             "mark nor runs to the end of its paragraph"))

    for m in _MARK.finditer(text):  # a scan in C, not a Python step per character
        i, ch = m.start(), m.group()
        if i in bounds:
            continue
        if ch in APOSTROPHES and 0 < i < len(text) - 1 and text[i - 1].isalpha() \
                and text[i + 1].isalpha():
            continue  # word-internal apostrophe (we’ve, it's): exempt by rule
        if mark_ex.covers(i, i + 1):
            continue
        context = text[max(0, i - 25):i + 25].replace("\n", " ")
        problems.append(("coverage", "quote_marks", f"quotation mark {ch!r} at {i} bounds no "
                         f"quotation and is not an exception: ...{context}..."))

    for s, e in [*(m.span() for m in DIGITS.finditer(text)), *number_word_spans(text)]:
        if numbers_covered.covers(s, e):
            continue
        context = text[max(0, s - 25):e + 25].replace("\n", " ")
        problems.append(("coverage", "numbers", f"number {text[s:e]!r} at {s} is in no figure and "
                         f"not an exception: ...{context}..."))
    return problems
