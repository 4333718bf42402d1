"""Figures: number cores, bounds and hedges, units, counted noun phrase, category; number exceptions."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..annotate import FRACTION, HEDGE_AFTER, HEDGE_WORDS, fraction_value, lexicon
from ..annotate import UNITS as UNIT_LEXICON
from ..intervals import Cover
from ..measures import is_unit, read_unit
from ..numbers import DIGITS, NUMBER_WORD, TENS, UNITS, lead, parse_number
from ..schemas import load_schema
from .text import _sentences

MONTHS = ("January February March April May June July August September October November "
          "December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
MONTH = r"(?:" + "|".join(MONTHS) + r")"

# Hedges and bounds folded into a figure span: the validator's own table.
MODIFIERS = HEDGE_WORDS
VAGUE_BOUNDS = {"dozens": (24.0, None), "hundreds": (200.0, 999.0), "thousands": (2000.0, None),
                "millions": (2_000_000.0, None)}
DURATION_UNITS = {"year": "year", "years": "year", "month": "month", "months": "month",
                  "day": "day", "days": "day", "week": "week", "weeks": "week", "hour": "hour",
                  "hours": "hour", "decade": "decade", "decades": "decade"}
SCHEMA_UNITS = set(load_schema("figure")["properties"]["unit"]["enum"])  # the contract
CATEGORY_RULES = (
    ("warrants_executed", r"\bwarrants?\b"),
    ("people_charged", r"\bcharged\b"),
    ("arrests", r"\barrest(?:s|ed|ing)?\b"),
    ("images", r"\b(?:images?|videos?|photos?|photographs?|pictures?)\b"),
    ("devices_seized", r"\b(?:devices?|computers?|phones?|laptops?|tablets?|hard drives?)\b"),
)
SAFEGUARD = r"\b(?:safeguard\w*|protect\w*|saved|rescued|helped|identified)\b"
CHILDREN = r"\b(?:child|children|youngsters?|young people|victims?|boys?|girls?|teenagers?|babies)\b"
SENTENCE_WORDS = r"\b(?:imprisonment|imprisoned|jailed|jail|prison|sentenced|sentence|custody)\b"
# Words that end a counted noun phrase.
_STOP = set(
    "a an the of in on at from to for with by over under during since after before into onto about "
    "against between across through within without than as per who which that whose where when "
    "were was is are be been being have has had will would could should can may might must do did "
    "does and or but also last this next every each some any its their his her our my your them "
    "they he she we it there here not no only just still".split())




# --- figures --------------------------------------------------------------------------------------

_WORD_NUM = "|".join([*UNITS, *TENS, "hundred", "thousand", "million"])
_WORD_RUN = re.compile(
    lead([*UNITS, *TENS, "hundred", "thousand", "million"])
    + rf"\b(?:{_WORD_NUM})(?:(?:-|\s+)(?:{_WORD_NUM})|(?<=hundred)\s+and\s+(?:{_WORD_NUM})"
    rf"|(?<=thousand)\s+and\s+(?:{_WORD_NUM}))*\b", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov|info|eu)"
                  r"(?:/\S*)?", re.IGNORECASE)
_DATES = (
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\b(?:,?\s+\d{{4}})?"),
    re.compile(rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"),
    re.compile(rf"\b{MONTH}\s+\d{{4}}\b"),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\b\d{1,2}\s*(?:am|pm)\b",
                   re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}(?:\s*[-–/]\s*(?:\d{2}|(?:19|20)\d{2}))?\b")
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
_PHONE = re.compile(r"(?:\b(?:call|calling|ring|dial|phone|contact|on|number)\s+)"
                    r"(?P<num>\d{3,5}(?:[ -]?\d{3,4}){0,2})\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\b(?:quoting|quote|reference|ref|crime number|incident)\s+(?:number\s+)?"
                        r"(?P<num>[\w/-]*\d[\w/-]*)", re.IGNORECASE)


@dataclass
class _Figure:
    start: int
    end: int
    value: float | None
    value_low: float | None
    value_high: float | None
    approximation: str
    unit: str
    category: str
    counted: tuple[int, int] | None
    notes: list[str] = field(default_factory=list)
    unit_text: str | None = None


def _number_cores(text: str) -> list[tuple[int, int]]:
    """Digit runs and cardinal-word runs ('Two hundred and ten', 'twenty-five'), in order."""
    cores = [m.span() for m in DIGITS.finditer(text)]
    for m in _WORD_RUN.finditer(text):
        cores.append(m.span())
    for m in NUMBER_WORD.finditer(text):
        word = m.group(0).lower()
        if word in VAGUE_BOUNDS or word == "dozen":
            cores.append(m.span())
    cores += [m.span() for m in FRACTION.finditer(text)]
    cores.sort(key=lambda c: (c[0], -c[1]))
    out: list[tuple[int, int]] = []
    for s, e in cores:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


_EXC = lexicon("number_exceptions")


def _alts(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ROAD = re.compile(rf"\b(?:{_alts(_EXC['road_letters'])})\d{{1,4}}(?:\([MT]\))?\b")
_LABEL_NUM = r"\d+(?:\.\d+)?[a-zA-Z]?\b"
_LABEL_LIST = (rf"(?:(?:\s*,\s*{_LABEL_NUM})*,?\s+(?:{_alts(_EXC['label_list_last'])})\s+{_LABEL_NUM}"
               rf"|\s*[–-]\s*{_LABEL_NUM})?")
_ID_NAME = re.compile(rf"(?<![\w.])(?:{_alts(_EXC['identifier_before']['name'])})[\s-]*\d+\b"
                      + _LABEL_LIST)
_ID_REF = re.compile(rf"(?<![\w.])(?:{_alts(_EXC['identifier_before']['reference'])})\s*\d+"
                     rf"(?:\.\d+)?[a-z]?\b" + _LABEL_LIST)
_CITATION = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]"
                       r"|\(\d{1,3}(?:[–-]\d{1,3})?(?:,\s?\d{1,3}(?:[–-]\d{1,3})?)+\)"
                       r"|(?<=[a-z,;)] )\(\d{1,3}\)(?=[\s.,;:])")
# A number written against letters names something ('SOX2', 'HNF-4', 'Figure 3B', 'v3.6.1'),
# unless the letters are a unit or a scale ('10km', '5mg', '6.8m', '93%').
_GLUED_BEFORE = re.compile(r"(?<=[A-Za-z])\d+(?:\.\d+)*|(?<=[A-Z]-)\d+(?:\.\d+)*|(?<=\d\.)\d+(?=\.\d)")
_GLUED_AFTER = re.compile(r"\b\d+(?:\.\d+)?(?P<letters>[A-Za-z]+)\b")
_INDEX = re.compile(rf"(?<!\w)(?:{_alts(_EXC['index_names'])})\s*\d+\b")
_HOUSE = re.compile(rf"\b\d{{1,4}}[a-z]?\s+(?:[A-Z][a-z]+\s+){{0,2}}(?:{_alts(_EXC['street_words'])})\b")
_CLOCK_ZONE = re.compile(rf"\b(?:[01]\d|2[0-3])[:.]?[0-5]\d\s*(?:{_alts(_EXC['time_zones'])})\b")


def _code_letters(letters: str) -> bool:
    """Letters glued after a number that make it a code: not a unit, a scale, an ordinal or a
    plural ('1990s'); one capital letter is a panel or isotope label ('3B', '14C')."""
    low = letters.lower()
    if low in UNIT_LEXICON["scales"] or low in UNIT_LEXICON["suffix"] or low in ("st", "nd", "rd", "th", "s"):
        return False
    if re.fullmatch(r"[A-Z]", letters):
        return True
    return not is_unit(letters)


def _name_exceptions(text: str) -> list[tuple[int, int, str, str]]:
    """Road names, identifiers, index names, citations, figure references, house numbers and
    clock times with a time zone: numbers that name or point, not quantities."""
    return ([(*m.span(), "name", "a road name") for m in _ROAD.finditer(text)]
            + [(*m.span(), "name", "an identifier") for m in _ID_NAME.finditer(text)]
            + [(*m.span(), "other", "a figure, table or section reference")
               for m in _ID_REF.finditer(text)]
            + [(*m.span(), "other", "a citation") for m in _CITATION.finditer(text)]
            + [(*m.span(), "name", "a number written against letters: a name or code")
               for m in _GLUED_BEFORE.finditer(text)]
            + [(*m.span(), "name", "a number written against letters: a name or code")
               for m in _GLUED_AFTER.finditer(text) if _code_letters(m.group("letters"))]
            + [(*m.span(), "name", "an index or product name") for m in _INDEX.finditer(text)]
            + [(m.start(), m.start() + len(m.group(0).split()[0]), "other", "a house number")
               for m in _HOUSE.finditer(text)]
            + [(*m.span(), "time", "a time of day") for m in _CLOCK_ZONE.finditer(text)])


def _exceptions_for_numbers(text: str, paras: list[tuple[int, int]]
                            ) -> list[tuple[int, int, str, str]]:
    """Spans that are not figures: (start, end, reason, why)."""
    found: list[tuple[int, int, str, str]] = []
    for m in _URL.finditer(text):
        if re.search(r"\d|" + NUMBER_WORD.pattern, m.group(0), re.IGNORECASE):
            found.append((*m.span(), "url", "part of a web address"))
    for rx in _DATES:
        found += [(*m.span(), "date", "a date") for m in rx.finditer(text)]
    found += [(*m.span(), "time", "a time of day") for m in _TIME.finditer(text)
              if not re.fullmatch(r"\d{1,2}\.\d{2}", m.group(0).strip())
              and not re.match(r"[£$€¥₹]", text[max(0, m.start() - 1):m.start()])]
    for m in _YEAR.finditer(text):
        after = text[m.end():m.end() + 12]
        if re.match(r"(?:-year|\s+(?:years?|months?|days?|people|children|arrests|warrants))",
                    after):
            continue
        found.append((*m.span(), "year", "a year"))
    found += [(*m.span(), "ordinal", "an ordinal") for m in _ORDINAL.finditer(text)]
    found += [(*m.span("num"), "other", "a phone number") for m in _PHONE.finditer(text)
              if not re.search(r"\s(?:of|children|people)", text[m.end("num"):m.end("num") + 9])
              and len(re.sub(r"\D", "", m.group("num"))) >= 3
              and (m.group(0).split()[0].lower() != "on" or len(re.sub(r"\D", "", m.group("num"))) >= 6
                   or m.group("num") in ("101", "999", "111"))]
    found += [(*m.span("num"), "other", "a reference number") for m in _REFERENCE.finditer(text)]
    found += _name_exceptions(text)
    # The pronoun "one": "one of ...", "a growing one", "no one", "the one who".
    for m in re.finditer(r"\bone\b", text, re.IGNORECASE):
        s, e = m.span()
        after = text[e:e + 20]
        before = text[max(0, s - 25):s]
        if re.match(r"\s+of\b", after):
            tail = re.match(r"\s+of\s+(?:the\s+|my\s+|our\s+|his\s+|her\s+|their\s+)?[\w’']+", after)
            found.append((s, e + (tail.end() if tail else 3), "pronoun", "'one of': a pronoun"))
        else:
            det = re.search(r"\b(?:a|an|the|this|that|no|any|each|every|which)\s+(?:[a-z]+\s+)?$",
                            before, re.IGNORECASE)
            bare = re.match(r"\s*(?:[.,;:!?]|$|\s+(?:and|or|who|that|which|another|else|is|was)\b)",
                            after)
            if det and (bare or not re.match(r"\s+[a-z]+", after)):
                found.append((s - len(before) + det.start(), e, "pronoun", "'one' used as a pronoun"))
            elif bare:
                found.append((s, e, "pronoun", "'one' used as a pronoun"))
    # Keep exceptions inside one paragraph and drop those nested in a bigger one.
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str, str]] = []
    for s, e, reason, why in found:
        if any(os_ <= s and e <= oe for os_, oe, _, _ in out):
            continue
        if not any(ps <= s and e <= pe for ps, pe in paras):
            continue
        out = [x for x in out if not (s <= x[0] and x[1] <= e)]
        out.append((s, e, reason, why))
    return sorted(out)


def _counted(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase counted by a figure ending at pos: '312 children', 'thousands of
    computers, mobile phones and storage devices', '10,000 of the most serious ... images'."""
    m = re.match(r"\s+(?:of\s+(?:the\s+|these\s+|those\s+)?)?", text[pos:limit])
    i = pos + (m.end() if m else 0)
    if i == pos:
        return None
    words = list(re.finditer(r"[A-Za-z][A-Za-z-]*|,|\S", text[i:limit]))
    head: list[tuple[int, int]] = []
    k = 0

    def take_np(k: int, conjunct: bool = False) -> tuple[list[tuple[int, int]], int]:
        got: list[tuple[int, int]] = []
        while k < len(words) and len(got) < 6:
            w = words[k].group(0)
            if not re.fullmatch(r"[A-Za-z][A-Za-z-]*", w):
                break
            if w.lower() in _STOP and not (got and re.fullmatch(r"[A-Z]", w)):  # 'A category'
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
            # a comma list must end in "and X": look ahead for it
            rest = text[nxt[-1][1]:limit]
            if not re.match(r"\s*(?:,\s*[a-z][a-z ]{0,30}?)*,?\s+and\s+[a-z]", rest) and \
                    not (j2 < len(words) and words[j2].group(0) in (",", "and")):
                break
        end = nxt[-1][1]
        head = nxt
        k = j2
    return head and (i + words[0].start(), end) or None


def _category(text: str, s: int, e: int, counted: tuple[int, int] | None, unit: str,
              sentence: tuple[int, int]) -> str:
    if unit == "age":
        return "age"
    ss, se = sentence
    window = text[max(ss, s - 60):min(se, e + 60)].lower()
    if unit in ("year", "month", "day", "week", "hour", "decade"):
        return "sentence" if re.search(SENTENCE_WORDS, window) else "duration"
    noun = text[counted[0]:counted[1]].lower() if counted else ""
    for cat, rx in CATEGORY_RULES:
        if noun and re.search(rx, noun):
            return cat
    if re.search(CHILDREN, noun) and re.search(SAFEGUARD, window):
        return "children_safeguarded"
    near = text[max(ss, s - 25):min(se, e + 35)].lower()
    if noun and re.search(r"\b(?:people|offenders|men|women|suspects|individuals)\b", noun) \
            and re.search(r"\bcharged\b", near):
        return "people_charged"
    for cat, rx in CATEGORY_RULES:
        if cat in ("arrests", "people_charged") and re.search(rx, near):
            return cat
    return "other"


# Scale letters and words, with the same spacing rule as the validator's (annotate._SCALE).
_SCALE = re.compile(r"(?:(?P<one>" + "|".join(k for k in UNIT_LEXICON["scales"] if len(k) == 1)
                    + r")|\s?(?P<two>" + "|".join(k for k in UNIT_LEXICON["scales"] if len(k) == 2)
                    + r")|\s+(?P<word>" + "|".join(k for k in UNIT_LEXICON["scales"] if len(k) > 2)
                    + r"))(?![\w])", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*(?P<u>" + "|".join(
    re.escape(w) for w in sorted(UNIT_LEXICON["suffix"], key=len, reverse=True)
    if UNIT_LEXICON["suffix"][w] not in (*UNIT_LEXICON["time"], "age")) + r")(?![\w%])",
    re.IGNORECASE)
_PREFIXES = sorted(UNIT_LEXICON["prefix"], key=len, reverse=True)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|\bto\b|\bor\b|\band\b)\s*", re.IGNORECASE)


# How far before a number its hedge or 'between' is looked for: longer than any hedge phrase, and
# a window rather than the paragraph so that a long paragraph stays linear.
_WINDOW = 64
_TOLERANCE = re.compile(r"\s*±\s*")


def _minus_before(text: str, s: int, ps: int) -> bool:
    """A minus sign written against the number and after a space or bracket ('−4 °C'), not a
    hyphen inside a word or between numbers ('2018-19', 'Covid-19')."""
    return s > ps and text[s - 1] in "−-" and (s - 1 == ps or text[s - 2] in " (\t[")


def _scale_at(text: str, e: int, money: bool) -> re.Match | None:
    """A scale after the number; one letter only on money ('£6.8m', not '180m' of a tower)."""
    m = _SCALE.match(text, e)
    return m if m and (money or m.group("one") is None) else None


def _scaled(text: str, e: int, value: float | None, money: bool) -> tuple[int, float | None]:
    """Fold a scale word or abbreviation after the number into it ('6.8m', '8 million')."""
    m = _scale_at(text, e, money)
    if not m or value is None:
        return e, value
    word = (m.group("one") or m.group("two") or m.group("word")).lower()
    return m.end(), value * UNIT_LEXICON["scales"][word]


def _parse(text: str) -> float | None:
    """parse_number, or None when the number does not fit a float (10^400, 5,000 digits)."""
    try:
        value = parse_number(text)
    except (OverflowError, ValueError):
        return None
    return value if value is None or math.isfinite(value) else None


def _figures(text: str, paras: list[tuple[int, int]],
             exceptions: list[tuple[int, int, str, str]]) -> list[_Figure]:
    figures: list[_Figure] = []
    excepted = Cover([(xs, xe) for xs, xe, _, _ in exceptions])
    para_starts = [ps for ps, _ in paras]
    taken = 0
    cores = _number_cores(text)
    core_starts = {a: (a, b) for a, b in cores}
    for s, e in cores:
        if s < taken:
            continue
        if excepted.covers(s, e):
            continue
        k = bisect_right(para_starts, s) - 1
        para = paras[k] if k >= 0 and paras[k][0] <= s < paras[k][1] else None
        if para is None:
            continue
        ps, pe = para
        sentence = next(((a, b) for a, b in _sentences(text, ps, pe) if a <= s < b), para)
        core = text[s:e]
        notes: list[str] = []
        vague = core.lower() in VAGUE_BOUNDS or core.lower() in ("dozen",)
        approximation, unit = "exact", "count"
        unit_text = None
        value0 = None if vague else _parse(core)
        fraction = fraction_value(core) if FRACTION.fullmatch(core) else None
        if fraction is not None:
            value0 = fraction
        low0 = high0 = None
        sym = next((p for p in _PREFIXES if text[max(ps, s - len(p)):s] == p), None)
        if sym:
            s -= len(sym)
            unit, unit_text = UNIT_LEXICON["prefix"][sym], sym
        if not vague and fraction is None:
            e, value0 = _scaled(text, e, value0, bool(sym))
            if value0 is not None and not sym and _minus_before(text, s, ps):
                s, value0 = s - 1, -value0
        # a range: 'between four and six', '20-30', '20 to 30', 'three or four'
        j = _RANGE_JOIN.match(text, e)
        nxt = core_starts.get(j.end()) if j else None
        between = re.search(r"\bbetween\s+$", text[max(ps, s - _WINDOW):s], re.IGNORECASE)
        joined_by_and = bool(j) and j.group(0).strip().lower() == "and"
        if nxt and value0 is not None and fraction is None and (between or not joined_by_and) \
                and not excepted.covers(*nxt):
            e2, v2 = _scaled(text, nxt[1], _parse(text[nxt[0]:nxt[1]]), bool(sym))
            if v2 is not None and v2 > value0:
                if _scale_at(text, nxt[1], bool(sym)) and value0 < v2 / 1000 and e == s + len(core) + (
                        len(sym) if sym else 0):
                    value0 *= v2 / _parse(text[nxt[0]:nxt[1]])
                low0, high0, e = value0, v2, e2
                approximation = "range"
                if between:
                    s -= len(between.group(0))
        m = _SUFFIX.match(text, e)
        longer = read_unit(text, e, pe) if m and unit == "count" else None
        if longer is not None and longer.end > m.end() and not vague:
            m = None  # 'km s−1': the compound unit, not its first word
        if m and not vague and unit == "count":
            word = m.group("u")
            unit, unit_text = UNIT_LEXICON["suffix"][word.lower()], word
            if word.lower() in UNIT_LEXICON["divide_by_100"] and value0 is not None:
                value0 /= 100
                low0 = low0 / 100 if low0 is not None else None
                high0 = high0 / 100 if high0 is not None else None
            e = m.end()
        elif m and unit != "count" and m.group("u").lower() in ("%",):
            pass
        # modifiers before the number
        core_start = s
        before = text[max(ps, s - _WINDOW):s].lower()
        for words, approx in MODIFIERS:
            if approximation == "range":
                break
            sep = "" if not words[-1].isalnum() else " "
            if before.endswith(words + sep) and not vague:
                word_start = s - len(words) - len(sep)
                if word_start == ps or not text[word_start - 1].isalnum():
                    s = word_start
                    approximation = approx
                    break
        # units after the number
        after = text[e:pe]
        unit_kind = None
        m = re.match(r"-(?:year|yr)s?-olds?\b", after, re.IGNORECASE)
        if m:
            e += m.end()
            unit, unit_kind = "year", "age"
        else:
            m = re.match(r"(?:-|\s+)(years?|months?|days?|weeks?|hours?|decades?)(?:['’](?=\s)|\b)",
                         after, re.IGNORECASE)
            if m and not vague:
                e += m.end()
                unit = DURATION_UNITS[m.group(1).lower()]
        if unit == "count" and unit_kind is None and not vague and fraction is None:
            written = read_unit(text, e, pe)  # a science or rare unit, from pint's registry
            if written is not None:
                e, unit, unit_text = written.end, written.unit, written.unit_text
        tolerance = _TOLERANCE.match(text, e, pe)
        if tolerance and tolerance.end() in core_starts and not vague and approximation != "range":
            e = core_starts[tolerance.end()][1]  # '3.19 ± 0.10 GPa': one figure, value 3.19
            m = _SUFFIX.match(text, e) if unit != "count" else None
            written = read_unit(text, e, pe) if unit in ("count", "other") else None
            if m and UNIT_LEXICON["suffix"][m.group("u").lower()] == unit:
                e = m.end()
            elif written is not None and (unit == "count" or written.unit == unit):
                e, unit, unit_text = written.end, written.unit, unit_text or written.unit_text
            if approximation == "exact":
                approximation = "approximately"
        if re.search(r"\b(?:aged|age of|ages of)\s+$",
                     text[max(ps, core_start - _WINDOW):core_start].lower()):
            unit_kind = "age"
            unit = "year"
        counted = None
        if unit == "count" and unit_kind is None:
            counted = _counted(text, e, pe)
            tail_from = counted[1] if counted else e
            if re.match(r"\s+(?:a|every|each|per)\s+day\b", text[tail_from:pe]):
                unit = "per_day"
        value = value0
        low = high = None
        after_hedge = next(((w, a) for w, a in HEDGE_AFTER
                            if re.match(rf"\s+{re.escape(w)}\b", text[e:pe], re.IGNORECASE)), None)
        if after_hedge and approximation == "exact" and not vague:
            e += re.match(rf"\s+{re.escape(after_hedge[0])}\b", text[e:pe], re.IGNORECASE).end()
            approximation = after_hedge[1]
        if approximation == "range":
            value, low, high = None, low0, high0
        elif vague:
            approximation = "vague"
            low, high = VAGUE_BOUNDS.get(core.lower(), (12.0, None))
        elif value is None:
            continue
        elif approximation in ("more_than", "at_least"):
            low = value
        elif approximation == "less_than":
            high = value
        if unit_kind == "age":
            unit = "age"
        if fraction is not None:
            unit, counted = "other", None
            notes.append("a fraction: value is the proportion")
        schema_unit = unit if unit in SCHEMA_UNITS else "count"
        if schema_unit != unit:
            notes.append(f"unit {unit!r} is not in the closed list; recorded as count")
        category = _category(text, s, e, counted, "age" if unit_kind == "age" else unit, sentence)
        figures.append(_Figure(s, e, value, low, high, approximation, schema_unit, category,
                               counted, notes, unit_text))
        taken = e
    return figures

