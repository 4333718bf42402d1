"""Quotations: marks, segments, attribution (cue, source) and speaker resolution."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources

import yaml

from .marks import MARK_RX, SINGLE, is_apostrophe, looks_like_title, marks
from .text import _sentences

AUTO = "auto: machine-proposed, review it"

_CUES = yaml.safe_load(resources.files("polit_corpus").joinpath("lexicons", "cues.yaml")
                       .read_text(encoding="utf-8"))
_KIND_WORDS = yaml.safe_load(
    resources.files("polit_corpus").joinpath("lexicons", "organisation_words.yaml")
    .read_text(encoding="utf-8"))
SPEECH_VERBS = tuple(sorted({f for forms in _CUES["direct"].values() for f in forms}))
CUE = r"(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
# Verbs that report content in an indirect quotation (with "that"; "says" also without it).
REPORT_VERBS = tuple(sorted({f for forms in _CUES["indirect"].values() for f in forms}))
AUX = r"(?:(?:have|has|had|are|is|were|was|will|would)\s+(?:also\s+)?)?"
REPORT_CUE = AUX + r"(?:" + "|".join(sorted(REPORT_VERBS, key=len, reverse=True)) + r")"

_TITLES = yaml.safe_load(resources.files("polit_corpus").joinpath("lexicons", "titles.yaml")
                         .read_text(encoding="utf-8"))
TITLES = tuple(_TITLES["titles"])
ROLES = tuple(_TITLES["roles"])
# A title may end in a full stop ("Mr. Briggs", "Dr. Khan"), the US and older British style.
TITLE = (r"(?:(?:" + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
         + r")\.?|(?:" + "|".join(re.escape(t) for t in sorted(ROLES, key=len, reverse=True))
         + r"))")
# A capitalised word of a name; function words that start sentences are not names.
_NOT_NAMES = ("The|A|An|In|On|At|This|That|These|Those|It|Its|But|And|Or|So|Last|Next|Every|Each|"
              "Our|Their|We|They|He|She|His|Her|I|If|When|While|After|Before|Since|Between|For|"
              "With|From|To|Of|As|By|Sadly|Now|Today|Yesterday|There|Here|Some|Many|More|Most|"
              "Nearly|Almost|Over|Under|About|Around|Up|One|Two|Three|Four|Five|Six|Seven|Eight|"
              "Nine|Ten|New|Latest|Speaking|According")
CAPWORD = (r"(?!(?:" + _NOT_NAMES + r")\b)(?:Mc|Mac|O['’]|De|Di|La|Le)?[A-Z][a-z]+"
           r"(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)*")
# A middle initial ("Leonard E. Burman") may stand between the words of a name, and a
# generational suffix may end it ("Jo Bell Jr.", "Jo Bell III").
NAME = (rf"(?:{TITLE}\s+)?{CAPWORD}(?:\s+(?:[A-Z]\.\s+)?{CAPWORD}){{0,3}}"
        r"(?:,?\s+(?:Jr\.|Sr\.|Jr\b|Sr\b|II\b|III\b|IV\b))?")
PRONOUN = r"(?:She|He|They|she|he|they)"
PRONOUNS = {"she", "he", "they"}
# Descriptive sources: spokespeople, figures and statistics, groups of officers.
SPOKES = (r"(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+){0,2}(?:spokesman|spokeswoman|spokesperson)"
          rf"(?:\s+(?:for|from)\s+(?:the\s+)?{NAME})?")
_DOCS = "|".join(sorted({w for d in _CUES["documents"] for w in (d, d.capitalize())},
                         key=len, reverse=True))
FIGS = (r"(?:(?:[Tt]he|[Aa]|[Aa]n|[Nn]ew|[Ll]atest|[Oo]fficial|[Rr]ecent|[Tt]his|[Tt]heir|[Ii]ts)\s+)?"
        r"(?:[a-z]+\s+)?(?:" + _DOCS + r")\b"
        rf"(?:\s+(?:from|released by|published by|by)\s+(?:the\s+)?{NAME})?")
GROUP = r"(?:[Pp]olice|[Oo]fficers|[Dd]etectives)"
# "the harbour board", "a county council": a lower-case noun phrase headed by an organisation word.
ORGNP = (r"(?:[Tt]he|[Aa]n?)\s+(?:[a-z]+\s+){0,2}(?:"
         + "|".join(sorted(_KIND_WORDS["organisation"], key=len, reverse=True))
         + r")\b")
# Described sources (lexicons/sources.yaml): "a spokesman for the department", "officials",
# "two people familiar with the matter", "the Florida senator", "campaign manager Jo Doe".
_SRC_LEX = yaml.safe_load(resources.files("polit_corpus").joinpath("lexicons", "sources.yaml")
                          .read_text(encoding="utf-8"))
_HEADS = sorted({w for k in ("people", "things") for h in _SRC_LEX[k] for w in (h, h.capitalize())},
                key=len, reverse=True)
_HEAD = r"(?:" + "|".join(_HEADS) + r")"
_DET = (r"(?:(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther|"
        r"[Mm]ost|[Bb]oth|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Aa]nother|[A-Z][a-z]+['’]s)\s+)")
_MOD = (r"(?!(?:said|says|say|told|that|who|which|and|or|but|he|she|they|it|in|on|at|to|by)\b)"
        r"[A-Za-z][\w.’'-]*")
_POSTMOD = r"\s+(?:for|from|of|at|with|close\s+to|familiar\s+with)\s+(?:the\s+)?"
DESC = (rf"(?:{_DET}?(?:{_MOD}\s+){{0,4}}?{_HEAD}\b(?:\s+(?:[A-Z]\.\s+)?{CAPWORD}"
        rf"(?:\s+(?:[A-Z]\.\s+)?{CAPWORD}){{0,2}})?"
        rf"(?P<srcpost>{_POSTMOD}[\w.’'-]+(?:\s+[\w.’'-]+){{0,3}}?)?)")
# The complement (group srcpost) is matched so that the cue is found after it, but it is no part
# of the source span: the guidelines' extent rule keeps the head and what stands before it.


def _src_span(m: re.Match, base: int) -> tuple[int, int]:
    """The source span of a match: group src without a trailing complement (group srcpost)."""
    end = m.end("src")
    if "srcpost" in m.re.groupindex and m.start("srcpost") >= 0 and m.end("srcpost") == end:
        end = m.start("srcpost")
    return base + m.start("src"), base + end


# The same, ending the clause ("..., said a spokesman for the department."): its complement runs
# to the punctuation.
DESC_END = (rf"(?:{_DET}?(?:{_MOD}\s+){{0,4}}?{_HEAD}\b(?:\s+(?:[A-Z]\.\s+)?{CAPWORD}"
            rf"(?:\s+(?:[A-Z]\.\s+)?{CAPWORD}){{0,2}})?"
            rf"(?P<srcpost>{_POSTMOD}[\w.’'-]+(?:\s+[\w.’'-]+){{0,3}})?(?=\s*[,.;!?]|\s*$))")
SOURCE = rf"(?:{FIGS}|{SPOKES}|{DESC}|{NAME}|{PRONOUN}|{GROUP}|{ORGNP})"
_CONNECTIVE = r"(?:(?:" + "|".join(_CUES["leading_connectives"]) + r"),?\s+)?"
_ADVERBS = "|".join(_CUES["cue_adverbs"])
_ADVERB = rf"(?:\s+(?:{_ADVERBS}))?"  # "Jo Bell later said": no part of the source



# A lower-case word that starts a clause after a cue but is no indirect content.
_PREPOSITIONS = ("in", "on", "at", "to", "during", "after", "before", "when", "while", "of", "over",
                 "since", "from", "for", "with", "by", "outside", "yesterday", "today", "last",
                 "this", "earlier", "later", "via")


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



# --- speakers -------------------------------------------------------------------------------------


def _speaker_fields(sp) -> tuple[str, str, str | None, tuple[str, ...]]:
    if isinstance(sp, Mapping):
        return sp["name"], sp["kind"], sp.get("organisation"), tuple(sp.get("aliases", ()))
    return sp.name, sp.kind, sp.organisation, tuple(sp.aliases)


def match_speaker(surface: str, text: str, speakers: Mapping) -> tuple[str | None, str]:
    """(speaker id or None, how it was decided) for a source's surface form."""
    specific: list[str] = []
    generic: list[str] = []
    for sid, sp in speakers.items():
        name, kind, org, aliases = _speaker_fields(sp)
        if surface not in aliases and surface != name:
            continue
        markers = [name] + ([org] if org and kind != "person" else [])
        if kind == "person" and " " in name:
            markers.append(name.split()[-1])
        if any(m and m in surface for m in markers):
            specific.append(sid)
        elif any(m and m in text for m in (name, org)):
            generic.append(sid)
    found = specific or generic
    if len(found) == 1:
        how = "alias" if specific else "generic alias, and the text names the speaker"
        return found[0], how
    if len(found) > 1:
        return None, f"ambiguous: {surface!r} is an alias of {', '.join(sorted(found))}"
    # A longer form of a known name ("Chief Inspector Jo Collins" for "Jo Collins").
    for sid, sp in speakers.items():
        name, kind, _, _ = _speaker_fields(sp)
        if kind == "person" and " " in name and surface.endswith(name):
            return sid, f"surface ends with the speaker's name {name!r}; add it as an alias"
    return None, f"no speaker in speakers.yaml has the alias {surface!r}; {propose_speaker(surface)}"


def proposed_entry(surface: str) -> dict:
    """A speakers.yaml entry for a source no speaker has yet ('Det Supt Ann Rowe' -> id ann-rowe,
    name Ann Rowe, role Det Supt); the reviewer accepts or edits it."""
    m = re.match(rf"^(?:(?P<title>{TITLE})\s+)?(?P<name>.+)$", surface)
    name = m.group("name") if m else surface
    title = m.group("title") if m else None
    # "campaign manager Jo K. Marsh": a described role ending in a lower-case head, then a name.
    r = _ROLE_NAME.match(name)
    if r and not title and r.group("title").split()[-1] in _ROLE_HEADS:
        title, name = r.group("title"), r.group("name")
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "new-speaker"
    if not slug[:1].isalpha():
        slug = f"speaker-{slug}"
    kind = "person" if title or _looks_personal(name) else "organisation"
    if any(w.lower() in _DOC_WORDS for w in name.split()):
        kind = "document"
    return {"speaker_id": slug, "name": name, "kind": kind, "role": title, "organisation": None,
            "aliases": [surface]}


_ROLE_HEADS = frozenset(_SRC_LEX["people"]) | frozenset(ROLES)
_ROLE_NAME = re.compile(rf"^(?P<title>(?:[\w.’'-]+\s+)*?[a-z][\w-]+)\s+"
                        rf"(?P<name>{CAPWORD}(?:\s+(?:[A-Z]\.\s+)?{CAPWORD}){{0,3}})$")


def _looks_personal(name: str) -> bool:
    """Two or three capitalised words and no organisation word: read as a person's name."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not any(
        w.lower() in _ORG_WORDS for w in words)


_ORG_WORDS = frozenset(_KIND_WORDS["organisation"])
_GENDERED = yaml.safe_load(
    resources.files("polit_corpus").joinpath("lexicons", "gendered_titles.yaml")
    .read_text(encoding="utf-8"))


def _compatible(pronoun: str, surface: str) -> bool:
    """Can `pronoun` refer to the bearer of `surface`? Only a gendered title says no."""
    title = surface.split()[0].rstrip(".") if surface.split() else ""
    for p, titles in _GENDERED.items():
        if title in titles:
            return pronoun.lower() == p or pronoun.lower() not in _GENDERED
    return True


PRONOUN_WORDS = frozenset(yaml.safe_load(
    resources.files("polit_corpus").joinpath("lexicons", "pronouns.yaml")
    .read_text(encoding="utf-8"))["pronouns"])
_DOC_WORDS = frozenset(_KIND_WORDS["document"])


def propose_speaker(surface: str) -> str:
    """A suggested speakers.yaml entry for an unknown source, as one line for a note."""
    e = proposed_entry(surface)
    return (f"propose a new speaker: {{speaker_id: {e['speaker_id']}, name: {e['name']}, "
            f"role: {e['role'] or 'null'}, aliases: [{surface}]}}")


# --- quotations -----------------------------------------------------------------------------------


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


_PRE = re.compile(
    rf"(?:^|[,;]\s+|^(?:And|But|Speaking [^,]{{1,60}}),?\s+)"
    rf"(?P<src>{SOURCE})"
    rf"(?P<mid>,[^,“”\"]{{1,120}},|\s+who\s+[^,:“”\"]{{1,80}}?|\s+\([^)]{{1,60}}\))?"
    rf"\s+(?P<cue>{CUE})(?P<rest>(?:\s+[^:“”\"]*?)?)\s*[:,]?\s*$")
# "..., said the 46-year-old." / "said a neighbour": a short described source ending the clause.
DESCRIBED_NP = r"(?:the|a|an)\s+(?:[a-z0-9-]+\s+){0,3}[a-z0-9-]+"
DESCRIBED = DESCRIBED_NP + r"(?=\s*[,.;!?]|\s*$)"
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
            elif words[0].lower() in _PREPOSITIONS and (t := re.search(r"\bthat\s+", rest)):
                # "said on Monday that ...": the clause starts after the complementiser
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
_TOKEN = re.compile(r"[A-Za-z]+")
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


def _named_source(text: str, q: _Quote) -> str:
    """The surface that names q's speaker: its own source, or that of the quote it follows."""
    seen = 0
    while q is not None and seen < 50:
        if q.source is not None and text[q.source[0]:q.source[1]].lower() not in PRONOUNS:
            return text[q.source[0]:q.source[1]]
        q, seen = q.speaker_from, seen + 1
    return ""


# A mention that names a person: a title and a name, or two to four capitalised words with no
# organisation word ("Det Supt Ann Rowe", "Jo K. Marsh").
_PERSON = re.compile(rf"\b(?=[A-Za-z])(?:{TITLE}\s+{CAPWORD}(?:\s+(?:[A-Z]\.\s+)?{CAPWORD}){{0,3}}"
                     rf"|{CAPWORD}(?:\s+(?:[A-Z]\.\s+)?{CAPWORD}){{1,3}})")


def _nearest_person(text: str, persons: list[tuple[int, int]], before: int, pronoun: str
                    ) -> tuple[int, int] | None:
    """The latest person mention ending before `before` that `pronoun` can refer to."""
    k = bisect.bisect_left(persons, (before, before))
    for s, e in reversed(persons[max(0, k - 8):k]):
        surface = text[s:e]
        if e <= before and _compatible(pronoun, surface) and not any(
                w.lower() in _ORG_WORDS for w in surface.split()):
            return s, e
    return None


def _split_first_half(last: _Quote | None, open_i: int) -> _Quote | None:
    """The first half of a split quotation ("A," she said. "B.") that the quote opening at
    `open_i` continues: `last`, the paragraph's latest top-level direct quote, when its cue
    follows its close and lies before this opening mark."""
    if last is not None and last.cue is not None and last.end <= last.cue[0] \
            and last.cue[1] <= open_i:
        return last
    return None


def _quotes(text: str, paras: list[tuple[int, int]], speakers: Mapping
            ) -> tuple[list[_Quote], list[tuple[int, str]]]:
    quotes: list[_Quote] = []
    stray_marks: list[tuple[int, str]] = []
    last_open: _Quote | None = None  # an open segment at the end of the previous paragraph

    def resolve_source(q: _Quote, src: tuple[int, int] | None) -> None:
        if src is None:
            return
        surface = text[src[0]:src[1]]
        if surface.lower() in PRONOUNS:
            prior = latest_before(q.start, lambda p: (p.speaker or p.source or p.speaker_from)
                                  and p is not q
                                  and _compatible(surface, _named_source(text, p)))
            named = _nearest_person(text, persons, src[0], surface)
            near_para = named is not None and named[0] >= paras[max(0, q.para - 1)][0]
            if named is not None and (prior is None or (near_para and named[0] > max(
                    prior.start, prior.source[0] if prior.source else prior.start))):
                q.antecedent = text[named[0]:named[1]]
                q.speaker, _ = match_speaker(q.antecedent, text, speakers)
                q.notes.append(f"pronoun {surface!r}: the nearest named person before it, "
                               f"{q.antecedent!r}")
            elif prior:
                q.speaker, q.speaker_from = prior.speaker, prior
                q.notes.append(f"pronoun {surface!r}: speaker of the preceding quotation")
            else:
                q.notes.append(f"pronoun {surface!r} with no earlier speaker; set the speaker")
            return
        sid, how = match_speaker(surface, text, speakers)
        q.speaker = sid
        q.notes.append(f"source {surface!r}: {how}")

    # The quotations found so far, by start, indexed lazily: the latest earlier one that meets a
    # condition is found by a backward scan from its place, not a pass over all of them.
    starts: list[tuple[int, int]] = []
    by_start: list[_Quote] = []
    indexed = 0

    def latest_before(at: int, ok, stop=None) -> _Quote | None:
        nonlocal indexed
        for p in quotes[indexed:]:
            k = bisect.bisect_right(starts, (p.start, indexed))
            starts.insert(k, (p.start, indexed))
            by_start.insert(k, p)
            indexed += 1
        for k in range(bisect.bisect_left(starts, (at, -1)) - 1, -1, -1):
            p = by_start[k]
            if stop is not None and stop(p):
                return None
            if ok(p):
                return p
        return None

    persons = [(m.start(), m.end()) for m in _PERSON.finditer(text)]
    _indirect(text, paras, quotes, speakers, resolve_source)
    for pi, (ps, pe) in enumerate(paras):
        pairs, stray = _pair_marks(text, ps, pe)
        stray_marks += stray
        sents: list[tuple[int, int]] | None = None
        clauses: list[_Quote] = []  # reported clauses holding quoted words (mixed quotations)
        prev_close: int | None = None
        opened_here: _Quote | None = None
        outer_of: dict[int, _Quote] = {}
        last_direct: _Quote | None = None  # the latest top-level direct quote of the paragraph
        for open_i, close_i, depth, open_w, close_w in pairs:
            start, end = open_i + open_w, close_i if close_i is not None else pe
            if end <= start:
                stray_marks += [(open_i, "other")] + ([(close_i, "other")] if close_i else [])
                continue
            q = _Quote(start, end, para=pi, open_end=close_i is None)
            content = text[start:end]
            if depth > 0:
                outer = next((o for o in reversed(quotes) if o.start <= start and end <= o.end
                              and o.para == pi and o.type != "indirect"), None)
                # Words quoted inside a quotation are part of its content: a fragment, however
                # long (the outer speaker is the one who says them).
                q.type = "fragment"
                q.nested_in = outer
                q.notes.append("quoted inside another quotation: fragment, speaker left to the "
                               "reviewer")
                quotes.append(q)
                continue
            at_para_start = open_i == ps
            inside = next((c for c in clauses if c.start <= start and end <= c.end), None)
            if inside is not None:
                q.type, q.speaker, q.speaker_from = "fragment", inside.speaker, inside
                q.notes.append("quoted words inside a reported clause (mixed quotation): "
                               "fragment, speaker of the clause")
                quotes.append(q)
                prev_close = close_i + close_w - 1 if close_i is not None else pe
                continue
            cue, src, clause, rest_start = _attribution_rest(text, ps, pe, open_i, close_i,
                                                             prev_close, close_w)
            if cue is not None and rest_start is None and text[cue[0]:cue[1]] in _NAMING \
                    and cue[1] <= open_i:
                cue, src, clause = None, None, None  # "a group called “...”": a name
            if cue is not None and last_direct is not None and last_direct.cue == cue:
                # “A,” she said, “B.”: the cue between the halves belongs to the first one
                cue, src, clause, rest_start = None, None, None, None
            if cue is None and at_para_start and last_open is None and pi > 0:
                pps = max(paras[pi - 1][0], paras[pi - 1][1] - 300)
                m = _COLON_PARA.search(text, pps, paras[pi - 1][1])
                if m is not None:
                    cue, src = (m.start("cue"), m.end("cue")), _src_span(m, 0)
            closed = close_i is not None and not (last_open is not None and at_para_start)
            embedded = closed and _embedded(text, ps, open_i)
            if closed and (embedded or cue is None):
                if sents is None:
                    sents = _sentences(text, ps, pe)
                mixed = (_mixed_clause(text, sents, open_i, close_i + close_w, cue, src,
                                       rest_start, content) if embedded
                         else _continued_clause(text, sents, open_i, close_i + close_w))
                if mixed is None and cue is None:
                    near = _near_cue(text, sents, open_i, close_i + close_w)
                    if near is not None and last_direct is not None and last_direct.cue == near[1]:
                        near = None  # “A,” she said, “B.”: the cue belongs to the first half
                    if near is not None and (near[0] is None or not embedded):
                        # “...” right after the cue, or after a comma or colon: a direct quote
                        cue, src = near[1], near[2]
                    elif near is not None:
                        mixed = near
                if mixed is not None:
                    (cs, ce), mcue, msrc = mixed
                    iq = _Quote(cs, ce, type="indirect", cue=mcue, source=msrc, para=pi,
                                notes=["reported clause with quoted words inside (mixed "
                                       "quotation)"])
                    resolve_source(iq, msrc)
                    quotes.append(iq)
                    clauses.append(iq)
                    if iq.cue is not None and iq.cue[0] >= close_i + close_w:
                        last_direct = iq  # “B.” after “A” was wrong, she said: B is hers
                    q.type, q.speaker, q.speaker_from = "fragment", iq.speaker, iq
                    q.notes.append("quoted words inside a reported clause (mixed quotation): "
                                   "fragment, speaker of the clause")
                    quotes.append(q)
                    prev_close = close_i + close_w - 1
                    continue
                if embedded and cue is None:
                    q.type = "fragment"
                    q.notes.append("quoted words inside the writer's own sentence with no cue: "
                                   "fragment, speaker null")
                    quotes.append(q)
                    prev_close = close_i + close_w - 1
                    continue
            if last_open is not None and at_para_start:
                q.continues = last_open
                q.speaker = last_open.speaker
                q.notes.append("continues the open quotation of the previous paragraph")
                if src is not None:
                    q.cue, q.source = cue, src
                    resolve_source(q, src)
            elif cue is not None:
                q.cue, q.source = cue, src
                resolve_source(q, src)
            elif (split := _split_first_half(last_direct, open_i)) is not None:
                q.speaker, q.speaker_from = split.speaker, split
                q.notes.append("second half of a split quotation: speaker of the first half, "
                               "whose cue and source stand between them")
            elif len(content.split()) <= 4 and not at_para_start:
                q.type = "fragment"
                q.notes.append("short quoted phrase with no attribution: fragment, speaker null")
            elif looks_like_title(content) and (not at_para_start or (
                    close_i is not None and not text[close_i + close_w:pe].strip(" .")
                    and len(content.split()) <= 8)):
                # a title, or a quoted heading standing alone as its paragraph
                q.type = "fragment"
                q.notes.append("quoted words in title case with no attribution: a title, "
                               "fragment, speaker null")
            else:
                prior = latest_before(start, lambda p: p.type == "direct",
                                      stop=lambda p, pi=pi: p.para < pi - 2)
                if prior is not None and (prior.speaker is not None or prior.source is not None):
                    q.speaker, q.speaker_from = prior.speaker, prior
                    q.notes.append("no attribution: speaker from the preceding quotation")
                else:
                    q.notes.append("no attribution found: set the speaker from context")
            quotes.append(q)
            if q.type == "direct":
                last_direct = q
            outer_of[open_i] = q
            if clause is not None:
                iq = _Quote(clause[0], clause[1], type="indirect", speaker=q.speaker, cue=cue,
                            source=src, para=pi,
                            notes=["clause between the cue and the colon of a direct quote"])
                quotes.append(iq)
            prev_close = close_i + close_w - 1 if close_i is not None else pe
            if close_i is None:
                opened_here = q
        last_open = opened_here
    held = [(q.start, q.end) for q in quotes if not q.before_marks]
    if len(held) < len(quotes):
        starts_ = sorted(held)
        ends_max = []
        for _, e in starts_:
            ends_max.append(max(e, ends_max[-1]) if ends_max else e)

        def overlapped(q: _Quote) -> bool:
            k = bisect.bisect_left(starts_, (q.end, -1))  # spans that start before q ends
            return k > 0 and ends_max[k - 1] > q.start

        dropped = {id(q) for q in quotes if q.before_marks and overlapped(q)}
        quotes = [q for q in quotes if id(q) not in dropped]
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes, stray_marks


_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|earlier|later)"
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
_THAT_OPTIONAL = frozenset(_CUES["that_optional"])
_HEARER = "|".join(_CUES["hearer_verbs"])
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
_VERB_FIRST = frozenset(("would", "will", "could", "should", "may", "might", "can", "is", "was",
                         "are", "were", "has", "have", "had", "did", "does", "do"))
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
_HEARER_ANY = (r"(?:(?:(?:the|a|an)\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}"
               r"|me|him|her|us|them|reporters|journalists|friends|supporters|the\s+crowd"
               r"|(?:the|a|an|his|her|their)\s+(?:[a-z]+\s+)?[a-z]+)")
_IND_TOLD_ANY = re.compile(
    rf"(?<![\w’'-])(?P<src>{NAME}|{PRONOUN}|{SPOKES}|{DESC}|{GROUP}){_APPOS}"
    rf"\s+(?P<cue>{AUX}(?:{_HEARER}))\s+{_HEARER_ANY}(?:\s+(?:last|this)\s+[a-z]+)?{_WHEN}"
    rf"(?:\s+(?:on|at|in)\s+[A-Z][a-z]+)?\s+(?P<that>that\s+)?(?P<content>[^“”\"]+?)[.!?:;]?$")
_NAMING = frozenset(_CUES["naming"])
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


def _clause_like(content: str) -> bool:
    """A that-less reported clause: at least four words, not opening with a preposition or a
    time word ("said on Monday ..."), and with a finite-looking second or later word."""
    words = content.split()
    return len(words) >= 4 and words[0].lower() not in _PREPOSITIONS and words[0].lower() not in (
        "it", "so", "yes", "no", "goodbye", "hello", "sorry", "thanks") or (
        len(words) >= 4 and words[0].lower() == "it" and words[1] in ("was", "is", "had", "has",
                                                                     "would", "will"))


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
