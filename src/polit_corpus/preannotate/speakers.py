"""Speaker resolution: a source's surface form matched to speakers.yaml, a proposed entry for an
unseen speaker, and pronouns resolved to the nearest compatible named person."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

import yaml

from .cues import _KIND_WORDS, _SRC_LEX, CAPWORD, PRONOUNS, ROLES, TITLE
from .segments import _Quote


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
    name Ann Rowe, role Det Supt); the reviewer accepts or edits it. A fresh dict each call (the
    caller may extend its aliases); the reading of a surface is cached, since a long text names
    the same sources thousands of times."""
    slug, name, kind, title = _entry_fields(surface)
    return {"speaker_id": slug, "name": name, "kind": kind, "role": title, "organisation": None,
            "aliases": [surface]}


@lru_cache(maxsize=8192)
def _entry_fields(surface: str) -> tuple[str, str, str, str | None]:
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
    return slug, name, kind, title


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
