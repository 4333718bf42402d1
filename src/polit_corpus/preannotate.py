"""Rule-based pre-annotation of a clean news text: a standoff dict for a person to review.

`preannotate(text, paragraphs, speakers)` proposes the three layers the guidelines define
(quotations with cue, source and speaker; figures with values; the exceptions the coverage check
needs) for any clean English news text. It is deliberately simple and transparent: regular
patterns, no model, no network. Every record it writes carries a `note` starting with "auto:"
that says it is machine-proposed; a reviewer edits the file until `polit-corpus validate` passes.

What the rules do (see the README, "Adding a text", for measured precision and recall):

- Quotation marks (“ ” " ‘ ’ ') are paired paragraph by paragraph; a mark between two letters is
  an apostrophe, not a mark. A mark that closes nothing and follows an "s" is a possessive
  (Offenders’ Register) and becomes a `quote_marks` exception. A paragraph that opens a mark and
  never closes it is an open segment; a following paragraph that starts with a mark `continues`
  it and inherits its speaker.
- A quoted phrase of at most four words with no attribution around it is a `fragment`; every
  other quoted stretch is `direct`. Attribution comes from the sentence around the marks:
  "X said: “...", "X added “...", "“...,” said X", "“...,” she said", with X a name (optionally
  with a police or civic title), a pronoun, or a noun phrase ("A police spokesman").
- Indirect quotations only for clear patterns: "X says (that) ...", "X <verb>s that ..." (said,
  show, have revealed, are advising, ...), "..., figures have revealed.", and the clause between
  the cue and a colon that opens a direct quote ("X added the job is hard: “...").
- Figures: every digit run and cardinal-word run, with a bound or hedge folded in ("more than",
  "over", "nearly", "under the age of", ...), a measured unit ("19 years", "12-month",
  "38-year-old", "one child a day"), vague "hundreds"/"thousands"; the counted noun phrase when
  it follows directly; a category from keywords. Years, dates, times, URLs, phone numbers,
  ordinals and the pronoun "one" become `numbers` exceptions with a reason.
- Speakers: a source is matched against speakers.yaml aliases. An alias that names the speaker
  (it contains the speaker's name, surname or organisation) matches anywhere; a generic alias
  ("Police", "figures") matches only when the text also names that speaker or its organisation.
  A pronoun takes the speaker of the nearest preceding quotation. Otherwise the speaker is null
  and the note proposes a new speaker entry.

Every anchor is made unique (bare text, then before/after context, then an occurrence number) and
checked with `anchors.resolve`, so the file always loads; what remains for the reviewer are wrong
or missing decisions, not broken anchors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .anchors import AnchorError, resolve
from .annotate import HEDGE_WORDS
from .coverage import APOSTROPHES, QUOTE_MARKS
from .numbers import DIGITS, NUMBER_WORD, TENS, UNITS, parse_number
from .schemas import load_schema

AUTO = "auto: machine-proposed, review it"

# --- vocabulary -----------------------------------------------------------------------------------

SPEECH_VERBS = (
    "said", "says", "say", "added", "adds", "explained", "explains", "told", "tells", "continued",
    "continues", "stated", "states", "commented", "comments", "warned", "warns", "urged", "urges",
    "insisted", "insists", "noted", "notes", "confirmed", "confirms", "admitted", "admits",
    "argued", "argues", "claimed", "claims", "replied", "responded", "concluded", "remarked",
    "described", "describes", "revealed", "reveals", "stressed", "stresses", "explaining", "saying",
    "adding",
)
CUE = r"(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
# Verbs that report content in an indirect quotation (with "that"; "says" also without it).
REPORT_VERBS = (
    "say", "says", "said", "show", "shows", "showed", "shown", "reveal", "reveals", "revealed",
    "advise", "advises", "advised", "advising", "warn", "warns", "warned", "warning", "add", "adds",
    "added", "claim", "claims", "claimed", "suggest", "suggests", "suggested", "confirm",
    "confirms", "confirmed", "indicate", "indicates", "indicated", "urge", "urges", "urged",
    "urging", "explain", "explains", "explained", "state", "states", "stated", "believe",
    "believes", "believed", "estimate", "estimates", "estimated",
)
AUX = r"(?:(?:have|has|had|are|is|were|was|will|would)\s+(?:also\s+)?)?"
REPORT_CUE = AUX + r"(?:" + "|".join(sorted(REPORT_VERBS, key=len, reverse=True)) + r")"

TITLES = (
    "Police and Crime Commissioner", "Assistant Chief Constable", "Deputy Chief Constable",
    "Chief Constable", "Detective Chief Superintendent", "Detective Superintendent",
    "Detective Chief Inspector", "Detective Inspector", "Detective Sergeant", "Detective Constable",
    "Chief Superintendent", "Superintendent", "Chief Inspector", "Inspector", "Sergeant",
    "Police Constable", "Constable", "Commissioner", "Det Chief Supt", "Det Supt", "Det Chief Insp",
    "Det Insp", "Det Sgt", "Det Con", "Det Const", "Ch Supt", "Ch Insp", "Supt", "Insp", "Sgt",
    "DCI", "DSI", "DI", "DS", "DC", "PC", "PCSO", "ACC", "DCC", "Dr", "Mr", "Mrs", "Ms", "Miss",
    "Prof", "Professor", "Cllr", "Councillor", "Sir", "Dame", "Lord", "Lady",
)
TITLE = r"(?:" + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)) + r")"
# A capitalised word of a name; function words that start sentences are not names.
_NOT_NAMES = ("The|A|An|In|On|At|This|That|These|Those|It|Its|But|And|Or|So|Last|Next|Every|Each|"
              "Our|Their|We|They|He|She|His|Her|I|If|When|While|After|Before|Since|Between|For|"
              "With|From|To|Of|As|By|Sadly|Now|Today|Yesterday|There|Here|Some|Many|More|Most|"
              "Nearly|Almost|Over|Under|About|Around|Up|One|Two|Three|Four|Five|Six|Seven|Eight|"
              "Nine|Ten|New|Latest|Speaking|According")
CAPWORD = r"(?!(?:" + _NOT_NAMES + r")\b)(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)*"
NAME = rf"(?:{TITLE}\s+)?{CAPWORD}(?:\s+{CAPWORD}){{0,3}}"
PRONOUN = r"(?:She|He|They|she|he|they)"
PRONOUNS = {"she", "he", "they"}
# Descriptive sources: spokespeople, figures and statistics, groups of officers.
SPOKES = (r"(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+){0,2}(?:spokesman|spokeswoman|spokesperson)"
          rf"(?:\s+(?:for|from)\s+(?:the\s+)?{NAME})?")
FIGS = (r"(?:(?:The|the|New|new|Latest|latest|Official|official|Recent|recent)\s+)?"
        r"(?:figures|statistics|stats|data|Figures|Statistics|Stats|Data)"
        rf"(?:\s+(?:from|released by|published by)\s+(?:the\s+)?{NAME})?")
GROUP = r"(?:[Pp]olice|[Oo]fficers|[Dd]etectives)"
SOURCE = rf"(?:{FIGS}|{SPOKES}|{NAME}|{PRONOUN}|{GROUP})"

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
_PREPOSITIONS = ("in", "on", "at", "to", "during", "after", "before", "when", "while", "of", "over",
                 "since", "from", "for", "with", "by", "outside", "yesterday", "today", "last",
                 "this", "earlier", "later")


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


# --- anchors --------------------------------------------------------------------------------------


def _context(text: str, start: int, end: int, words: int, side: str) -> str:
    """`words` whole words of context before or after a span, never across a paragraph break."""
    if side == "before":
        chunk = text[max(0, start - 80):start].split("\n")[-1]
        parts = re.findall(r"\S+\s*", chunk)
        return "".join(parts[-words:]) if parts else ""
    chunk = text[end:end + 80].split("\n")[0]
    parts = re.findall(r"\s*\S+", chunk)
    return "".join(parts[:words]) if parts else ""


def make_anchor(text: str, start: int, end: int) -> str | dict:
    """The shortest anchor that designates text[start:end] and nothing else: the bare text, then
    one to five whole words of context before and/or after (within the paragraph), then an
    occurrence number. Checked with anchors.resolve."""
    needle = text[start:end]
    candidates: list[str | dict] = [needle]
    for n in range(1, 6):
        b, a = _context(text, start, end, n, "before"), _context(text, start, end, n, "after")
        if b:
            candidates.append({"text": needle, "before": b})
        if a:
            candidates.append({"text": needle, "after": a})
        if a and b:
            candidates.append({"text": needle, "before": b, "after": a})
    for cand in candidates:
        try:
            if resolve(text, cand) == (start, end):
                return cand
        except AnchorError:
            continue
    occurrence, i = 0, text.find(needle)
    while i != -1 and i <= start:
        occurrence += 1
        i = text.find(needle, i + 1)
    return {"text": needle, "occurrence": occurrence}


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


def propose_speaker(surface: str) -> str:
    """A suggested speakers.yaml entry for an unknown source ('Detective Sergeant Amelia Thorne')."""
    m = re.match(rf"^(?:(?P<title>{TITLE})\s+)?(?P<name>.+)$", surface)
    name = m.group("name") if m else surface
    title = m.group("title") if m else None
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "new-speaker"
    if not slug[:1].isalpha():
        slug = f"speaker-{slug}"
    return (f"propose a new speaker: {{speaker_id: {slug}, name: {name}, role: {title or 'null'}, "
            f"aliases: [{surface}]}}")


# --- sentences ------------------------------------------------------------------------------------


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside a paragraph: split after . ! ? (and a closing mark) before a capital."""
    out, s = [], start
    for m in re.finditer(r"[.!?][”’\"']?\s+(?=[“‘\"'A-Z0-9])", text[start:end]):
        cut = start + m.end()
        out.append((s, start + m.start() + len(m.group(0).rstrip())))
        s = cut
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]


# --- quotations -----------------------------------------------------------------------------------


def _is_apostrophe(text: str, i: int) -> bool:
    return (text[i] in APOSTROPHES and 0 < i < len(text) - 1 and text[i - 1].isalpha()
            and text[i + 1].isalpha())


def _can_open(text: str, i: int, para_start: int) -> bool:
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/" or i == para_start) and not after.isspace()


def _pair_marks(text: str, ps: int, pe: int) -> tuple[list[tuple[int, int | None, int]],
                                                         list[tuple[int, str]]]:
    """Pairs (open mark, close mark or None, depth) in a paragraph and the stray marks with a
    reason ('possessive' or 'other')."""
    marks = [i for i in range(ps, pe) if text[i] in QUOTE_MARKS and not _is_apostrophe(text, i)]
    pairs: list[tuple[int, int | None, int]] = []
    stray: list[tuple[int, str]] = []
    stack: list[int] = []
    for i in marks:
        ch = text[i]
        single = ch in "‘’'"
        after_s = i > ps and text[i - 1] in "sS" and (i + 1 >= pe or not text[i + 1].isalnum())
        if stack:
            outer_double = text[stack[-1]] in "“”\""
            if single and outer_double and after_s and len(stack) == 1:
                stray.append((i, "possessive"))
                continue
            if _can_open(text, i, ps) and not (i + 1 < pe and text[i + 1] in ".,;:!?"):
                if single != (text[stack[-1]] in "‘’'") and len(stack) < 2:
                    stack.append(i)  # a nested quotation of the other mark family
                    continue
            opener = stack.pop()
            pairs.append((opener, i, len(stack)))
        elif single and after_s:
            stray.append((i, "possessive"))
        elif _can_open(text, i, ps):
            stack.append(i)
        else:
            stray.append((i, "other"))
    for depth, opener in enumerate(stack):
        if depth == 0:
            pairs.append((opener, None, 0))
        else:
            stray.append((opener, "other"))
    return sorted(pairs), stray


_PRE = re.compile(
    rf"(?:^|[,;]\s+|^(?:And|But|Speaking [^,]{{1,60}}),?\s+)(?P<src>{SOURCE})"
    rf"(?P<mid>,[^,“”\"]{{1,120}},|\s+who\s+[^,:“”\"]{{1,80}}?|\s+\([^)]{{1,60}}\))?"
    rf"\s+(?P<cue>{CUE})(?P<rest>(?:\s+[^:“”\"]*?)?)\s*[:,]?\s*$")
_POST_CUE_FIRST = re.compile(rf"^\s*,?\s*(?P<cue>{CUE})\s+(?P<src>{SPOKES}|{NAME}|{PRONOUN})\b")
_POST_SRC_FIRST = re.compile(
    rf"^\s*,?\s*(?P<src>{SPOKES}|{NAME}|{PRONOUN})(?P<mid>,[^,“”\"]{{1,120}},)?\s+(?P<cue>{CUE})\b")


def _attribution(text: str, ps: int, pe: int, open_i: int, close_i: int | None,
                 prev_close: int | None):
    """(cue span, source span, indirect clause span or None) found around one quotation."""
    left = max(ps, prev_close + 1 if prev_close is not None else ps)
    sents = _sentences(text, left, open_i) if open_i > left else []
    pre_start = sents[-1][0] if sents else left
    pre = text[pre_start:open_i]
    m = _PRE.search(pre)
    if m:
        cue = (pre_start + m.start("cue"), pre_start + m.end("cue"))
        src = (pre_start + m.start("src"), pre_start + m.end("src"))
        clause = None
        rest = m.group("rest")
        words = rest.split()
        if len(words) >= 4 and words[0][:1].islower() and words[0] not in _PREPOSITIONS:
            rs = pre_start + m.start("rest") + (len(rest) - len(rest.lstrip()))
            re_ = pre_start + m.end("rest")
            if words[0] == "that":
                rs += len("that ")
            clause = (rs, re_)
        return cue, src, clause
    if close_i is not None:
        post = text[close_i + 1:pe]
        for rx in (_POST_CUE_FIRST, _POST_SRC_FIRST):
            m = rx.match(post)
            if m:
                base = close_i + 1
                return ((base + m.start("cue"), base + m.end("cue")),
                        (base + m.start("src"), base + m.end("src")), None)
    return None, None, None


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
            earlier = [p for p in quotes if p.speaker and p is not q and p.start < q.start]
            prior = max(earlier, key=lambda p: p.start) if earlier else None
            if prior:
                q.speaker = prior.speaker
                q.notes.append(f"pronoun {surface!r}: speaker of the preceding quotation")
            else:
                q.notes.append(f"pronoun {surface!r} with no earlier speaker; set the speaker")
            return
        sid, how = match_speaker(surface, text, speakers)
        q.speaker = sid
        q.notes.append(f"source {surface!r}: {how}")

    _indirect(text, paras, quotes, speakers, resolve_source)
    for pi, (ps, pe) in enumerate(paras):
        pairs, stray = _pair_marks(text, ps, pe)
        stray_marks += stray
        prev_close: int | None = None
        opened_here: _Quote | None = None
        outer_of: dict[int, _Quote] = {}
        for open_i, close_i, depth in pairs:
            start, end = open_i + 1, close_i if close_i is not None else pe
            if end <= start:
                stray_marks += [(open_i, "other")] + ([(close_i, "other")] if close_i else [])
                continue
            q = _Quote(start, end, para=pi, open_end=close_i is None)
            content = text[start:end]
            if depth > 0:
                outer = next((o for o in reversed(quotes) if o.start <= start and end <= o.end
                              and o.para == pi and o.type != "indirect"), None)
                q.type = "fragment" if len(content.split()) <= 4 else "direct"
                q.nested_in = outer
                q.notes.append("quoted inside another quotation; speaker left to the reviewer")
                quotes.append(q)
                continue
            cue, src, clause = _attribution(text, ps, pe, open_i, close_i, prev_close)
            at_para_start = open_i == ps
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
            elif len(content.split()) <= 4 and not at_para_start:
                q.type = "fragment"
                q.notes.append("short quoted phrase with no attribution: fragment, speaker null")
            else:
                earlier = [p for p in quotes if p.type == "direct" and p.para >= pi - 2
                           and p.start < start]
                prior = max(earlier, key=lambda p: p.start) if earlier else None
                if prior is not None and prior.speaker is not None:
                    q.speaker = prior.speaker
                    q.notes.append("no attribution: speaker from the preceding quotation")
                else:
                    q.notes.append("no attribution found: set the speaker from context")
            quotes.append(q)
            outer_of[open_i] = q
            if clause is not None:
                iq = _Quote(clause[0], clause[1], type="indirect", speaker=q.speaker, cue=cue,
                            source=src, para=pi,
                            notes=["clause between the cue and the colon of a direct quote"])
                quotes.insert(len(quotes) - 1, iq)
            prev_close = close_i if close_i is not None else pe
            if close_i is None:
                opened_here = q
        last_open = opened_here
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes, stray_marks


_IND_LEAD = re.compile(
    rf"^(?:[A-Z][^,“”\"]{{0,60}},\s+)?(?P<src>{SOURCE})"
    rf"(?P<mid>,[^,“”\"]{{1,120}},|\s+who\s+[^,]{{1,80}}?|\s+[a-z][^,.;:“”\"]{{0,60}}?\s+and)?"
    rf"\s+(?P<cue>{REPORT_CUE})\s+(?P<that>that\s+)?(?P<content>.+?)[.!?:;]?$")
_IND_TRAIL = re.compile(
    rf"^(?P<content>[^“”\"]+?),\s+(?P<src>{SOURCE})\s+(?P<cue>{REPORT_CUE})\s*[.!?]?$")


def _indirect(text: str, paras: list[tuple[int, int]], quotes: list[_Quote], speakers: Mapping,
              resolve_source) -> None:
    """Indirect quotations in sentences without quotation marks, for the clear patterns only."""
    for pi, (ps, pe) in enumerate(paras):
        for ss, se in _sentences(text, ps, pe):
            sent = text[ss:se]
            if any(text[i] in QUOTE_MARKS and not _is_apostrophe(text, i) for i in range(ss, se)):
                continue
            m = _IND_LEAD.match(sent)
            if m:
                cue_word = m.group("cue").split()[-1]
                if not m.group("that") and cue_word not in ("says", "say"):
                    m = None
            if m is None:
                m = _IND_TRAIL.match(sent)
            if m is None:
                continue
            cs, ce = ss + m.start("content"), ss + m.end("content")
            while ce > cs and text[ce - 1] in ".!?:; ":
                ce -= 1
            if ce - cs < 8:
                continue
            q = _Quote(cs, ce, type="indirect", para=pi,
                       cue=(ss + m.start("cue"), ss + m.end("cue")),
                       source=(ss + m.start("src"), ss + m.end("src")))
            resolve_source(q, q.source)
            q.notes.insert(0, "reported speech pattern")
            quotes.append(q)


# --- figures --------------------------------------------------------------------------------------

_WORD_NUM = "|".join([*UNITS, *TENS, "hundred", "thousand", "million"])
_WORD_RUN = re.compile(
    rf"\b(?:{_WORD_NUM})(?:(?:-|\s+)(?:{_WORD_NUM})|(?<=hundred)\s+and\s+(?:{_WORD_NUM})"
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


def _number_cores(text: str) -> list[tuple[int, int]]:
    """Digit runs and cardinal-word runs ('Two hundred and ten', 'twenty-five'), in order."""
    cores = [m.span() for m in DIGITS.finditer(text)]
    for m in _WORD_RUN.finditer(text):
        cores.append(m.span())
    for m in NUMBER_WORD.finditer(text):
        word = m.group(0).lower()
        if word in VAGUE_BOUNDS or word == "dozen":
            cores.append(m.span())
    cores.sort()
    out: list[tuple[int, int]] = []
    for s, e in cores:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


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
              if not re.fullmatch(r"\d{1,2}\.\d{2}", m.group(0))]
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


def _figures(text: str, paras: list[tuple[int, int]],
             exceptions: list[tuple[int, int, str, str]]) -> list[_Figure]:
    figures: list[_Figure] = []
    for s, e in _number_cores(text):
        if any(xs <= s and e <= xe for xs, xe, _, _ in exceptions):
            continue
        para = next(((ps, pe) for ps, pe in paras if ps <= s < pe), None)
        if para is None:
            continue
        ps, pe = para
        sentence = next(((a, b) for a, b in _sentences(text, ps, pe) if a <= s < b), para)
        core = text[s:e]
        notes: list[str] = []
        vague = core.lower() in VAGUE_BOUNDS or core.lower() in ("dozen",)
        approximation, unit = "exact", "count"
        # modifiers before the number
        core_start = s
        before = text[ps:s].lower()
        for words, approx in MODIFIERS:
            if before.endswith(words + " ") and not vague:
                word_start = s - len(words) - 1
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
        if re.search(r"\b(?:aged|age of|ages of)\s+$", text[ps:core_start].lower()):
            unit_kind = "age"
            unit = "year"
        counted = None
        if unit == "count" and unit_kind is None:
            counted = _counted(text, e, pe)
            tail_from = counted[1] if counted else e
            if re.match(r"\s+(?:a|every|each|per)\s+day\b", text[tail_from:pe]):
                unit = "per_day"
        value = None if vague else parse_number(text[s:e])
        low = high = None
        if vague:
            approximation = "vague"
            low, high = VAGUE_BOUNDS.get(core.lower(), (12.0, None))
        elif value is None:
            continue
        elif approximation in ("more_than", "at_least"):
            low = value
        elif approximation == "less_than":
            high = value
        schema_unit = unit if unit in SCHEMA_UNITS else "count"
        if schema_unit != unit:
            notes.append(f"unit {unit!r} is not in the closed list; recorded as count")
        category = _category(text, s, e, counted, "age" if unit_kind == "age" else unit, sentence)
        figures.append(_Figure(s, e, value, low, high, approximation, schema_unit, category,
                               counted, notes))
    return figures


# --- the whole thing ------------------------------------------------------------------------------


def _para_spans(paragraphs: Iterable) -> list[tuple[int, int]]:
    out = []
    for p in paragraphs:
        if isinstance(p, tuple):
            out.append((p[0], p[1]))
        else:
            out.append((p.start, p.end))
    return out


def preannotate(text: str, paragraphs, speakers: Mapping, doc_id: str = "new-document") -> dict:
    """A standoff dict (schema/standoff.schema.json) proposing quotations, figures, mentions and
    exceptions for the clean `text` with its `paragraphs` (objects with start/end, or pairs).
    `speakers` maps speaker ids to Speaker records (or dicts) from speakers.yaml."""
    paras = _para_spans(paragraphs)
    quotes, stray_marks = _quotes(text, paras, speakers)
    number_exceptions = _exceptions_for_numbers(text, paras)
    figures = _figures(text, paras, number_exceptions)
    # Numbers that are covered neither by a figure nor by an exception (e.g. a figure whose value
    # could not be read) become exceptions the reviewer must decide on.
    covered = [(f.start, f.end) for f in figures] + [(s, e) for s, e, _, _ in number_exceptions]
    for m in [*DIGITS.finditer(text), *NUMBER_WORD.finditer(text)]:
        if not any(a <= m.start() and m.end() <= b for a, b in covered):
            number_exceptions.append((*m.span(), "other", "not read as a figure; decide"))
            covered.append(m.span())

    qids = {id(q): f"q{n}" for n, q in enumerate(quotes, start=1)}
    out_quotes = []
    mentions: list[dict] = []
    seen_mentions: set[tuple[str, int, int]] = set()
    for q in quotes:
        rec: dict = {"id": qids[id(q)], "type": q.type, "anchor": make_anchor(text, q.start, q.end),
                     "speaker": q.speaker}
        rec["cue"] = make_anchor(text, *q.cue) if q.cue else None
        rec["source"] = make_anchor(text, *q.source) if q.source else None
        if q.source and q.speaker is None:
            rec["source"] = None  # a source must be a mention of a known speaker
            rec["cue"] = make_anchor(text, *q.cue) if q.cue else None
            q.notes.append(f"source {text[q.source[0]:q.source[1]]!r} kept out until its "
                           "speaker exists")
        rec["continues"] = qids[id(q.continues)] if q.continues is not None else None
        if q.nested_in is not None:
            rec["nested_in"] = qids[id(q.nested_in)]
        rec["note"] = f"{AUTO}: " + "; ".join(q.notes or ["proposed"])
        out_quotes.append(rec)
        if q.source and q.speaker is not None and (q.speaker, *q.source) not in seen_mentions:
            seen_mentions.add((q.speaker, *q.source))
            mentions.append({"speaker": q.speaker, "anchor": rec["source"]})

    out_figures = []
    for n, f in enumerate(figures, start=1):
        rec = {"id": f"f{n}", "anchor": make_anchor(text, f.start, f.end), "value": _n(f.value)}
        if f.value_low is not None:
            rec["value_low"] = _n(f.value_low)
        if f.value_high is not None or f.approximation == "vague":
            rec["value_high"] = _n(f.value_high)
        rec.update({"approximation": f.approximation, "unit": f.unit, "category": f.category,
                    "counted": make_anchor(text, *f.counted) if f.counted else None,
                    "period": None,
                    "note": f"{AUTO}: " + "; ".join(f.notes + ["period not set"])})
        out_figures.append(rec)

    return {
        "doc_id": doc_id,
        "quotes": out_quotes,
        "figures": out_figures,
        "mentions": mentions,
        "exceptions": {
            "quote_marks": [
                {"anchor": make_anchor(text, i, i + 1) if reason == "other"
                 else _possessive_anchor(text, i), "reason": reason,
                 "note": f"{AUTO}: " + ("a possessive mark after -s" if reason == "possessive"
                                        else "a mark that bounds no quotation; decide")}
                for i, reason in sorted(set(stray_marks))],
            "numbers": [
                {"anchor": make_anchor(text, s, e), "reason": reason, "note": f"{AUTO}: {why}"}
                for s, e, reason, why in sorted(number_exceptions)],
        },
    }


def _n(v: float | None) -> float | int | None:
    return int(v) if v is not None and float(v).is_integer() else v


def _possessive_anchor(text: str, i: int) -> str | dict:
    """The possessive word with its mark and the next word ('Offenders’ Register')."""
    s = i
    while s > 0 and text[s - 1].isalpha():
        s -= 1
    m = re.match(r"\s+\w+", text[i + 1:])
    e = i + 1 + (m.end() if m else 0)
    return make_anchor(text, s, e)


# --- measuring it against gold ----------------------------------------------------------------------


def score(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict:
    """Precision and recall of predicted spans against gold spans, by exact offsets and by
    overlap (greedy one-to-one matching of overlapping spans)."""
    from .agreement import _overlap_matches
    from .agreement import legacy_prf as prf

    exact = len(set(gold) & set(predicted))
    overlap = _overlap_matches(sorted(gold), sorted(predicted))
    return {"exact": prf(exact, len(gold), len(predicted)),
            "overlap": prf(overlap, len(gold), len(predicted))}


def evaluate(docs, gold_standoffs: Mapping[str, dict], speakers: Mapping) -> dict:
    """Run `preannotate` on each document and score quotes and figures against the gold layer.
    Returns {doc_id or 'all': {'quotes': score, 'figures': score, 'n': counts}}; also the share
    of exactly matched quotes with the gold speaker and of matched figures with the gold value."""
    from .annotate import annotate

    totals: dict[str, list] = {"quotes": [[], []], "figures": [[], []]}
    extra = {"speaker_same": 0, "quotes_matched": 0, "value_same": 0, "figures_matched": 0}
    out: dict[str, dict] = {}
    for doc in docs:
        gold, _, _ = annotate(doc, gold_standoffs[doc.id], speakers)
        pred_so = preannotate(doc.text, doc.cleaned.paragraphs, speakers, doc_id=doc.id)
        pred, _, problems = annotate(doc, pred_so, speakers)
        if problems:
            raise ValueError(f"{doc.id}: pre-annotation does not load: {problems[0]}")
        row = {}
        for layer in ("quotes", "figures"):
            g = [(x.start, x.end) for x in getattr(gold, layer)]
            p = [(x.start, x.end) for x in getattr(pred, layer)]
            totals[layer][0] += [(doc.id, *x) for x in g]
            totals[layer][1] += [(doc.id, *x) for x in p]
            row[layer] = score(g, p)
        gq = {(q.start, q.end): q for q in gold.quotes}
        for q in pred.quotes:
            if (q.start, q.end) in gq:
                extra["quotes_matched"] += 1
                extra["speaker_same"] += q.speaker_id == gq[(q.start, q.end)].speaker_id
        gf = {(f.start, f.end): f for f in gold.figures}
        for f in pred.figures:
            if (f.start, f.end) in gf:
                g = gf[(f.start, f.end)]
                extra["figures_matched"] += 1
                extra["value_same"] += (f.value, f.value_low, f.value_high, f.approximation,
                                        f.unit) == (g.value, g.value_low, g.value_high,
                                                    g.approximation, g.unit)
        out[doc.id] = row
    out["all"] = {layer: _score_keyed(*totals[layer]) for layer in totals}
    out["all"]["attributes"] = extra
    return out


def _score_keyed(gold: list[tuple], predicted: list[tuple]) -> dict:
    """`score` over (doc_id, start, end) triples: overlap only counts within a document."""
    from .agreement import legacy_prf as prf

    exact = len(set(gold) & set(predicted))
    overlap = 0
    for doc_id in sorted({g[0] for g in gold} | {p[0] for p in predicted}):
        g = [(s, e) for d, s, e in gold if d == doc_id]
        p = [(s, e) for d, s, e in predicted if d == doc_id]
        overlap += score(g, p)["overlap"].matched
    return {"exact": prf(exact, len(gold), len(predicted)),
            "overlap": prf(overlap, len(gold), len(predicted))}
