"""Lossless cleaning: raw text -> one clean string of role-tagged paragraphs.

Every raw character ends up in exactly one place: copied into the clean text (and mapped back by
`segments`) or kept in a `Removed` piece with its role. `restore_raw` proves it. Clean characters
that have no raw counterpart (the paragraph separators, the space that rejoins a broken sentence,
NFC compositions) are synthesized and map to no raw offset.

All cleaning rules live in this module, as the patterns and role names below.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property

import yaml

from . import safe_yaml
from .fast_pickle import pickled_by_fields

PARAGRAPH_SEPARATOR = "\n\n"

# --- removal rules (role names are part of the data contract, see schema/document.schema.json) ---
DATE_MARKER = re.compile(r" date (\d{4}-\d{2}-\d{2}) ")
FRONT_MATTER = re.compile(r"```yaml\n(.*?\n)```[ \t]*(?:\n|$)", re.DOTALL)
SITE_CHROME = re.compile(r"E-edition Read the [A-Z][A-Za-z]+ online edition")
PUBLICATION_LINES = (
    re.compile(r"PUBLISHED: [^|\n]+\| UPDATED: [^\n]+"),
    re.compile(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}"),
)
PICTURE_WORD = "Picture: "  # the credit's literal, looked for before the pattern is searched
PICTURE_CREDIT = re.compile(r"\s+" + re.escape(PICTURE_WORD) + r"[^\n]*$")
BULLET = re.compile(r"[•\-\*·▪]\s+")

# Standard advice paragraphs police releases append; copies keep them with small rewordings.
BOILERPLATE = tuple(
    re.compile(p)
    for p in (
        r"indecent images of anyone under the age of 18 is (?:committing )?a crime",
        r"^Offenders risk a criminal conviction",
        r"inappropriate thoughts and feelings",
        r"can seek help from|to seek help from",
        r"^Both are charities",
        r"^Parents and carers with concerns",
    )
)

SENTENCE_END = tuple(".!?:;\"”’'")

ROLES = ("headline", "standfirst", "caption", "body", "list_item", "boilerplate")
REMOVED_ROLES = (
    "date_marker", "front_matter", "site_chrome", "publication_line", "picture_credit",
    "list_marker", "whitespace", "line_break", "nfc_original",
)


class CleaningError(ValueError):
    """The raw text breaks an assumption of the cleaning rules (e.g. unparsable front matter)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Removed:
    role: str
    raw_start: int
    raw_end: int
    text: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Segment:
    """A run of clean characters copied verbatim from raw[raw_start:raw_start + end - start]."""

    start: int
    end: int
    raw_start: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    role: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    text: str


@dataclass(frozen=True)
class Cleaned:
    text: str
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removed, ...]
    segments: tuple[Segment, ...]
    front_matter: dict | None

    @cached_property
    def _segment_starts(self) -> list[int]:
        return [seg.start for seg in self.segments]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def raw_offset(self, i: int) -> int | None:
        """Raw offset of clean character i, or None for a synthesized character. A binary search
        over the sorted segment starts: validate calls this once per span character."""
        k = bisect_right(self._segment_starts, i) - 1
        if k >= 0:
            seg = self.segments[k]
            if seg.start <= i < seg.end:
                return seg.raw_start + i - seg.start
        return None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw span of the clean span [start, end); both ends must be copied characters."""
        first = self.raw_offset(start)
        last = self.raw_offset(end - 1)
        if first is None or last is None:
            raise ValueError(f"span {start}:{end} starts or ends on a synthesized character")
        return first, last + 1

    def paragraph_at(self, i: int) -> Paragraph | None:
        k = bisect_right(self._paragraph_starts, i) - 1
        if k >= 0 and self.paragraphs[k].start <= i < self.paragraphs[k].end:
            return self.paragraphs[k]
        return None


@dataclass
class _Para:
    """A paragraph under construction: pieces of (text, raw_start or None)."""

    parts: list[tuple[str, int | None]]
    role: str

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


def _nfc_parts(raw: str, start: int, end: int, removed: list[Removed]) -> list[tuple[str, int | None]]:
    """Copy raw[start:end], composing to NFC; a changed chunk is synthesized and its original kept."""
    s = raw[start:end]
    if unicodedata.is_normalized("NFC", s):
        return [(s, start)]
    parts: list[tuple[str, int | None]] = []
    i = 0
    while i < len(s):
        j = i + 1
        while j < len(s) and unicodedata.combining(s[j]):
            j += 1
        chunk = s[i:j]
        composed = unicodedata.normalize("NFC", chunk)
        if composed == chunk:
            parts.append((chunk, start + i))
        else:
            parts.append((composed, None))
            removed.append(Removed("nfc_original", start + i, start + j, chunk))
        i = j
    if not unicodedata.is_normalized("NFC", "".join(t for t, _ in parts)):
        # Composition across chunk borders (rare scripts): synthesize the whole run instead.
        removed[:] = [r for r in removed if not (start <= r.raw_start < end)]
        removed.append(Removed("nfc_original", start, end, s))
        return [(unicodedata.normalize("NFC", s), None)]
    return parts


def _front_matter_title(inner: str, inner_start: int) -> tuple[int, int] | None:
    """Raw span of the headline inside the front matter: og:title, else title minus ' | Site'."""
    og = re.search(r"^[ \t]+title: *(.+?)[ \t]*$", inner, re.MULTILINE)
    if og:
        return inner_start + og.start(1), inner_start + og.end(1)
    top = re.search(r"^title: *(.+?)(?: \| [^|\n]+)?[ \t]*$", inner, re.MULTILINE)
    if top:
        return inner_start + top.start(1), inner_start + top.end(1)
    return None


# The patterns as one alternation: one search per paragraph instead of six (same answer: each
# is searched anywhere in the paragraph, and none uses flags)
_ANY_BOILERPLATE = re.compile("|".join(f"(?:{p.pattern})" for p in BOILERPLATE))


def _is_boilerplate(text: str) -> bool:
    return _ANY_BOILERPLATE.search(text) is not None


def clean(raw: str) -> Cleaned:
    """Split raw into kept paragraphs and removed pieces; assign paragraph roles."""
    removed: list[Removed] = []
    paras: list[_Para] = []
    pos = 0
    front_matter = None
    standfirst_text = None

    m = DATE_MARKER.match(raw)
    if m:
        removed.append(Removed("date_marker", 0, m.end(), m.group(0)))
        pos = m.end()

    m = FRONT_MATTER.match(raw, pos)
    if m:
        inner_start = m.start(1)
        try:
            front_matter = safe_yaml.load(m.group(1))
        except safe_yaml.YamlRefused as exc:
            raise CleaningError(f"front matter refused: {exc}") from None
        except yaml.YAMLError as exc:
            raise CleaningError(f"front matter is not valid YAML: {exc}") from None
        if not isinstance(front_matter, dict):
            raise CleaningError("front matter is not a YAML mapping")
        og = front_matter.get("og")
        if isinstance(og, dict) and isinstance(og.get("description"), str):
            standfirst_text = og["description"].strip()
        title = _front_matter_title(m.group(1), inner_start)
        if title:
            removed.append(Removed("front_matter", pos, title[0], raw[pos:title[0]]))
            paras.append(_Para([(raw[title[0]:title[1]], title[0])], "headline"))
            removed.append(Removed("front_matter", title[1], m.end(), raw[title[1]:m.end()]))
        else:
            removed.append(Removed("front_matter", pos, m.end(), raw[pos:m.end()]))
        pos = m.end()

    # Line by line: whitespace around content is removed; content is chrome, a publication
    # line, or a paragraph (possibly with a picture credit or a bullet to strip).
    headline_candidate: _Para | None = None
    after_candidate = False
    for line in re.finditer(r"[^\n]*\n?", raw[pos:]):
        ls, le = pos + line.start(), pos + line.end()
        if ls == le:
            continue
        seg = raw[ls:le]
        cs = ls + (len(seg) - len(seg.lstrip()))
        ce = ls + len(seg.rstrip())
        if cs >= ce:
            removed.append(Removed("whitespace", ls, le, seg))
            continue
        if cs > ls:
            removed.append(Removed("whitespace", ls, cs, raw[ls:cs]))
        content = raw[cs:ce]
        if SITE_CHROME.fullmatch(content):
            removed.append(Removed("site_chrome", cs, ce, content))
        elif any(p.fullmatch(content) for p in PUBLICATION_LINES):
            removed.append(Removed("publication_line", cs, ce, content))
            if after_candidate and headline_candidate is not None:
                headline_candidate.role = "headline"
            after_candidate = False
        else:
            role = "body"
            start, end = cs, ce
            bullet = BULLET.match(content)
            if bullet:
                start = cs + bullet.end()
                removed.append(Removed("list_marker", cs, start, raw[cs:start]))
                role = "list_item"
            # the literal first: a search for \s+ at every position of every line is slow
            credit = (PICTURE_CREDIT.search(raw, start, ce)
                      if raw.find(PICTURE_WORD, start, ce) != -1 else None)
            if credit and credit.start() > start:
                end = credit.start()
                removed.append(Removed("picture_credit", end, ce, raw[end:ce]))
                role = "caption"
            para = _Para(_nfc_parts(raw, start, end, removed), role)
            # Only the first paragraph of a document can be a headline by position.
            after_candidate = not paras and role == "body"
            headline_candidate = para if after_candidate else None
            paras.append(para)
        if ce < le:
            removed.append(Removed("whitespace", ce, le, raw[ce:le]))

    paras = _rejoin(paras, raw, removed)
    for p in paras:
        if p.role == "body" and standfirst_text is not None and p.text == standfirst_text:
            p.role = "standfirst"
        elif p.role == "body" and _is_boilerplate(p.text):
            p.role = "boilerplate"
    return _assemble(paras, removed, front_matter)


def with_headline(cleaned: Cleaned, title: str | None) -> Cleaned:
    """The register's title, when it is the text's first paragraph (a headline printed as the first
    line, with nothing that marks it), makes that paragraph the headline. Nothing else changes."""
    if not title or not cleaned.paragraphs or any(p.role == "headline" for p in cleaned.paragraphs):
        return cleaned
    first = cleaned.paragraphs[0]
    if first.role != "body" or first.text != title:
        return cleaned
    return replace(cleaned, paragraphs=(replace(first, role="headline"), *cleaned.paragraphs[1:]))


def _rejoin(paras: list[_Para], raw: str, removed: list[Removed]) -> list[_Para]:
    """Rejoin a sentence the source broke across a blank line (no end punctuation, next starts
    lower-case or with a web address); the raw break becomes a `line_break` piece."""
    out: list[_Para] = []
    for p in paras:
        prev = out[-1] if out else None
        nxt = p.text
        if (
            prev is not None
            and prev.role == "body"
            and p.role == "body"
            and not prev.text.rstrip().endswith(SENTENCE_END)
            and (nxt[:1].islower() or nxt.startswith("www."))
        ):
            gap_start = _raw_end(prev)
            gap_end = _raw_start(p)
            if gap_start is not None and gap_end is not None:
                removed[:] = [r for r in removed if not (gap_start <= r.raw_start < gap_end)]
                removed.append(Removed("line_break", gap_start, gap_end, raw[gap_start:gap_end]))
                prev.parts.extend([(" ", None), *p.parts])
                continue
        out.append(p)
    return out


def _raw_start(p: _Para) -> int | None:
    return next((r for _, r in p.parts if r is not None), None)


def _raw_end(p: _Para) -> int | None:
    for t, r in reversed(p.parts):
        if r is not None:
            return r + len(t)
    return None


def _assemble(paras: list[_Para], removed: list[Removed], front_matter: dict | None) -> Cleaned:
    text_parts: list[str] = []
    segments: list[Segment] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, p in enumerate(paras):
        if index:
            text_parts.append(PARAGRAPH_SEPARATOR)
            offset += len(PARAGRAPH_SEPARATOR)
        start = offset
        for t, r in p.parts:
            if r is not None and t:
                if segments and segments[-1].end == offset and (
                    segments[-1].raw_start + segments[-1].end - segments[-1].start == r
                ):
                    last = segments.pop()
                    segments.append(Segment(last.start, offset + len(t), last.raw_start))
                else:
                    segments.append(Segment(offset, offset + len(t), r))
            text_parts.append(t)
            offset += len(t)
        rs, re_ = _raw_start(p), _raw_end(p)
        paragraphs.append(Paragraph(index, p.role, start, offset, rs if rs is not None else -1,
                                    re_ if re_ is not None else -1, p.text))
    return Cleaned(
        text="".join(text_parts),
        paragraphs=tuple(paragraphs),
        removed=tuple(_merge_removed(removed)),
        segments=tuple(segments),
        front_matter=front_matter,
    )


def _merge_removed(removed: list[Removed]) -> list[Removed]:
    """Sort pieces and merge touching pieces of the same role (e.g. a newline and indentation)."""
    out: list[Removed] = []
    for r in sorted(removed, key=lambda r: r.raw_start):
        if out and out[-1].role == r.role and out[-1].raw_end == r.raw_start:
            last = out.pop()
            r = Removed(r.role, last.raw_start, r.raw_end, last.text + r.text)
        out.append(r)
    return out


def restore_raw(cleaned: Cleaned, raw_length: int) -> str:
    """Rebuild the raw text from copied clean characters plus removed pieces; fail on any gap or
    overlap. This is the losslessness invariant, used by validate and the property tests. The
    pieces are laid end to end in raw order (a character-by-character fill took 2 s of a 10 MB
    validate)."""
    pieces: list[tuple[int, str]] = [(seg.raw_start, cleaned.text[seg.start:seg.end])
                                     for seg in cleaned.segments]
    for r in cleaned.removed:
        if r.raw_end - r.raw_start != len(r.text):
            raise ValueError(f"removed {r.role} piece {r.raw_start}:{r.raw_end} has wrong length")
        pieces.append((r.raw_start, r.text))
    pieces.sort(key=lambda p: p[0])
    pos = 0
    for at, s in pieces:
        if not s:
            continue
        if at < 0 or at + len(s) > raw_length:
            bad = at if at < 0 else max(at, raw_length)
            raise ValueError(f"raw offset {bad} out of range")
        if at < pos:
            raise ValueError(f"raw offset {at} claimed twice")
        if at > pos:
            raise ValueError(f"raw offset {pos} is neither kept nor recorded as removed")
        pos = at + len(s)
    if pos < raw_length:
        raise ValueError(f"raw offset {pos} is neither kept nor recorded as removed")
    return "".join(s for _, s in pieces)
