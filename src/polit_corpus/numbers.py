"""Reading the number a figure's text states, so a hand-entered value can be checked against it."""

from __future__ import annotations

import re

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
VAGUE = re.compile(r"\b(?:hundreds|thousands|millions|dozens)\b", re.IGNORECASE)


def lead(words, digits: bool = False) -> str:
    """A lookahead for the first characters a word alternation can start with (both cases), put
    before a pattern so that the regex engine skips every other position quickly; it changes no
    match."""
    chars = {w[0] for w in words} | {w[0].upper() for w in words} | {w[0].lower() for w in words}
    return "(?=[" + ("0-9" if digits else "") + "".join(sorted(re.escape(c) for c in chars)) + "])"


_NUMBER_WORDS = [*UNITS, *TENS, "hundreds?", "thousands?", "millions?", "dozens?"]
NUMBER_WORD = re.compile(
    lead(_NUMBER_WORDS) + r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _words_value(words: list[str]) -> float | None:
    total, current, seen = 0, 0, False
    for w in words:
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million"):
            total += (current or 1) * SCALES[w]
            current = 0
        elif w == "and" and seen:
            continue
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def parse_number(text: str) -> float | None:
    """The number stated in `text` ('more than 1,400' -> 1400.0, 'Two hundred and ten' -> 210.0,
    '38-year-old' -> 38.0); None for vague quantities ('thousands') or when there is none."""
    m = DIGITS.search(text)
    if m:
        return float(m.group(0).replace(",", ""))
    if VAGUE.search(text):
        return None
    tokens = re.findall(r"[a-z]+", text.lower())
    run: list[str] = []
    for t in tokens:
        if t in UNITS or t in TENS or t in SCALES or (t == "and" and run):
            run.append(t)
        elif run:
            break
    while run and run[-1] == "and":
        run.pop()
    return _words_value(run) if run else None


def is_vague(text: str) -> bool:
    return bool(VAGUE.search(text)) and not DIGITS.search(text)
