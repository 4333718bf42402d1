"""The fast forms in preannotate/figures.py find exactly what their plain definitions find.

Each plain definition below is the code the fast form replaced (regexes on slices, a whole-text
tokenisation per figure, a loop over every hedge); hypothesis builds texts from pieces that hit
the edges (words ending -ed/-ing, comma lists, hedges, symbols, Unicode spaces, word starts).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from polit_corpus.annotate import HEDGE_AFTER, HEDGE_WORDS
from polit_corpus.preannotate import figures as F

_STOP = F._STOP
DURATION_UNITS = F.DURATION_UNITS


def counted_plain(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    m = re.match(r"\s+(?:of\s+(?:the\s+|these\s+|those\s+)?)?", text[pos:limit])
    i = pos + (m.end() if m else 0)
    if i == pos:
        return None
    words = list(re.finditer(r"[A-Za-z][A-Za-z-]*|,|\S", text[i:limit]))
    k = 0

    def take_np(k: int, conjunct: bool = False) -> tuple[list[tuple[int, int]], int]:
        got: list[tuple[int, int]] = []
        while k < len(words) and len(got) < 6:
            w = words[k].group(0)
            if not re.fullmatch(r"[A-Za-z][A-Za-z-]*", w):
                break
            if w.lower() in _STOP and not (got and re.fullmatch(r"[A-Z]", w)):
                break
            if (got or conjunct) and re.search(r"(?:ed|ing)$", w.lower()):
                break
            got.append((i + words[k].start(), i + words[k].end()))
            k += 1
        return got, k

    head, k = take_np(0)
    if not head:
        return None
    first = text[head[0][0]:head[0][1]].lower()
    if first in DURATION_UNITS or first in ("per", "percent", "cent"):
        return None
    if re.search(r"(?:ed|ing|ly)$", first) and len(head) == 1:
        return None

    def plural(span_list: list[tuple[int, int]]) -> bool:
        last = text[span_list[-1][0]:span_list[-1][1]].lower()
        return (last.endswith("s") and not last.endswith("ss")) or last in (
            "children", "people", "men", "women", "police")

    end = head[-1][1]
    while k < len(words) and plural(head):
        sep = words[k].group(0)
        j = k + 1
        if sep == "," and j < len(words) and words[j].group(0) == "and":
            j += 1
        if sep not in (",", "and"):
            break
        nxt, j2 = take_np(j, conjunct=True)
        if not nxt or not plural(nxt) or text[nxt[-1][0]:nxt[-1][1]].lower() in _STOP:
            break
        if sep == ",":
            rest = text[nxt[-1][1]:limit]
            if not re.match(r"\s*(?:,\s*[a-z][a-z ]{0,30}?)*,?\s+and\s+[a-z]", rest) and \
                    not (j2 < len(words) and words[j2].group(0) in (",", "and")):
                break
        end = nxt[-1][1]
        head = nxt
        k = j2
    return head and (i + words[0].start(), end) or None


def category_plain(text, s, e, counted, unit, sentence):
    if unit == "age":
        return "age"
    ss, se = sentence
    window = text[max(ss, s - 60):min(se, e + 60)].lower()
    if unit in ("year", "month", "day", "week", "hour", "decade"):
        return "sentence" if re.search(F.SENTENCE_WORDS, window) else "duration"
    noun = text[counted[0]:counted[1]].lower() if counted else ""
    for cat, rx in F.CATEGORY_RULES:
        if noun and re.search(rx, noun):
            return cat
    if re.search(F.CHILDREN, noun) and re.search(F.SAFEGUARD, window):
        return "children_safeguarded"
    near = text[max(ss, s - 25):min(se, e + 35)].lower()
    if noun and re.search(r"\b(?:people|offenders|men|women|suspects|individuals)\b", noun) \
            and re.search(r"\bcharged\b", near):
        return "people_charged"
    for cat, rx in F.CATEGORY_RULES:
        if cat in ("arrests", "people_charged") and re.search(rx, near):
            return cat
    return "other"


def prefix_plain(text, s, ps):
    return next((p for p in F._PREFIXES if text[max(ps, s - len(p)):s] == p), None)


def between_plain(text, s, ps):
    m = re.search(r"\bbetween\s+$", text[max(ps, s - F._WINDOW):s], re.IGNORECASE)
    return m and m.group(0)


def aged_plain(text, s, ps):
    return bool(re.search(r"\b(?:aged|age of|ages of)\s+$",
                          text[max(ps, s - F._WINDOW):s].lower()))


def modifier_plain(text, s, ps):
    before = text[max(ps, s - F._WINDOW):s].lower()
    for words, approx in HEDGE_WORDS:
        sep = "" if not words[-1].isalnum() else " "
        if before.endswith(words + sep):
            word_start = s - len(words) - len(sep)
            if word_start == ps or not text[word_start - 1].isalnum():
                return word_start, approx
    return None


def hedge_after_plain(text, e, pe):
    hit = next(((w, a) for w, a in HEDGE_AFTER
                if re.match(rf"\s+{re.escape(w)}\b", text[e:pe], re.IGNORECASE)), None)
    if hit is None:
        return None
    return e + re.match(rf"\s+{re.escape(hit[0])}\b", text[e:pe], re.IGNORECASE).end(), hit[1]


PIECES = ["children", "people", "boats", "images", "glass", "Police", ",", ", ", " and ", " ",
          "  ", "\n", "\u00a0", "\u2003", "of the ", "of ", "seized ", "missing", "fully", "A ",
          "x-ray", "the ", "who ", "12", "£", "US$", "$", "between ", "Between ", "aged ",
          "age of ", "more than ", "over ", "~", "≤ ", "c.", "or more", " or more", "±", "é",
          "a day", " per day", "charged", "arrested", "safeguarded", "prison", "years", "s"]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(texts, st.data())
def test_counted_is_the_plain_definition(text, data):
    pos = data.draw(st.integers(0, len(text)))
    limit = data.draw(st.integers(pos, len(text)))
    assert F._counted(text, pos, limit) == counted_plain(text, pos, limit)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(texts, st.data())
def test_category_is_the_plain_definition(text, data):
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    counted = F._counted(text, e, len(text))
    unit = data.draw(st.sampled_from(["count", "age", "year", "day", "GBP"]))
    sentence = (0, len(text))
    assert F._category(text, s, e, counted, unit, sentence) == \
        category_plain(text, s, e, counted, unit, sentence)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(texts, st.data())
def test_window_checks_are_the_plain_definitions(text, data):
    ps = data.draw(st.integers(0, len(text)))
    s = data.draw(st.integers(ps, len(text)))
    pe = data.draw(st.integers(s, len(text)))
    check_windows(text, s, ps, (pe,))


def check_windows(text: str, s: int, ps: int, pes) -> None:
    """Each window check at position s of a paragraph starting at ps (and ending at each pe)
    answers as its plain definition."""
    assert F._prefix_before(text, s, ps) == prefix_plain(text, s, ps)
    m = F._between_before(text, s, ps)
    assert (m and m.group(0)) == between_plain(text, s, ps)
    assert F._aged_before(text, s, ps) == aged_plain(text, s, ps)
    before = text[max(ps, s - F._WINDOW):s].lower()
    assert F._modifier_before(text, s, ps, before) == modifier_plain(text, s, ps)
    for pe in pes:
        assert F._hedge_after(text, s, pe) == hedge_after_plain(text, s, pe)


def test_str_isspace_is_the_regex_whitespace_class():
    """The prefilters test one character with str.isspace where the regex says \\s."""
    space = re.compile(r"\s")
    assert [c for c in range(0x110000) if bool(space.match(chr(c))) != chr(c).isspace()] == []


def test_counted_on_a_list():
    text = "seized 312 computers, mobile phones and storage devices on Monday"
    e = text.index(" computers")
    assert F._counted(text, e, len(text)) == (e + 1, text.index(" on Monday"))


def test_window_checks_at_every_position_of_edge_texts():
    """Every (paragraph start, position, paragraph end) of short texts where a symbol, hedge or
    'between' straddles the paragraph start."""
    for text in ["US$5 and $6", "xUS$12 between 3 and\u00a04", "aged 4 or more, age of\n5 ±",
                 "just over 12 or over", "c. 7 ≤ 8"]:
        n = len(text)
        for ps in range(n + 1):
            for s in range(ps, n + 1):
                check_windows(text, s, ps, (s, n))


SCAN_PIECES = ["1", "12", "2019", "12,000", "3.5", "٣", "A", "A12", "M25(M)", "B", "x", "-", " ",
               "  ", "\n", "\u00a0", ".", ",", ":", "(", "[", ")", "]", "/", "£", "call ", "on ",
               "On", "number", "dial", "ring ", "Fig. ", "Fig", "pp. ", "p.", "Figure", "Covid",
               "COVID", "year group", "Phase", "S&P", "FTSE", "Dow Jones", "January", "May", "Mar",
               "Sept", "st", "th", "am", "pm", "GMT", "Street", "Park Road", "http://", "www.",
               ".com", ".uk", "quoting ", "ref", "Ref", "crime number", "half", "a half",
               "two-thirds", "one", "One", "ONE", "in", " in ", "out of", "twenty", "hundred",
               "and", "thousand", "seventy", "teen", "\u212a", "\u017f", "\u0130", "é", "s", "a"]
# A label, month or number word, what stands between, and a number: the places the scans look.
LEAD_WORDS = sorted({w for words, _, _ in F._LABELS.values() for w in words}
                    | set(F.MONTHS) | set(F._FRACTION_WORDS) | {"twenty", "One", "hundred"}
                    | {"call", "Calling", "ring", "dial", "phone", "contact", "on", "ON", "number",
                       "quoting", "reference", "crime number", "incident", "www.x.com/", "http://"})
GAPS = ["", " ", "  ", "-", " - ", "\n", "\u00a0", ".", ", "]
NUMBERS = ["1", "12", "2019", "0800 123 456", "12,000", "3.5", "٣", "4 in 5", "10:30", "3rd"]
triples = st.tuples(st.sampled_from(LEAD_WORDS), st.sampled_from(GAPS),
                    st.sampled_from(NUMBERS)).map("".join)
scan_texts = st.lists(st.one_of(st.sampled_from(SCAN_PIECES), triples), max_size=24).map("".join)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(scan_texts)
def test_scan_finds_what_finditer_finds(text):
    scan = F._Scan(text)
    for rx in F._KIND:
        assert [m.span() for m in scan.finditer(rx)] == [m.span() for m in rx.finditer(text)], \
            (F._KIND[rx], rx.pattern[:60])
    assert [s for s in scan.words if text[s[0]:s[1]].lower() == "one"] == \
        [m.span() for m in re.finditer(r"\bone\b", text, re.IGNORECASE)]
    assert scan.runs == [m.start() for m in re.finditer(r"\d+", text)]


def test_scan_on_a_sentence_with_every_kind():
    text = ("On 3 May 2019 at 10.30am, call 0800 123 456 (ref AB12/3) about the A12: Fig. 2, "
            "phases 3, 5 and 7, two-thirds of 12 in 40 and twenty-five at www.example.com [4].")
    scan = F._Scan(text)
    assert scan.starts("url") is None and scan.starts("reference") is None  # the whole text
    assert [m.group() for m in scan.finditer(F._DATES[0])] == ["3 May 2019"]
    assert [m.group("num") for m in scan.finditer(F._PHONE)] == ["0800 123 456"]
    assert [m.group() for m in scan.finditer(F._ROAD)] == ["A12"]
    assert [m.group() for m in scan.finditer(F._ID_NAME)] == ["phases 3, 5 and 7"]
    assert [m.group() for m in scan.finditer(F._WORD_RUN)] == ["two", "twenty-five"]
    assert [m.group() for m in scan.finditer(F.FRACTION)] == ["two-thirds", "12 in 40"]
    for rx in F._KIND:
        assert [m.span() for m in scan.finditer(rx)] == [m.span() for m in rx.finditer(text)]


def test_scan_on_every_word_gap_and_number():
    """Exhaustive over the triples the scans look for, with a letter or a space before."""
    for word in LEAD_WORDS:
        for gap in GAPS:
            for number in NUMBERS:
                for before in ("", "x", ". "):
                    text = before + word + gap + number + " x"
                    scan = F._Scan(text)
                    for rx in F._KIND:
                        assert [m.span() for m in scan.finditer(rx)] == \
                            [m.span() for m in rx.finditer(text)], (text, F._KIND[rx])
