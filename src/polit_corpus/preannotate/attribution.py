"""Attribution of direct quotations: the cue and source around a quotation's marks, mixed
quotations (quoted words inside a reported clause) and cue words near the marks."""

from __future__ import annotations

import bisect
import re

from .cues import (
    _ADVERBS,
    _CONNECTIVE,
    _CUES,
    _DAYS,
    _NAMING,
    _PREPOSITIONS,
    _TOKEN,
    CUE,
    DESC,
    DESC_END,
    DESCRIBED,
    NAME,
    ORGNP,
    PRONOUN,
    REPORT_CUE,
    REPORT_VERBS,
    SOURCE,
    SPEECH_VERBS,
    SPOKES,
    _src_span,
)
from .indirect import _indirect_match
from .text import _sentences

_PRE = re.compile(
    rf"(?:^|[,;]\s+|^(?:And|But|Speaking [^,]{{1,60}}),?\s+)"
    rf"(?P<src>{SOURCE})"
    rf"(?P<mid>,[^,“”\"]{{1,120}},|\s+who\s+[^,:“”\"]{{1,80}}?|\s+\([^)]{{1,60}}\))?"
    rf"\s+(?P<cue>{CUE})(?P<rest>(?:\s+[^:“”\"]*?)?)\s*[:,]?\s*$")

_POST_CUE_FIRST = re.compile(
    rf"^\s*,?\s*(?P<cue>{CUE})\s+(?P<src>{DESC_END}|{SPOKES}|{NAME}|{PRONOUN}|{ORGNP}|{DESCRIBED})\b")

# "The vote, X said, was “...": the attribution stands as a parenthesis before the marks.
_PARENTHETICAL = re.compile(
    rf",\s+(?P<src>{SPOKES}|{NAME}|{PRONOUN})\s+(?P<cue>{CUE}),\s+[^,“”\"]{{0,60}}$")

_POST_SRC_FIRST = re.compile(
    rf"^\s*,?\s*(?P<src>{SPOKES}|{DESC}|{NAME}|{PRONOUN})(?P<mid>,[^,“”\"]{{1,120}},|\s+\([^()]{{1,40}}\))?\s+(?P<cue>{CUE})\b")

# “...” ― Jo Bell: a dash and a name after a quotation that ends its paragraph (the style of
# quoted reactions and epigraphs); the dash is the cue as written.
_POST_DASH = re.compile(rf"^\s*(?P<cue>[―—–])\s*(?P<src>{NAME})\.?\s*$")

# A paragraph that ends in a colon after a source and a cue ("Ms Lee told the board:") introduces
# the quotation that opens the next paragraph.
_COLON_PARA = re.compile(
    rf"(?:^|[.!?]\s+){_CONNECTIVE}(?P<src>{SOURCE})(?P<mid>,[^,“”\"]{{1,120}},)?"
    rf"\s+(?P<cue>{CUE}|{REPORT_CUE})(?:\s+[^:“”\"]{{0,80}})?:\s*$", re.M)


# A transcript line quoted as a paragraph ("WALLACE: Let's start ..."): a speaker label in
# capitals and a colon open the quotation; the label is the source, the colon the cue, and the
# quoted words start after it.
_LABEL = re.compile(r"(?P<src>(?:[A-Z][A-Z’'.-]*[A-Z.]\s+){0,3}[A-Z][A-Z’'.-]*[A-Z])(?P<cue>:)\s+"
                    r"(?=\S)")

# A stage direction in a transcript ("(CROSSTALK)", "[LAUGHTER]"): brackets and nothing else.
_STAGE = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]\s*[.,]?\s*")


def transcript_label(text: str, start: int, end: int):
    """(source span, cue span, where the quoted words start) of a speaker label opening the
    quotation text[start:end], or None. The caller asks only for a quotation that fills its
    paragraph (open, or closed at the paragraph end)."""
    m = _LABEL.match(text, start, end)
    if m is None:
        return None
    return m.span("src"), m.span("cue"), m.end()


_CONJOINED = re.compile(rf"\s*,?\s*(?:{'|'.join(_CUES['split_conjunctions'])})"
                        rf"(?:\s+(?:{_ADVERBS}))?\s*$")


def conjoined_half(text: str, first, open_i: int) -> bool:
    """Does the quotation opening at `open_i` follow the attribution of `first` (the
    paragraph's latest direct quote, whose cue stands after it) with only a conjunction between
    ("“A,” she said, but “B.”")? Then it is the second half of one split quotation."""
    if first is None or first.cue is None or first.cue[0] < first.end:
        return False
    after = max(first.cue[1], first.source[1] if first.source else 0)
    return after <= open_i and _CONJOINED.fullmatch(text, after, open_i) is not None


def stage_direction(text: str, start: int, end: int) -> bool:
    """Is the quoted text a bracketed stage direction only, not speech?"""
    return _STAGE.fullmatch(text, start, end) is not None


def _attribution(text: str, ps: int, pe: int, open_i: int, close_i: int | None,
                 prev_close: int | None, close_w: int = 1):
    """(cue span, source span, indirect clause span or None) found around one quotation."""
    cue, src, clause, _ = _attribution_rest(text, ps, pe, open_i, close_i, prev_close, close_w)
    return cue, src, clause


def _attribution_rest(text: str, ps: int, pe: int, open_i: int, close_i: int | None,
                      prev_close: int | None, close_w: int = 1):
    """As _attribution, plus where the words between a cue before the quote and its opening mark
    start (after *that*), or None when the mark follows the cue directly."""
    left = max(ps, prev_close + 1 if prev_close is not None else ps)
    # the mark itself is included, so that a sentence ending right before it ends there
    sents = _sentences(text, left, min(open_i + 1, pe)) if open_i > left else []
    pre_start = min(sents[-1][0], open_i) if sents else left
    while pre_start < open_i and text[pre_start].isspace():
        pre_start += 1  # the space after a closing mark that ended the previous sentence
    pre = text[pre_start:open_i]
    m = _PRE.search(pre)
    if m:
        cue = (pre_start + m.start("cue"), pre_start + m.end("cue"))
        src = _src_span(m, pre_start)
        clause = None
        rest = m.group("rest")
        words = rest.split()
        if len(words) >= 4 and words[0][:1].islower() and words[0] not in _PREPOSITIONS:
            rs = pre_start + m.start("rest") + (len(rest) - len(rest.lstrip()))
            re_ = pre_start + m.end("rest")
            if words[0] == "that":
                rs += len("that ")
            clause = (rs, re_)
        rest_start = None
        if words and not (len(words) == 1 and words[0] == "that"):
            rest_start = pre_start + m.start("rest") + (len(rest) - len(rest.lstrip()))
            if words[0] == "that":
                rest_start += len("that ")
            elif (words[0].lower() in _PREPOSITIONS or re.fullmatch(_DAYS, words[0])) and (
                    t := re.search(r"\bthat\s+", rest)):
                # "said on Monday that ...", "said Friday that ...": the clause starts after
                # the complementiser
                rest_start = pre_start + m.start("rest") + t.end()
        return cue, src, clause, rest_start
    m = _PARENTHETICAL.search(pre)
    if m:
        return ((pre_start + m.start("cue"), pre_start + m.end("cue")),
                _src_span(m, pre_start), None, None)
    if close_i is not None:
        post = text[close_i + close_w:pe]
        m = _POST_DASH.match(post)
        if m:
            base = close_i + close_w
            return ((base + m.start("cue"), base + m.end("cue")), _src_span(m, base), None, None)
        for rx in (_POST_CUE_FIRST, _POST_SRC_FIRST):
            m = rx.match(post)
            if m:
                base = close_i + close_w
                return ((base + m.start("cue"), base + m.end("cue")),
                        _src_span(m, base), None, None)
    return None, None, None, None


def _embedded(text: str, ps: int, open_i: int) -> bool:
    """Does the opening mark at `open_i` follow a word of its sentence ("has “big plans”"),
    rather than a colon, a comma, a sentence end or the paragraph start?"""
    k = open_i - 1
    while k >= ps and text[k] in " \t\u00a0":
        k -= 1
    return k >= ps and (text[k].isalnum() or text[k] in "%$")


# A reported clause is looked for in sentences up to this length only (a run-on "sentence" of
# thousands of marks would otherwise be matched once per mark).
_MAX_MIXED = 1000

_MASK = str.maketrans({c: "#" for c in "“”\"‘’'«»"})


def _mixed_clause(text: str, sents: list[tuple[int, int]], open_i: int, after_close: int,
                  cue, src, rest_start: int | None, content: str):
    """The reported clause around an embedded quotation (mixed quotation: "X says he has “big
    plans” for May"), as ((start, end), cue, source), or None. The clause runs from after the
    cue (and *that*) to the end of the sentence that holds the closing mark."""
    k = bisect.bisect_right(sents, (open_i, len(text) + 1)) - 1
    ss = sents[k][0] if k >= 0 else open_i
    se = next((e for _, e in sents[max(k, 0):] if e >= after_close), after_close)
    ce = _clause_end(text, after_close, se, _MIXED_BREAKS)
    goes_on = text[after_close:se].lstrip(" ,")[:1].islower()
    if cue is not None and rest_start is not None and cue[1] <= open_i:
        if content[:1].islower() or goes_on:
            return (rest_start, ce), cue, src
        return None
    if cue is not None and cue[0] >= after_close and ss < open_i:
        # "The cost is “far too high,” said Ms Lee.": the sentence up to the closing mark
        return (_clause_start(text, ss, open_i), after_close), cue, src
    if cue is None and ss < open_i and se - ss <= _MAX_MIXED:
        m = _indirect_match(text[ss:se].translate(_MASK), trail=False)
        if m is not None and ss + m.start("content") <= open_i:
            return ((ss + m.start("content"), ce), (ss + m.start("cue"), ss + m.end("cue")),
                    _src_span(m, ss))
    return None


# A cue word among the last words before an opening mark ("X cautioned “...”", "calling him “...”",
# "pledged to “...”"), and a source just before the cue or opening the sentence.
_NEAR_WORDS = sorted(set(SPEECH_VERBS) | set(REPORT_VERBS) | set(_CUES["before_marks"]),
                     key=len, reverse=True)

_NEAR = re.compile(rf"(?<![\w’'-])(?P<cue>{'|'.join(_NEAR_WORDS)})"
                   r"(?P<obj>(?:\s+that(?:\s+[\w’'$%-]+){0,6}?)?"
                   r"(?:\s+(?!(?:and|or|but|who|which|when|while|because)\b)[\w’'$%-]+){0,3}?)"
                   r"(?P<punct>[,:])?\s+$")

_NEAR_SET = frozenset(_NEAR_WORDS)

_SUBJECT = re.compile(rf"(?:[A-Z][^,“”\"]{{0,60}},\s+)?{_CONNECTIVE}(?P<src>{SOURCE})(?:[’']s)?\s")

_SRC_BEFORE = re.compile(rf"(?<![\w’'-])(?P<src>{SOURCE})(?:[’']s)?(?:\s+(?:{_ADVERBS}|"
                         r"has|had|have|was|is|were|are|would|will))?"
                         rf"(?:\s+{CUE},)?\s+$")  # "..., he said, adding that “...”"

_NEAR_SPAN = 60

_NAMER = re.compile(rf"(?<![\w’'-])(?P<src>{NAME}|{PRONOUN}),?\s+$")


def _near_cue(text: str, sents: list[tuple[int, int]], open_i: int, after_close: int):
    """A quotation after a cue word near its opening mark, in a sentence no other rule
    attributes: (None, cue, source) when the mark follows the cue (and its object, if a naming
    verb) directly, so that it is a direct quotation; ((start, end), cue, source) for the clause
    from after the cue (and *that*) to the closing mark, or to the sentence end when the
    sentence runs on in lower case (a mixed quotation). None without a cue or a source."""
    k = bisect.bisect_right(sents, (open_i, len(text) + 1)) - 1
    ss = sents[k][0] if k >= 0 else open_i
    lo = max(ss, open_i - _NEAR_SPAN)
    if _NEAR_SET.isdisjoint(_TOKEN.findall(text, lo, open_i)):
        return None  # no cue word near the mark: the pattern need not be tried
    m = _NEAR.search(text, lo, open_i)
    if m is None:
        return None
    word, obj = m.group("cue"), m.group("obj").split()
    cue = m.span("cue")
    if word in _NAMING and not obj:
        # "a class called “...”" names a thing; "what she called “...”" quotes her
        b = _NAMER.search(text, max(ss, cue[0] - _NEAR_SPAN), cue[0])
        return None if b is None else (None, cue, _src_span(b, 0))
    b = _SRC_BEFORE.search(text, max(ss, cue[0] - _NEAR_SPAN), cue[0])
    if b is None:
        b = _SUBJECT.match(text, ss, cue[0])
    if b is None:
        return None
    src = _src_span(b, 0)
    if not obj:
        return None, cue, src
    cs = m.start("obj") + len(m.group("obj")) - len(m.group("obj").lstrip())
    if obj[0] == "that":
        cs = text.index("that", cs) + len("that ")
    se = next((e for _, e in sents[max(k, 0):] if e >= after_close), after_close)
    return (cs, _clause_end(text, after_close, se)), cue, src


_BREAKS = frozenset(_CUES["clause_breaks"]) | frozenset(_CUES["participles"])

_MIXED_BREAKS = frozenset(("but", "while", "whereas")) | frozenset(_CUES["participles"])

_FIRST_WORD = re.compile(r"[ ,]*([a-z][\w’'-]*)")


def _clause_end(text: str, after_close: int, se: int, breaks=None) -> int:
    """Where a reported clause holding a quotation that closes at `after_close` ends: at the
    sentence end `se` (its final punctuation left out) when the sentence runs on in lower case,
    at the closing mark when it runs on with a new clause ("..., calling it “absurd” and said
    ...", "... “a farce,” claiming ...") or in capitals."""
    m = _FIRST_WORD.match(text, after_close, se)
    if m is None or m.group(1) in (_BREAKS if breaks is None else breaks):
        return after_close
    ce = se
    while ce > after_close and text[ce - 1] in " .!?;:,":
        ce -= 1
    return ce


def _clause_start(text: str, ss: int, open_i: int) -> int:
    """Where a reported clause that ends in a quotation starts: the sentence start, after a
    leading connective ("But", "And")."""
    m = re.match(_CONNECTIVE, text[ss:open_i])
    return ss + (m.end() if m else 0)


_CONTINUED = re.compile(r"\s+[a-z][^“”\"‘’.!?;:]*?,")


def _continued_clause(text: str, sents: list[tuple[int, int]], open_i: int, after_close: int):
    """“Far too high” was the verdict, Ms Lee said: a quotation that opens a sentence, runs on
    in lower case and ends in an attribution is the start of a reported clause, returned as
    ((start, end), cue, source), or None."""
    k = bisect.bisect_right(sents, (after_close, len(text) + 1)) - 1
    se = sents[k][1] if k >= 0 and sents[k][1] >= after_close else after_close
    m = _CONTINUED.match(text, after_close, se)
    if m is None:
        return None
    base = m.end()
    post = text[base:se]
    for rx in (_POST_CUE_FIRST, _POST_SRC_FIRST):
        a = rx.match(post)
        if a:
            return ((open_i, m.end() - 1), (base + a.start("cue"), base + a.end("cue")),
                    _src_span(a, base))
    return None
