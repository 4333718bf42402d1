"""Indirect quotations: the reported-speech patterns matched per sentence (source, cue, content
with no marks), with nominal, parenthetical and relative-clause attributions."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .cues import (
    _ADVERB,
    _ADVERBS,
    _CONNECTIVE,
    _CUES,
    _DAYS,
    _HEARER,
    _HEARER_ANY,
    _THAT_OPTIONAL,
    _TOKEN,
    _VERB_FIRST,
    AUX,
    DESC,
    DESC_END,
    DESCRIBED_NP,
    GROUP,
    NAME,
    ORGNP,
    PRONOUN,
    REPORT_CUE,
    REPORT_VERBS,
    SOURCE,
    SPEECH_VERBS,
    SPOKES,
    _clause_like,
    _src_span,
)
from .marks import MARK_RX, SINGLE, is_apostrophe
from .segments import _Quote
from .text import _sentences

# "said in a statement (on Friday) that ...", "wrote in an email": a nominal cue after the verb.
_IN_NOMINAL = (r"(?:\s+(?:in|during)\s+(?:an?|the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?(?:"
               + "|".join(sorted(_CUES["nominal"], key=len, reverse=True)) + r")\b"
               rf"(?:\s+(?:on\s+)?{_DAYS})?)?")

_IND_LEAD = re.compile(
    rf"^(?:[A-Z][^,“”\"]{{0,60}},\s+)?{_CONNECTIVE}(?P<src>{SOURCE})"
    rf"(?P<mid>,[^,“”\"]{{1,120}},|\s+who\s+[^,]{{1,80}}?|\s+[a-z][^,.;:“”\"]{{0,60}}?\s+and)?"
    rf"{_ADVERB}\s+(?P<cue>{REPORT_CUE}){_IN_NOMINAL}"
    rf"(?:\s+(?:on|last|this|earlier|yesterday|today)(?:\s+[A-Za-z]+)?(?=\s+that\b))?"
    rf"\s+(?P<that>that\s+)?(?P<content>.+?)[.!?:;]?$")

_ACCORDING = "|".join(re.escape(a) for a in _CUES["according"])

_HEARER_OBJ = (rf"(?:{NAME}|(?:the|a|an|his|her|their)\s+[A-Za-z]+|me|him|her|us|them|reporters"
               r"|journalists)")

_IND_TOLD = re.compile(
    rf"^(?:[A-Z][^,“”\"]{{0,60}},\s+)?{_CONNECTIVE}(?P<src>{SOURCE})\s+(?P<cue>{AUX}(?:{_HEARER}))\s+"
    rf"{_HEARER_OBJ}\s+(?:(?:on|at|in)\s+[A-Z][a-z]+\s+)?(?P<that>that\s+)?(?P<content>.+?)[.!?:;]?$")

_IND_ACCORDING_LEAD = re.compile(
    rf"^(?P<cue>{_ACCORDING.capitalize()}|{_ACCORDING})\s+(?P<src>{SOURCE}),\s+(?P<content>.+?)[.!?]?$")

_IND_ACCORDING_TRAIL = re.compile(
    rf"^(?P<content>[^“”\"]+?),\s+(?P<cue>{_ACCORDING})\s+(?P<src>{SOURCE})\s*[.!?]?$")

# The same with any noun phrase as the source ("according to early results of the exit poll",
# "..., according to media buying sources."), tried after the patterns above.
_ACC_NP = r"(?P<src>(?:the|a|an|The|A|An|[A-Za-z0-9][\w.’'&-]*)(?:\s+[\w.’'&/-]+){0,14}?)"

_IND_ACCORDING_LEAD_NP = re.compile(
    rf"^(?:[A-Z][^,“”\"]{{0,60}},\s+)?{_CONNECTIVE}(?P<cue>{_ACCORDING.capitalize()}|{_ACCORDING})"
    rf"\s+{_ACC_NP},\s+(?P<content>.+?)[.!?]?$")

_IND_ACCORDING_TRAIL_NP = re.compile(
    rf"^(?P<content>[^“”\"]+?),\s+(?P<cue>{_ACCORDING})\s+{_ACC_NP}\s*[.!?]?$")

# "..., said the head of the board, who ...": content first, then the cue and its source.
_IND_TRAIL_CUE_FIRST = re.compile(
    rf"^(?P<content>[A-Z“‘\"'][^“”\"]+?),\s+(?P<cue>{REPORT_CUE})\s+"
    rf"(?P<src>{DESC_END}|{SPOKES}|{NAME}|{ORGNP}|{DESCRIBED_NP})(?:,\s+[^“”\"]+?)?\s*[.!?]?$")

# "In particular, he said, the fund had ...": the attribution as a parenthesis; the content is
# the clause after it.
_IND_PAREN = re.compile(
    rf"^(?P<pre>[A-Z][^“”\"]{{0,120}}?),\s+(?P<src>{NAME}|{PRONOUN}|{SPOKES}|{DESC}|{GROUP})"
    rf"\s+(?P<cue>{REPORT_CUE}),\s+(?P<content>[^“”\"]+?)[.!?]?$")

# Any short noun phrase before the cue at the start of a sentence ("Former state Gov. Jo Bell
# says ...", "Most of the 40 voters said ..."): tried after every pattern with a listed source.
_NP_WORD = (r"(?!(?:said|says|say|told|that|who|which|whom|whose|would|will|could|should|may|might|"
            r"can|is|was|are|were|has|have|had|do|does|did|not|also|it|they|we|he|she|I|"
            + _ADVERBS + r")\b)[\w.’'&%-]+")

_IND_LEAD_NP = re.compile(
    rf"^(?:[A-Z][^,“”\"]{{0,60}},\s+)?{_CONNECTIVE}(?P<src>(?:[A-Z0-9][\w.’'&%-]*)"
    rf"(?:\s+{_NP_WORD}){{0,7}}?){_ADVERB}\s+(?P<cue>{REPORT_CUE})\s+(?P<that>that\s+)?(?P<content>.+?)"
    rf"[.!?:;]?$")

# A named or described source anywhere in the sentence, with an apposition or a bracket
# between it and the cue ("One of the authors, Jo Bell, said ...", "Sen. Jo Bell (D-Ohio), the
# panel's chair, said ..."), and a hearer after "told" ("told the AP", "told reporters Friday").
_WHEN = rf"(?:\s+(?:on\s+|last\s+|this\s+)?{_DAYS}(?:\s+(?:morning|afternoon|evening|night))?)?"

_APPOS = r"(?P<mid>,[^,“”\"]{1,100},|\s+\([^()]{1,40}\)(?:,[^,“”\"]{1,100},)?)?"

_IND_ANY = re.compile(
    rf"(?<![\w’'-])(?P<src>{NAME}|{PRONOUN}|{SPOKES}|{DESC}|{GROUP}){_APPOS}"
    rf"\s+(?P<cue>{REPORT_CUE}){_WHEN}\s+(?P<that>that\s+)?(?P<content>[^“”\"]+?)[.!?:;]?$")

_IND_TOLD_ANY = re.compile(
    rf"(?<![\w’'-])(?P<src>{NAME}|{PRONOUN}|{SPOKES}|{DESC}|{GROUP}){_APPOS}"
    rf"\s+(?P<cue>{AUX}(?:{_HEARER}))\s+{_HEARER_ANY}(?:\s+(?:last|this)\s+[a-z]+)?{_WHEN}"
    rf"(?:\s+(?:on|at|in)\s+[A-Z][a-z]+)?\s+(?P<that>that\s+)?(?P<content>[^“”\"]+?)[.!?:;]?$")

_PARTICIPLES = "|".join(sorted(_CUES["participles"], key=len, reverse=True))

# "Mr Hale struck a calm tone, saying he understood the task": the subject of the main clause
# is the source of what the participle reports.
_IND_PARTICIPLE = re.compile(
    rf"^(?:[A-Z][^,“”\"]{{0,60}},\s+)?{_CONNECTIVE}(?P<src>{SOURCE})\s+[^“”\"]*?"
    rf"(?:,\s+|\s+and\s+(?:also\s+)?)(?P<cue>{_PARTICIPLES}|{REPORT_CUE})"
    rf"\s+(?P<that>that\s+)?(?P<content>[^“”\"]+?)[.!?]?$")

# ("Mr Hale praised the crew and said they had saved the quay": a second verb of the subject.)
_REPORT_WORD = re.compile(r"\b(?:" + "|".join(REPORT_VERBS) + r")\b")

_HEARER_WORD = re.compile(r"\b(?:" + _HEARER + r")\b")

_WORD_START = re.compile(r"(?<![\w’'-])[A-Za-z]")


def _match_before_cue(rx: re.Pattern, cues: re.Pattern, sent: str) -> re.Match | None:
    """rx matched at the word starts up to 160 characters before each cue word of the sentence:
    the same matches as rx.search where the source stands near its cue, without trying the
    source patterns at every position of a long sentence."""
    for c in cues.finditer(sent):
        for w in _WORD_START.finditer(sent, max(0, c.start() - 160), c.start()):
            m = rx.match(sent, w.start())
            if m is not None:
                return m
    return None


_IND_TRAIL = re.compile(
    rf"^(?P<content>[^“”\"]+?),\s+(?P<src>{SOURCE}|{DESCRIBED_NP})\s+(?P<cue>{REPORT_CUE})\s*[.!?]?$")

# The same with more after the cue: a hearer after *told* ("..., Jo Bell told reporters"), a
# time, place or manner phrase ("..., the agency said on Friday", "..., he said, on condition of
# anonymity"), an apposition, and a source in capitals with an article ("..., the AP reported").
_CAPS_NP = r"(?:[Tt]he\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}"

_TAIL = (r"(?:,?\s+(?:on|in|at|to|during|after|before|last|this|yesterday|today|earlier|later|via|"
         r"from|when|while|by|with|without|under|according|in\s+a)\b[^“”\"]{0,80}?)?")

_IND_TRAIL_MORE = re.compile(
    rf"^(?P<content>[A-Z][^“”\"]+?),\s+(?P<src>{SOURCE}|{DESCRIBED_NP}|{_CAPS_NP})"
    rf"(?P<mid>,[^,“”\"]{{1,100}},)?\s+(?P<cue>{REPORT_CUE}|{AUX}(?:{_HEARER}))"
    rf"(?:\s+{_HEARER_ANY})?{_TAIL}\s*[.!?]?$")

# "..., a deadline that party insiders said went unnoticed" is left alone; this one takes a source
# and cue inside the sentence after a comma or a clause ("When asked, the mayor said that ...").
_IND_INNER = re.compile(
    rf"(?:,\s+|;\s+|\b(?:when|while|after|but|and|as|because|although)\s+)(?P<src>{SOURCE})"
    rf"\s+(?P<cue>{REPORT_CUE})\s+(?P<that>that\s+)?(?P<content>[^“”\"]+?)[.!?:;]?$")


def _indirect(text: str, paras: list[tuple[int, int]], quotes: list[_Quote], speakers: Mapping,
              resolve_source) -> None:
    """Indirect quotations, for the clear patterns only: in sentences without quotation marks,
    in the words before the marks of the others, and in relative clauses ("X, who said ...")."""
    for pi, (ps, pe) in enumerate(paras):
        for ss, se in _sentences(text, ps, pe):
            sent = text[ss:se]
            before_marks = False
            first = _first_mark(text, ss, se)
            if first < se:
                # "X said the plan would fail, adding: “...”": the words before the last comma
                # before the first mark may be a reported clause of their own.
                cut = max(text.rfind(", ", ss, first), text.rfind("; ", ss, first))
                if cut <= ss:
                    continue
                sent, before_marks = text[ss:cut], True
            n_before = len(quotes)
            _sentence_match(text, ss, sent, before_marks, pi, quotes, resolve_source)
            if ", who " in sent:
                # "Jo Bell, who said the plan would fail, voted for it": a relative clause with
                # its own attribution, the name before it its source
                found = [(q.start, q.end) for q in quotes[n_before:]]
                for (cs, ce), cue, src in _who_clauses(text, ss, sent):
                    if any(s < ce and cs < e for s, e in found):
                        continue
                    q = _Quote(cs, ce, type="indirect", para=pi, cue=cue, source=src,
                               notes=["reported speech in a relative clause (who said ...)"])
                    resolve_source(q, src)
                    q.before_marks = before_marks
                    quotes.append(q)


_IND_WHO = re.compile(rf",\s+who\s+(?:(?:also|has|had|have|later|then)\s+)?(?P<cue>{REPORT_CUE})\s+"
                      r"(?P<that>that\s+)?(?P<content>[^,;“”\"]+)")

_WHO_SRC = re.compile(rf"(?<![\w’'-])(?P<src>{NAME}|{SPOKES}|{DESC})$")


def _who_clauses(text: str, ss: int, sent: str):
    """(content, cue, source) spans of the "..., who said (that) ..." clauses of a sentence: the
    content runs to the next comma or the sentence end; the source is the name or described
    person right before the comma, and the clause must read as a reported one."""
    out = []
    for m in _IND_WHO.finditer(sent):
        content = m.group("content").rstrip(" .!?:")
        if len(content) < 8 or not m.group("that") and not (
                m.group("cue").split()[-1] in _THAT_OPTIONAL and _clause_like(content)):
            continue
        if content.split()[0].lower() in _VERB_FIRST:
            continue
        b = _WHO_SRC.search(sent, max(0, m.start() - 80), m.start())
        if b is None:
            continue
        cs = ss + m.start("content")
        out.append(((cs, cs + len(content)), (ss + m.start("cue"), ss + m.end("cue")),
                    _src_span(b, ss)))
    return out


def _sentence_match(text: str, ss: int, sent: str, before_marks: bool, pi: int,
                    quotes: list[_Quote], resolve_source) -> None:
    """The indirect quotation (or the two parts of one around a parenthetical attribution) that
    the reported-speech patterns find in one sentence, added to `quotes`."""
    m = _indirect_match(sent)
    if m is None or (m.group("pre") if m.re is _IND_PAREN else m.group("content")
                     ).split()[0] in _NOT_CONTENT_OPENERS:
        return  # "Asked about the fees, she said, ...": a question, then the answer
    if before_marks and not _clause_like(m.group("content")):
        return  # "The vote, she said, was “...”": the subject of the quoted words
    cs, ce = ss + m.start("content"), ss + m.end("content")
    while ce > cs and text[ce - 1] in ".!?:; ":
        ce -= 1
    if ce - cs < 8:
        return
    q = _Quote(cs, ce, type="indirect", para=pi,
               cue=(ss + m.start("cue"), ss + m.end("cue")),
               source=_src_span(m, ss))
    resolve_source(q, q.source)
    q.notes.insert(0, "reported speech pattern")
    if before_marks:
        q.before_marks = True
        q.notes.insert(1, "in the words before the quotation marks of its sentence")
    if m.re is _IND_PAREN:
        # "Overall, she said, costs fell": the words before the parenthesis are the first
        # part of the content (PolNeAR marks both parts). As in a split quotation, the
        # cue and source go on the first part and the clause after takes its speaker.
        pq = _Quote(ss + m.start("pre"), ss + m.end("pre"), type="indirect", para=pi,
                    cue=q.cue, source=q.source,
                    notes=["reported speech pattern: the part before a parenthetical "
                           "attribution"])
        resolve_source(pq, pq.source)
        quotes.append(pq)
        q.cue, q.source, q.speaker, q.speaker_from = None, None, pq.speaker, pq
        q.notes = ["reported speech after a parenthetical attribution: second part of "
                   "the content, speaker of the first"]
    quotes.append(q)


_NOT_CONTENT_OPENERS = frozenset(_CUES["not_content_openers"])


def _first_mark(text: str, ss: int, se: int) -> int:
    """Where the first quotation mark of text[ss:se] stands (se if none), not counting an
    apostrophe nor a single mark after -s that is followed by a space (a possessive: "the
    voters' view"). It stops at the first mark, so a long sentence is not scanned to its end."""
    for m in MARK_RX.finditer(text, ss, se):
        i, w = m.start(), m.end() - m.start()
        if w == 1 and is_apostrophe(text, i):
            continue
        if m.group(0) in SINGLE and w == 1 and i > ss and text[i - 1] in "sS" and i + 1 < se \
                and text[i + 1] == " ":
            continue
        return i
    return se


# "In a poll released Monday, 50 percent chose ...", "In a statement, the board said ...": a
# nominal cue (lexicon: nominal) opening the sentence; its noun phrase is the source.
_NOMINAL = "|".join(sorted(_CUES["nominal"], key=len, reverse=True))

_REPORT_SET = frozenset(REPORT_VERBS) | frozenset(SPEECH_VERBS)

_IND_IN_DOC = re.compile(
    rf"^(?P<cue>In)\s+(?P<src>(?:an?|the|its|his|her|their|[A-Z][\w.’'-]*[’']s)\s+"
    rf"(?:[^,“”\"]{{0,60}}?\s)?(?:{_NOMINAL}))\b[^,“”\"]{{0,60}},\s+(?P<content>[^“”\"]+?)[.!?]?$")

# The words one of which each reported-speech pattern needs (a report verb, a hearer verb, a
# participle, *according*): a sentence with none of them is not tried.
_CUE_TOKENS = frozenset(f(w.split()[0]) for w in (*REPORT_VERBS, *_CUES["hearer_verbs"],
                                                  *_CUES["participles"], *_CUES["according"])
                        for f in (str, str.capitalize)) | {"In"}  # "According to ...", "In a poll"


def _indirect_match(sent: str, trail: bool = True) -> re.Match | None:
    """The reported-speech pattern a sentence matches (lead, told, trailing, according to, inner),
    or None; `trail` False leaves out the patterns whose content stands before the cue."""
    if _CUE_TOKENS.isdisjoint(_TOKEN.findall(sent)):
        return None  # every pattern needs one of these words: none is tried
    m = _IND_TOLD.match(sent) or _IND_LEAD.match(sent)
    if m:
        cue_word = m.group("cue").split()[-1]
        if not m.group("that") and not (cue_word in _THAT_OPTIONAL
                                        and _clause_like(m.group("content"))):
            m = None
        elif not m.group("that") and m.group("content").split()[0].lower() in _VERB_FIRST:
            m = None  # "The plan the mayor said would fail": a relative clause
    if m is None:
        m = (trail and _IND_TRAIL.match(sent)) or _IND_ACCORDING_LEAD.match(sent) or (
            trail and _IND_ACCORDING_TRAIL.match(sent)) or None
    if m is None:
        m = _IND_INNER.search(sent)
        if m and not m.group("that") and not (m.group("cue").split()[-1] in _THAT_OPTIONAL
                                              and _clause_like(m.group("content"))):
            m = None
    if m is None:
        m = _IND_ACCORDING_LEAD_NP.match(sent) or _IND_LEAD_NP.match(sent)
        if m is not None and m.re is _IND_LEAD_NP and (
                m.group("content").split()[0].lower() in _VERB_FIRST
                or not m.group("that") and not (m.group("cue").split()[-1] in _THAT_OPTIONAL
                                                and _clause_like(m.group("content")))):
            m = None  # "The plan the mayor said would fail": a relative clause, no attribution
    if m is None:
        for rx, cues in ((_IND_TOLD_ANY, _HEARER_WORD), (_IND_ANY, _REPORT_WORD)):
            m = _match_before_cue(rx, cues, sent)
            if m is not None and (m.group("content").split()[0].lower() in _VERB_FIRST
                                  and not m.group("that")
                                  or not m.group("that") and not (
                                      m.group("cue").split()[-1] in _THAT_OPTIONAL
                                      and _clause_like(m.group("content")))):
                m = None
            if m is not None:
                break
    if m is None:
        m = _IND_PARTICIPLE.match(sent)
        if m is not None and not m.group("that") and not (
                _clause_like(m.group("content")) and (
                    m.group("cue") in _CUES["participles"]
                    or m.group("cue").split()[-1] in _THAT_OPTIONAL)):
            m = None
    if m is None and trail:
        m = (_IND_ACCORDING_TRAIL_NP.match(sent) or _IND_TRAIL_CUE_FIRST.match(sent)
             or _IND_PAREN.match(sent))
        if m is not None and m.re is _IND_PAREN and not _clause_like(m.group("content")):
            m = None
    if m is None:
        m = _IND_IN_DOC.match(sent)
        if m is not None and (not _clause_like(m.group("content")) or not _REPORT_SET.isdisjoint(
                _TOKEN.findall(m.group("content")))):
            m = None  # "In a letter, Ms Lee acknowledged ...": the clause has its own cue
    if m is None and trail:
        m = _IND_TRAIL_MORE.match(sent)
        if m is not None and not _clause_like(m.group("content")):
            m = None
    return m
