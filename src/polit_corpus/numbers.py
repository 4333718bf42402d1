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


def _first_letter_pattern(words: list[str]) -> str:
    """r'\b(?:zero|one|...)\b' written to start with a character set, which re scans for in C:
    the plain form tried the alternation at every position (2.3 s over 10 MB with no match).
    After the first letter, a lookbehind picks that letter's words; the matches are the same
    (tests/test_numbers.py)."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    branches = "|".join(f"(?<=\\b{c})(?:{'|'.join(rest)})" for c, rest in groups.items())
    return f"[{''.join(groups)}](?:{branches})\\b"


NUMBER_WORD_PLAIN = r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b"
NUMBER_WORD = re.compile(_first_letter_pattern(_NUMBER_WORDS), re.IGNORECASE)
DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")

# Characters outside ASCII that IGNORECASE matches to an ASCII letter (İ ı ſ K), for which
# number_word_spans leaves the work to the regex (tests/test_numbers.py checks the list).
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_ODD = re.compile(f"[{FOLDS_TO_ASCII}]")
_WORD_FORMS = tuple(w for v in _NUMBER_WORDS
                    for w in ((v[:-2], v[:-1]) if v.endswith("s?") else (v,)))


def number_word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every NUMBER_WORD match, in order, found by str.find on the lower-cased
    text (a C scan per word) and checked for word boundaries: a regex over a long text tries
    its pattern at every letter (1.6 s per 10 MB)."""
    if _ODD.search(text):
        return [m.span() for m in NUMBER_WORD.finditer(text)]
    low = text.lower()  # same length: only U+0130 changes length, and it is excluded above
    n = len(text)
    out = []
    for w in _WORD_FORMS:
        k = len(w)
        p = low.find(w)
        while p != -1:
            e = p + k
            if (p == 0 or not _is_word(text[p - 1])) and (e == n or not _is_word(text[e])):
                out.append((p, e))
            p = low.find(w, p + 1)
    out.sort()
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what re's \w is for str patterns


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
