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
from ..numbers import DIGITS, FOLDS_TO_ASCII, NUMBER_WORD, TENS, UNITS, lead, number_word_spans, parse_number
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


def _number_cores(text: str, scan: _Scan | None = None) -> list[tuple[int, int]]:
    """Digit runs and cardinal-word runs ('Two hundred and ten', 'twenty-five'), in order."""
    scan = scan or _Scan(text)
    cores = list(scan.digits)
    for m in scan.finditer(_WORD_RUN):
        cores.append(m.span())
    for s, e in scan.words:
        word = text[s:e].lower()
        if word in VAGUE_BOUNDS or word == "dozen":
            cores.append((s, e))
    cores += [m.span() for m in scan.finditer(FRACTION)]
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


# --- where each number pattern can start ----------------------------------------------------------
# Running every exception pattern over the whole text cost about a third of annotate on news: the
# regex engine tries a pattern that opens with \b or a lookbehind at every position. Each pattern
# below can only start at positions a few cheap scans find (a digit that starts a run of digits, a
# number word, a month name, a label word before a number, a bracket); `_Scan.finditer` tries it
# there alone, which gives exactly rx.finditer(text) (tests/test_figures_fast.py).
_DIGIT_RUN = re.compile(r"\d+")
_ODD_FOLD = re.compile(f"[{FOLDS_TO_ASCII}]")  # case-insensitive literals: leave those to re
_URL_PARTS = ("http", "www.", ".uk", ".com", ".org", ".net", ".gov", ".info", ".eu")
_REFERENCE_PARTS = ("quot", "ref", "crime number", "incident")
_FRACTION_WORDS = tuple(UNIT_LEXICON["fractions"])


def _by_last(words) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[-1], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


_LABELS = {  # pattern: (words, what may stand between word and number, case-insensitive?)
    "road": (_EXC["road_letters"], "", False),
    "id_name": (_EXC["identifier_before"]["name"], "space-hyphen", False),
    "id_ref": (_EXC["identifier_before"]["reference"], "space", False),
    "index": (_EXC["index_names"], "space", False),
    "phone": (["call", "calling", "ring", "dial", "phone", "contact", "on", "number"], "space", True),
}
_LABEL_LAST = {k: _by_last(w) for k, (w, _, _) in _LABELS.items()}


class _Scan:
    """One text's candidate starts, found once and shared by every pattern that needs them."""

    def __init__(self, text: str):
        self.text = text
        self.low = None if _ODD_FOLD.search(text) else text.lower()  # same length then
        self._runs: list[int] | None = None
        self._words: list[tuple[int, int]] | None = None
        self._digits: list[tuple[int, int]] | None = None
        self._label_starts: dict[str, list[int]] | None = None

    @property
    def digits(self) -> list[tuple[int, int]]:
        """DIGITS spans."""
        if self._digits is None:
            self._digits = [m.span() for m in DIGITS.finditer(self.text)]
        return self._digits

    @property
    def words(self) -> list[tuple[int, int]]:
        """NUMBER_WORD spans."""
        if self._words is None:
            self._words = number_word_spans(self.text)
        return self._words

    @property
    def runs(self) -> list[int]:
        """Starts of the runs of digits: where every pattern that opens with \\b\\d starts."""
        if self._runs is None:
            self._runs = [m.start() for m in _DIGIT_RUN.finditer(self.text)]
        return self._runs

    def _find_all(self, hay: str, needles) -> list[int]:
        out = []
        for w in needles:
            p = hay.find(w)
            while p != -1:
                out.append(p)
                p = hay.find(w, p + 1)
        return out

    def _labels(self, kind: str) -> list[int]:
        """Where a label word of _LABELS[kind] ends right before a run of digits, with only the
        allowed characters between: every start a label pattern can match at. All kinds are
        found in one pass over the runs."""
        if self._label_starts is None:
            self._label_starts = self._all_labels()
        return self._label_starts[kind]

    def _all_labels(self) -> dict[str, list[int]]:
        text, low = self.text, self.low
        found: dict[str, list[int]] = {k: [] for k in _LABELS}
        plans = [(found[k], gap, low if folded else text, _LABEL_LAST[k])
                 for k, (_, gap, folded) in _LABELS.items() if not folded or low is not None]
        for c in self.runs:
            j_space = c
            while j_space > 0 and text[j_space - 1].isspace():
                j_space -= 1
            j_hyphen = j_space
            while j_hyphen > 0 and (text[j_hyphen - 1].isspace() or text[j_hyphen - 1] == "-"):
                j_hyphen -= 1
            for out, gap, hay, by_last in plans:
                j = c if not gap else j_space if gap == "space" else j_hyphen
                if j == 0:
                    continue
                for w in by_last.get(hay[j - 1], ()):
                    if j >= len(w) and hay.startswith(w, j - len(w)):
                        out.append(j - len(w))
        return found

    def starts(self, kind: str) -> list[int] | None:
        """Sorted candidate starts for a pattern of this kind; None: scan the whole text."""
        if kind == "digit":
            return self.runs
        folded = kind in ("fraction", "phone", "url", "reference")
        if folded and self.low is None:
            return None
        if kind == "month":
            out = self._find_all(self.text, MONTHS)
        elif kind == "word":
            return [s for s, _ in self.words]
        elif kind == "fraction":
            out = [*self.runs, *(s for s, _ in self.words), *self._find_all(self.low, _FRACTION_WORDS)]
        elif kind == "bracket":
            out = self._find_all(self.text, "[(")
        elif kind in ("url", "reference"):
            parts = _URL_PARTS if kind == "url" else _REFERENCE_PARTS
            return [] if not any(w in self.low for w in parts) else None
        else:
            out = self._labels(kind)
        return sorted(set(out))

    def finditer(self, rx: re.Pattern) -> list[re.Match]:
        """rx.finditer(text), trying rx only where a pattern of its kind (_KIND) can start. No
        pattern there matches the empty string, so the next match starts at the end or later."""
        starts = self.starts(_KIND[rx])
        if starts is None:
            return list(rx.finditer(self.text))
        out, end, text = [], 0, self.text
        for c in starts:
            if c < end:
                continue
            m = rx.match(text, c)
            if m is not None:
                out.append(m)
                end = m.end()
        return out


# Each exception pattern with the kind of place it starts at.
_KIND = {_ROAD: "road", _ID_NAME: "id_name", _ID_REF: "id_ref", _CITATION: "bracket",
         _GLUED_BEFORE: "digit", _GLUED_AFTER: "digit", _INDEX: "index", _HOUSE: "digit",
         _CLOCK_ZONE: "digit", _URL: "url", _DATES[0]: "digit",
         _DATES[1]: "month", _DATES[2]: "month", _DATES[3]: "digit", _DATES[4]: "digit",
         _TIME: "digit", _YEAR: "digit", _ORDINAL: "digit", _PHONE: "phone",
         _REFERENCE: "reference", _WORD_RUN: "word", FRACTION: "fraction"}


def _code_letters(letters: str) -> bool:
    """Letters glued after a number that make it a code: not a unit, a scale, an ordinal or a
    plural ('1990s'); one capital letter is a panel or isotope label ('3B', '14C')."""
    low = letters.lower()
    if low in UNIT_LEXICON["scales"] or low in UNIT_LEXICON["suffix"] or low in ("st", "nd", "rd", "th", "s"):
        return False
    if re.fullmatch(r"[A-Z]", letters):
        return True
    return not is_unit(letters)


def _name_exceptions(text: str, scan: _Scan | None = None) -> list[tuple[int, int, str, str]]:
    """Road names, identifiers, index names, citations, figure references, house numbers and
    clock times with a time zone: numbers that name or point, not quantities."""
    scan = scan or _Scan(text)
    return ([(*m.span(), "name", "a road name") for m in scan.finditer(_ROAD)]
            + [(*m.span(), "name", "an identifier") for m in scan.finditer(_ID_NAME)]
            + [(*m.span(), "other", "a figure, table or section reference")
               for m in scan.finditer(_ID_REF)]
            + [(*m.span(), "other", "a citation") for m in scan.finditer(_CITATION)]
            + [(*m.span(), "name", "a number written against letters: a name or code")
               for m in scan.finditer(_GLUED_BEFORE)]
            + [(*m.span(), "name", "a number written against letters: a name or code")
               for m in scan.finditer(_GLUED_AFTER) if _code_letters(m.group("letters"))]
            + [(*m.span(), "name", "an index or product name") for m in scan.finditer(_INDEX)]
            + [(m.start(), m.start() + len(m.group(0).split()[0]), "other", "a house number")
               for m in scan.finditer(_HOUSE)]
            + [(*m.span(), "time", "a time of day") for m in scan.finditer(_CLOCK_ZONE)])


def _exceptions_for_numbers(text: str, paras: list[tuple[int, int]], scan: _Scan | None = None
                            ) -> list[tuple[int, int, str, str]]:
    """Spans that are not figures: (start, end, reason, why)."""
    scan = scan or _Scan(text)
    found: list[tuple[int, int, str, str]] = []
    for m in scan.finditer(_URL):
        if re.search(r"\d|" + NUMBER_WORD.pattern, m.group(0), re.IGNORECASE):
            found.append((*m.span(), "url", "part of a web address"))
    for rx in _DATES:
        found += [(*m.span(), "date", "a date") for m in scan.finditer(rx)]
    found += [(*m.span(), "time", "a time of day") for m in scan.finditer(_TIME)
              if not re.fullmatch(r"\d{1,2}\.\d{2}", m.group(0).strip())
              and not re.match(r"[£$€¥₹]", text[max(0, m.start() - 1):m.start()])]
    for m in scan.finditer(_YEAR):
        after = text[m.end():m.end() + 12]
        if re.match(r"(?:-year|\s+(?:years?|months?|days?|people|children|arrests|warrants))",
                    after):
            continue
        found.append((*m.span(), "year", "a year"))
    found += [(*m.span(), "ordinal", "an ordinal") for m in scan.finditer(_ORDINAL)]
    found += [(*m.span("num"), "other", "a phone number") for m in scan.finditer(_PHONE)
              if not re.search(r"\s(?:of|children|people)", text[m.end("num"):m.end("num") + 9])
              and len(re.sub(r"\D", "", m.group("num"))) >= 3
              and (m.group(0).split()[0].lower() != "on" or len(re.sub(r"\D", "", m.group("num"))) >= 6
                   or m.group("num") in ("101", "999", "111"))]
    found += [(*m.span("num"), "other", "a reference number") for m in scan.finditer(_REFERENCE)]
    found += _name_exceptions(text, scan)
    # The pronoun "one": "one of ...", "a growing one", "no one", "the one who".
    for s, e in scan.words:  # r"\bone\b" with IGNORECASE: the number words that are 'one'
        if text[s:e].lower() != "one":
            continue
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


_OF_THE = re.compile(r"\s+(?:of\s+(?:the\s+|these\s+|those\s+)?)?")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z-]*|,|\S")
_AND_LIST_END = re.compile(r"\s*(?:,\s*[a-z][a-z ]{0,30}?)*,?\s+and\s+[a-z]")


class _Tokens:
    """The tokens of text[pos:limit] (_TOKEN matches), read only as far as they are asked for:
    a counted noun phrase is a few words, and tokenising the rest of a long paragraph for every
    figure made a figure-dense paragraph quadratic."""

    def __init__(self, text: str, pos: int, limit: int):
        self._it = _TOKEN.finditer(text, pos, limit)
        self._got: list[re.Match] = []

    def __getitem__(self, k: int) -> re.Match | None:
        got = self._got
        while len(got) <= k:
            m = next(self._it, None)
            if m is None:
                return None
            got.append(m)
        return got[k]


def _counted(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase counted by a figure ending at pos: '312 children', 'thousands of
    computers, mobile phones and storage devices', '10,000 of the most serious ... images'."""
    m = _OF_THE.match(text, pos, limit)
    i = pos + (m.end() - pos if m else 0)
    if i == pos:
        return None
    words = _Tokens(text, i, limit)

    def take_np(k: int, conjunct: bool = False) -> tuple[list[tuple[int, int]], int]:
        got: list[tuple[int, int]] = []
        while (tok := words[k]) is not None and len(got) < 6:
            w = tok.group(0)
            if not (w[0].isascii() and w[0].isalpha()) or w == ",":  # not a _TOKEN word
                break
            low = w.lower()
            if low in _STOP and not (got and len(w) == 1 and "A" <= w <= "Z"):  # 'A category'
                break
            if (got or conjunct) and low.endswith(("ed", "ing")):
                break
            got.append(tok.span())
            k += 1
        return got, k

    head, k = take_np(0)
    if not head:
        return None
    first = text[head[0][0]:head[0][1]].lower()
    if first in DURATION_UNITS or first in ("per", "percent", "cent"):
        return None
    if first.endswith(("ed", "ing", "ly")) and len(head) == 1:
        return None

    def plural(span_list: list[tuple[int, int]]) -> bool:
        last = text[span_list[-1][0]:span_list[-1][1]].lower()
        return (last.endswith("s") and not last.endswith("ss")) or last in (
            "children", "people", "men", "women", "police")

    end = head[-1][1]
    while (tok := words[k]) is not None and plural(head):
        sep = tok.group(0)
        j = k + 1
        if sep == "," and words[j] is not None and words[j].group(0) == "and":
            j += 1
        if sep not in (",", "and"):
            break
        nxt, j2 = take_np(j, conjunct=True)
        if not nxt or not plural(nxt) or text[nxt[-1][0]:nxt[-1][1]].lower() in _STOP:
            break
        if sep == ",":
            # a comma list must end in "and X": look ahead for it
            if not _AND_LIST_END.match(text, nxt[-1][1], limit) and \
                    not (words[j2] is not None and words[j2].group(0) in (",", "and")):
                break
        end = nxt[-1][1]
        head = nxt
        k = j2
    return head and (words[0].start(), end) or None


_CATEGORY_RX = tuple((cat, re.compile(rx)) for cat, rx in CATEGORY_RULES)
_SAFEGUARD_RX, _CHILDREN_RX = re.compile(SAFEGUARD), re.compile(CHILDREN)
_SENTENCE_RX = re.compile(SENTENCE_WORDS)
_PEOPLE_RX = re.compile(r"\b(?:people|offenders|men|women|suspects|individuals)\b")
_CHARGED_RX = re.compile(r"\bcharged\b")
_NEAR_RULES = tuple((cat, rx) for cat, rx in _CATEGORY_RX if cat in ("arrests", "people_charged"))


def _category(text: str, s: int, e: int, counted: tuple[int, int] | None, unit: str,
              sentence: tuple[int, int]) -> str:
    if unit == "age":
        return "age"
    ss, se = sentence
    window = text[max(ss, s - 60):min(se, e + 60)].lower()
    if unit in ("year", "month", "day", "week", "hour", "decade"):
        return "sentence" if _SENTENCE_RX.search(window) else "duration"
    noun = text[counted[0]:counted[1]].lower() if counted else ""
    if noun:
        for cat, rx in _CATEGORY_RX:
            if rx.search(noun):
                return cat
    if _CHILDREN_RX.search(noun) and _SAFEGUARD_RX.search(window):
        return "children_safeguarded"
    near = text[max(ss, s - 25):min(se, e + 35)].lower()
    if noun and _PEOPLE_RX.search(noun) and _CHARGED_RX.search(near):
        return "people_charged"
    for cat, rx in _NEAR_RULES:
        if rx.search(near):
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


# Compiled once (they run for every figure); matched with pos/endpos instead of on a slice of the
# rest of the paragraph, which made a long paragraph with many figures quadratic. A pattern that
# opens with a lookbehind or \\b still runs on a slice, where the slice's start is a boundary.
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_AGED = re.compile(r"\b(?:aged|age of|ages of)\s+$")
_YEAR_OLD = re.compile(r"-(?:year|yr)s?-olds?\b", re.IGNORECASE)
_DURATION = re.compile(r"(?:-|\s+)(years?|months?|days?|weeks?|hours?|decades?)(?:['’](?=\s)|\b)",
                       re.IGNORECASE)
_PER_DAY = re.compile(r"\s+(?:a|every|each|per)\s+day\b")
_AFTER_HEDGES = tuple((re.compile(rf"\s+{re.escape(w)}\b", re.IGNORECASE), a) for w, a in HEDGE_AFTER)
# MODIFIERS as the endings they are tested with: (words + separator, approximation).
_MODIFIER_ENDS = tuple((words + ("" if not words[-1].isalnum() else " "), approx)
                       for words, approx in MODIFIERS)
_ANY_MODIFIER_END = tuple(end for end, _ in _MODIFIER_ENDS)
_PREFIX_LAST = frozenset(p[-1] for p in _PREFIXES)


def _prefix_before(text: str, s: int, ps: int) -> str | None:
    """The currency symbol written right before text[s], inside the paragraph from ps."""
    if s <= ps or text[s - 1] not in _PREFIX_LAST:
        return None
    return next((p for p in _PREFIXES if s - len(p) >= ps and text.startswith(p, s - len(p))), None)


def _between_before(text: str, s: int, ps: int) -> re.Match | None:
    """'between ' before the number at s (its match in the window before s)."""
    if s <= ps or not text[s - 1].isspace():  # \s+$ needs a space last
        return None
    return _BETWEEN.search(text[max(ps, s - _WINDOW):s])


def _aged_before(text: str, s: int, ps: int) -> bool:
    """'aged ' or 'age of ' before the number at s."""
    return s > ps and text[s - 1].isspace() and _AGED.search(
        text[max(ps, s - _WINDOW):s].lower()) is not None


def _modifier_before(text: str, s: int, ps: int, before: str) -> tuple[int, str] | None:
    """(new start, approximation) of the first hedge of MODIFIERS that `before` (the lower-cased
    window before s) ends with and that starts a word; None when there is none."""
    if not before.endswith(_ANY_MODIFIER_END):
        return None
    for words_sep, approx in _MODIFIER_ENDS:
        if before.endswith(words_sep):
            word_start = s - len(words_sep)
            if word_start == ps or not text[word_start - 1].isalnum():
                return word_start, approx
    return None


def _hedge_after(text: str, e: int, pe: int) -> tuple[int, str] | None:
    """(new end, approximation) of the first HEDGE_AFTER phrase after the number ending at e."""
    if e >= pe or not text[e].isspace():
        return None
    return next(((m.end(), a) for rx, a in _AFTER_HEDGES
                 if (m := rx.match(text, e, pe)) is not None), None)


def _figures(text: str, paras: list[tuple[int, int]],
             exceptions: list[tuple[int, int, str, str]], scan: _Scan | None = None) -> list[_Figure]:
    figures: list[_Figure] = []
    para_sentences: dict[int, list[tuple[int, int]]] = {}
    excepted = Cover([(xs, xe) for xs, xe, _, _ in exceptions])
    para_starts = [ps for ps, _ in paras]
    taken = 0
    cores = _number_cores(text, scan)
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
        sents = para_sentences.get(k)
        if sents is None:
            sents = para_sentences[k] = _sentences(text, ps, pe)
        sentence = next(((a, b) for a, b in sents if a <= s < b), para)
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
        sym = _prefix_before(text, s, ps)
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
        between = _between_before(text, s, ps)
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
        if approximation != "range" and not vague:
            hedged = _modifier_before(text, s, ps, before)
            if hedged is not None:
                s, approximation = hedged
        # units after the number
        unit_kind = None
        m = _YEAR_OLD.match(text, e, pe)
        if m:
            e = m.end()
            unit, unit_kind = "year", "age"
        else:
            m = _DURATION.match(text, e, pe)
            if m and not vague:
                e = m.end()
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
        if _aged_before(text, core_start, ps):
            unit_kind = "age"
            unit = "year"
        counted = None
        if unit == "count" and unit_kind is None:
            counted = _counted(text, e, pe)
            tail_from = counted[1] if counted else e
            if _PER_DAY.match(text, tail_from, pe):
                unit = "per_day"
        value = value0
        low = high = None
        after_hedge = _hedge_after(text, e, pe)
        if after_hedge and approximation == "exact" and not vague:
            e, approximation = after_hedge
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

