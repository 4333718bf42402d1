"""Annotation stage: standoff records (anchored by text) -> typed spans with offsets.

Pure: takes a cleaned document, its standoff dict and the speaker register, returns span records
and a list of located problems. Offsets are computed here, at build time, never stored by hand.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from .anchors import AnchorError, prefetch, resolve
from .corpus import Document, Speaker  # noqa: F401  (Speaker re-exported for older imports)
from .fast_pickle import pickled_by_fields
from .intervals import Cover
from .measures import read_unit
from .numbers import _NUMBER_WORDS, DIGITS, NUMBER_WORD, is_vague, lead, parse_number
from .paths import lexicon  # noqa: F401  (re-exported: the pre-annotator reads its lexicons here)


# slots=True: a long document makes hundreds of thousands of these records, each without a
# __dict__ takes a fifth of the memory (a Span: 72 bytes instead of 352).
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Period:
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    iso_start: str | None
    iso_end: str | None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Quote:
    doc_id: str
    quote_id: str
    type: str
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    speaker_id: str | None
    speaker_name: str | None
    cue: Span | None
    source: Span | None
    continues: str | None
    nested_in: str | None
    quote_cluster: str | None
    paragraph: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Figure:
    doc_id: str
    figure_id: str
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    value: float | None
    value_low: float | None
    value_high: float | None
    approximation: str
    unit: str
    unit_text: str | None
    category: str
    counted: Span | None
    period: Period | None
    statistic_id: str | None
    quote_id: str | None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    speaker_id: str
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Exception_:
    """A quotation mark or number that is deliberately not a span, with the reason."""

    kind: str  # "quote_mark" | "number"
    start: int
    end: int
    reason: str


Problem = tuple[str, str, str]  # (record, field, message)


def annotate(doc: Document, standoff: dict, speakers: dict[str, Speaker]
             ) -> tuple[Document, tuple[Exception_, ...], list[Problem]]:
    problems: list[Problem] = []
    text = doc.text

    cleaned = doc.cleaned
    seg_starts, segments = cleaned._segment_starts, cleaned.segments

    def span(anchor, record: str, field: str) -> Span | None:
        if anchor is None:
            return None
        if type(anchor) is dict and "at" in anchor:
            # A pinned anchor (the pre-annotator's rows) on copied characters: what resolve and
            # raw_span compute, inline; anything else takes the general path below.
            needle, s = anchor["text"], anchor["at"]
            e = s + len(needle) if type(needle) is str and type(s) is int else -1
            if 0 <= s < e and text.startswith(needle, s):
                k = bisect_right(seg_starts, s) - 1
                j = bisect_right(seg_starts, e - 1) - 1
                if k >= 0 and j >= 0:
                    a, b = segments[k], segments[j]
                    if a.start <= s < a.end and b.start <= e - 1 < b.end:
                        return Span(needle, s, e, a.raw_start + s - a.start,
                                    b.raw_start + e - b.start)
        try:
            s, e = resolve(text, anchor)
            rs, re_ = doc.cleaned.raw_span(s, e)
        except (AnchorError, ValueError) as exc:
            problems.append((record, field, str(exc)))
            return None
        return Span(text[s:e], s, e, rs, re_)

    def known_speaker(sid: str | None, record: str, field: str) -> str | None:
        if sid is not None and sid not in speakers:
            problems.append((record, field, f"unknown speaker id {sid!r} (not in speakers.yaml)"))
            return None
        return speakers[sid].name if sid else None

    prefetch(text, _anchors(standoff))
    if standoff["doc_id"] != doc.id:
        problems.append(("doc_id", "doc_id", f"file is for {standoff['doc_id']!r}, not {doc.id!r}"))

    quotes: list[Quote] = []
    ids = [q["id"] for q in standoff["quotes"]]
    for dup in sorted(i for i, n in Counter(ids).items() if n > 1):
        problems.append((dup, "id", "duplicate quote id"))
    for q in standoff["quotes"]:
        qid = q["id"]
        content = span(q["anchor"], qid, "anchor")
        name = known_speaker(q["speaker"], qid, "speaker")
        for ref in ("continues", "nested_in"):
            target = q.get(ref)
            if target is not None and target not in ids:
                problems.append((qid, ref, f"points to {target!r}, not a quote of {doc.id}"))
            if target == qid:
                problems.append((qid, ref, "points to itself"))
        if content is None:
            continue
        para = doc.cleaned.paragraph_at(content.start)
        if para is None or content.end > para.end:
            problems.append((qid, "anchor", "quote content crosses a paragraph boundary"))
            continue
        quotes.append(Quote(
            doc.id, qid, q["type"], content.text, content.start, content.end, content.raw_start,
            content.raw_end, q["speaker"], name, span(q.get("cue"), qid, "cue"),
            span(q.get("source"), qid, "source"), q.get("continues"), q.get("nested_in"),
            q.get("quote_cluster"), para.index,
        ))

    problems += structure_problems(quotes, doc)

    figures: list[Figure] = []
    quote_cover = Cover((q.start, q.end, (i, q)) for i, q in enumerate(quotes))
    fids = [f["id"] for f in standoff["figures"]]
    for dup in sorted(i for i, n in Counter(fids).items() if n > 1):
        problems.append((dup, "id", "duplicate figure id"))
    for f in standoff["figures"]:
        fid = f["id"]
        s = span(f["anchor"], fid, "anchor")
        if s is None:
            continue
        problems += [(fid, fld, msg) for fld, msg in value_problems(f, s.text)]
        period = None
        if f.get("period"):
            p = span(f["period"]["anchor"], fid, "period.anchor")
            problems += [(fid, f"period.{k}", m) for k, m in
                         period_problems(f["period"]["start"], f["period"]["end"])]
            if p is not None:
                period = Period(p.text, p.start, p.end, p.raw_start, p.raw_end,
                                f["period"]["start"], f["period"]["end"])
        inside = [t[2] for t in quote_cover.containing(s.start, s.end)]
        quote_id = (min(inside, key=lambda iq: (iq[1].end - iq[1].start, iq[0]))[1].quote_id
                    if inside else None)
        figures.append(Figure(
            doc.id, fid, s.text, s.start, s.end, s.raw_start, s.raw_end,
            _num(f["value"]), _num(f.get("value_low")), _num(f.get("value_high")),
            f["approximation"], f["unit"], f.get("unit_text", stated_unit(s.text)[1]),
            f["category"], span(f.get("counted"), fid, "counted"),
            period, f.get("statistic_id"), quote_id,
        ))

    mentions: list[Mention] = []
    for i, m in enumerate(standoff["mentions"]):
        rec = f"mentions[{i}]"
        if known_speaker(m["speaker"], rec, "speaker") is None:
            continue
        s = span(m["anchor"], rec, "anchor")
        if s is not None:
            if s.text not in speakers[m["speaker"]].aliases:
                problems.append((rec, "speaker", f"{s.text!r} is not among the aliases of "
                                 f"{m['speaker']!r} in speakers.yaml; add it there"))
            mentions.append(Mention(m["speaker"], s.text, s.start, s.end, s.raw_start, s.raw_end))
    mention_spans = {(m.speaker_id, m.start, m.end) for m in mentions}
    for q in quotes:
        if q.source is not None and q.speaker_name is not None \
                and (q.speaker_id, q.source.start, q.source.end) not in mention_spans:
            problems.append((q.quote_id, "source", f"source {q.source.text!r} is not listed as a "
                             f"mention of {q.speaker_id!r}"))

    exceptions: list[Exception_] = []
    for kind, key in (("quote_mark", "quote_marks"), ("number", "numbers")):
        for i, ex in enumerate(standoff["exceptions"][key]):
            s = span(ex["anchor"], f"exceptions.{key}[{i}]", "anchor")
            if s is not None:
                exceptions.append(Exception_(kind, s.start, s.end, ex["reason"]))

    by_start = sorted(quotes, key=lambda q: q.start)
    annotated = replace(doc, quotes=tuple(by_start),
                        figures=tuple(sorted(figures, key=lambda f: f.start)),
                        mentions=tuple(sorted(mentions, key=lambda m: m.start)))
    return annotated, tuple(exceptions), problems


def _anchors(standoff: dict):
    """Every anchor of a standoff file, for one batched lookup before they are resolved."""
    for q in standoff["quotes"]:
        yield from (q.get(k) for k in ("anchor", "cue", "source"))
    for f in standoff["figures"]:
        yield from (f.get("anchor"), f.get("counted"), (f.get("period") or {}).get("anchor"))
    for m in standoff["mentions"]:
        yield m.get("anchor")
    for key in ("quote_marks", "numbers"):
        yield from (ex.get("anchor") for ex in standoff["exceptions"][key])


def _num(v: float | int | None) -> float | None:
    return None if v is None else float(v)


def value_problems(f: dict, text: str) -> list[tuple[str, str]]:
    """A figure's hand-entered value must agree with the number its text states."""
    out: list[tuple[str, str]] = []
    value, low, high = f["value"], f.get("value_low"), f.get("value_high")
    if value is None and f["approximation"] == "range":
        if low is None or high is None:
            out.append(("value_low", "a range needs both value_low and value_high"))
    elif value is None:
        if f["approximation"] != "vague" or not is_vague(text):
            out.append(("value", f"null value needs a vague quantity and approximation 'vague' "
                                 f"(text {text!r}, approximation {f['approximation']!r})"))
    else:
        parsed = stated_value(text)
        if parsed is None:
            out.append(("value", f"text {text!r} does not parse as a number"))
        elif parsed != float(value):
            out.append(("value", f"value {value} does not agree with text {text!r} "
                                 f"(which states {parsed:g})"))
    out += wording_problems(f, text)
    if low is not None and high is not None and low > high:
        out.append(("value_low", f"value_low {low} > value_high {high}"))
    if value is not None and low is not None and value < low:
        out.append(("value_low", f"value {value} below value_low {low}"))
    if value is not None and high is not None and value > high:
        out.append(("value_high", f"value {value} above value_high {high}"))
    return out




# The words that qualify a number, and the approximation each implies (GUIDELINES.md 3.3):
# one table (lexicons/hedges.yaml) for the validator and the pre-annotator.
HEDGE_WORDS = tuple((w, a) for w, a in lexicon("hedges")["before"])
HEDGE_AFTER = tuple((w, a) for w, a in lexicon("hedges")["after"])
HEDGES = tuple((re.compile(("(?<![\\w.])" if words[0].isalnum() else "") + re.escape(words)
                           + (r"(?!\w)" if words[-1].isalnum() else ""), re.I), approximation)
               for words, approximation in (*HEDGE_WORDS, *HEDGE_AFTER))
UNITS = lexicon("units")
_UNIT_WORDS = sorted(UNITS["suffix"].items(), key=lambda kv: -len(kv[0]))
UNIT_WORDS = tuple((re.compile(rf"(?<=[\d\s-]){re.escape(w)}(?![\w%])", re.I), u)
                   for w, u in _UNIT_WORDS)
_NUM = rf"(?:\d[\d,.]*|{NUMBER_WORD.pattern})"
RANGE = re.compile(rf"\bbetween\b.+\band\b|{_NUM}\s*(?:[-–]|\s(?:to|or)\s)\s*[£$€]?{_NUM}", re.I)


FRACTION = re.compile(lead([*UNITS["fractions"], *_NUMBER_WORDS], digits=True)
                      + r"(?:(?<![\w-])(?:" + "|".join(
    re.escape(w) for w in sorted(UNITS["fractions"], key=len, reverse=True))
    + rf")(?![\w-])|{_NUM}\s+(?:in|out of)\s+{_NUM}(?!\w))", re.I)


def fraction_value(text: str) -> float | None:
    """The proportion a fraction states ('a third' = 1/3, 'one in four' = 0.25), else None."""
    m = FRACTION.search(text)
    if not m:
        return None
    word = m.group(0).lower()
    if word in UNITS["fractions"]:
        return float(UNITS["fractions"][word])
    parts = re.split(r"\s+(?:in|out of)\s+", word)
    num, den = parse_number(parts[0]), parse_number(parts[1])
    return num / den if num is not None and den else None


# Compiled once: these run for every figure of every text pre-annotated.
# A scale after the number: one letter ('6.8m', '20k') only glued to a money amount, since
# '180 m' and '300 K' are metres and kelvin; two letters ('1.2bn', '3 bn') glued or after one
# space; words ('8 million') after a space (GUIDELINES 3.2).
_SCALE = re.compile(r"\d(?:(" + "|".join(k for k in UNITS["scales"] if len(k) == 1)
                    + r")|\s?(" + "|".join(k for k in UNITS["scales"] if len(k) == 2)
                    + r")|\s+(" + "|".join(k for k in UNITS["scales"] if len(k) > 2)
                    + r"))(?!\w)", re.I)
_DIVIDE_BY_100 = re.compile(r"\d\s*(?:" + "|".join(UNITS["divide_by_100"]) + r")\b", re.I)
_PREFIXES = tuple(sorted(UNITS["prefix"].items(), key=lambda kv: -len(kv[0])))
_AGE_OF = re.compile(r"\bage of\b", re.I)
# One search that says whether any of the patterns matches, before they are tried in order:
# most figure texts name no unit word or hedge, and each needs one pass instead of dozens.
_ANY_UNIT_WORD = re.compile("|".join(f"(?:{p.pattern})" for p, _ in UNIT_WORDS), re.I)
_ANY_HEDGE = re.compile("|".join(f"(?:{p.pattern})" for p, _ in HEDGES), re.I)


@lru_cache(maxsize=65536)  # pure, and span texts repeat across a collection
def stated_value(text: str) -> float | None:
    """The number the text states, with a scale word folded in ('£6.8m' = 6800000) and pence
    read as pounds ('50p' = 0.5)."""
    fraction = fraction_value(text)
    if fraction is not None:
        return fraction
    parsed = parse_number(text)
    if parsed is None:
        return None
    first = DIGITS.search(text)
    if first and first.start() and text[first.start() - 1] in "−-" and (
            first.start() == 1 or text[first.start() - 2] in " (\t["):
        parsed = -parsed  # '−4 °C' (the pre-annotator's _minus_before)
    m = _SCALE.search(text)
    if m and (m.group(1) is None or any(sym in text for sym, _ in _PREFIXES)):
        parsed *= UNITS["scales"][(m.group(1) or m.group(2) or m.group(3)).lower()]
    if _DIVIDE_BY_100.search(text):
        parsed /= 100
    return parsed


@lru_cache(maxsize=65536)  # pure, and span texts repeat across a collection
def stated_unit(text: str) -> tuple[str | None, str | None]:
    """The unit a figure's text names, and the words or symbol naming it ('£', 'per cent')."""
    for sym, unit in _PREFIXES:
        if sym in text:
            return unit, sym
    m = _AGE_OF.search(text)
    if m:
        return "age", m.group(0)
    def written():  # a unit from pint's registry, after the last number that has one
        return next((w for n in reversed(list(DIGITS.finditer(text)))  # not an exponent's digit
                     if (w := read_unit(text, n.end())) is not None), None)
    for pattern, unit in UNIT_WORDS if _ANY_UNIT_WORD.search(text) else ():
        m = pattern.search(text)
        if m:
            if m.end() < len(text.rstrip()):  # more after the word: maybe a compound unit
                longer = written()
                if longer and len(longer.unit_text) > len(m.group(0)) \
                        and m.group(0) in longer.unit_text:
                    return longer.unit, longer.unit_text  # 'km s−1' is a speed, not 'km'
            return unit, m.group(0)
    longer = written()
    return (longer.unit, longer.unit_text) if longer else (None, None)


@lru_cache(maxsize=65536)  # pure, and span texts repeat across a collection
def stated_approximation(text: str) -> str:
    if is_vague(text):
        return "vague"
    if RANGE.search(text):
        return "range"
    for pattern, approximation in HEDGES if _ANY_HEDGE.search(text) else ():
        if pattern.search(text):
            return approximation
    return "exact"


def wording_problems(f: dict, text: str) -> list[tuple[str, str]]:
    """The approximation, bounds and unit must be the ones the span's own words state."""
    out: list[tuple[str, str]] = []
    stated = stated_approximation(text)
    if f["approximation"] != stated:
        out.append(("approximation", f"{f['approximation']!r} but the text {text!r} states "
                                     f"{stated!r}"))
    value, low, high = f["value"], f.get("value_low"), f.get("value_high")
    want = {"exact": (None, None), "more_than": (value, None), "at_least": (value, None),
            "less_than": (None, value)}.get(f["approximation"])
    if want is not None and value is not None and (low, high) != want:
        out.append(("value_low", f"{f['approximation']} {value:g} needs value_low {want[0]} and "
                                 f"value_high {want[1]}, not {low} and {high}"))
    if f["approximation"] == "vague" and low is None:
        out.append(("value_low", "a vague quantity needs the lower bound its word implies"))
    unit, _ = stated_unit(text)
    if unit is not None and f["unit"] != unit:
        out.append(("unit", f"{f['unit']!r} but the text {text!r} measures in {unit!r}"))
    if unit is None and f["unit"] in (*UNITS["time"], "age"):
        out.append(("unit", f"{f['unit']!r} but the text {text!r} names no such unit"))
    return out


def iso_range(iso: str) -> tuple[date, date]:
    """First and last day an ISO date of reduced precision covers ('2019' -> Jan 1..Dec 31)."""
    parts = [int(x) for x in iso.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    day = date(*parts)
    return day, day


def period_problems(start: str | None, end: str | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    ranges = {}
    for key, iso in (("start", start), ("end", end)):
        if iso is None:
            continue
        try:
            ranges[key] = iso_range(iso)
        except ValueError as exc:
            out.append((key, f"{iso!r} is not a real date ({exc})"))
    if "start" in ranges and "end" in ranges and ranges["start"][0] > ranges["end"][1]:
        out.append(("end", f"period ends ({end}) before it starts ({start})"))
    return out


def structure_problems(quotes: list[Quote], doc: Document) -> list[Problem]:
    """A `continues` segment opens the paragraph right after an open segment of the same
    speaker; a `nested_in` quotation lies inside the one it is nested in."""
    out: list[Problem] = []
    by_id = {q.quote_id: q for q in quotes}
    paragraphs = doc.cleaned.paragraphs
    for q in quotes:
        prev = by_id.get(q.continues) if q.continues else None
        if prev is not None:
            if prev.end != paragraphs[prev.paragraph].end:
                out.append((q.quote_id, "continues", f"{prev.quote_id} is closed (it does not run "
                                                     "to the end of its paragraph)"))
            if q.paragraph != prev.paragraph + 1:
                out.append((q.quote_id, "continues", f"{prev.quote_id} is in paragraph "
                            f"{prev.paragraph}, not the one before ({q.paragraph - 1})"))
            if q.speaker_id != prev.speaker_id:
                out.append((q.quote_id, "continues", f"speaker {q.speaker_id!r} differs from "
                                                     f"{prev.quote_id}'s {prev.speaker_id!r}"))
            if q.start != paragraphs[q.paragraph].start + 1:
                out.append((q.quote_id, "continues", "a continuing segment starts right after "
                                                     "the mark that opens its paragraph"))
        outer = by_id.get(q.nested_in) if q.nested_in else None
        if outer is not None and not (outer.start <= q.start and q.end <= outer.end):
            out.append((q.quote_id, "nested_in", f"lies outside {outer.quote_id}"))
    return out
