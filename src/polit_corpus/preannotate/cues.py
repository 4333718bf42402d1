"""Cue and source patterns built from the lexicons (cues.yaml, titles.yaml, sources.yaml,
organisation_words.yaml): the building blocks every stage of quotation finding matches with."""

from __future__ import annotations

import re
from importlib import resources

import yaml

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

# "..., said the 46-year-old." / "said a neighbour": a short described source ending the clause.
DESCRIBED_NP = r"(?:the|a|an)\s+(?:[a-z0-9-]+\s+){0,3}[a-z0-9-]+"

DESCRIBED = DESCRIBED_NP + r"(?=\s*[,.;!?]|\s*$)"

_TOKEN = re.compile(r"[A-Za-z]+")

_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|earlier|later)"

_THAT_OPTIONAL = frozenset(_CUES["that_optional"])

_HEARER = "|".join(_CUES["hearer_verbs"])

_VERB_FIRST = frozenset(("would", "will", "could", "should", "may", "might", "can", "is", "was",
                         "are", "were", "has", "have", "had", "did", "does", "do"))

_HEARER_ANY = (r"(?:(?:(?:the|a|an)\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}"
               r"|me|him|her|us|them|reporters|journalists|friends|supporters|the\s+crowd"
               r"|(?:the|a|an|his|her|their)\s+(?:[a-z]+\s+)?[a-z]+)")

_NAMING = frozenset(_CUES["naming"])


def _clause_like(content: str) -> bool:
    """A that-less reported clause: at least four words, not opening with a preposition or a
    time word ("said on Monday ..."), and with a finite-looking second or later word."""
    words = content.split()
    return len(words) >= 4 and words[0].lower() not in _PREPOSITIONS and words[0].lower() not in (
        "it", "so", "yes", "no", "goodbye", "hello", "sorry", "thanks") or (
        len(words) >= 4 and words[0].lower() == "it" and words[1] in ("was", "is", "had", "has",
                                                                     "would", "will"))
