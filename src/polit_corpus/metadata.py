"""Metadata stage: values come from documents.yaml; this module proves each one against the source.

A value's evidence must occur in the part of the raw file its provenance names (front matter,
a header line, site chrome, the clean text); values that cleaning can read off mechanically (date
marker, publication line, headline) must agree with the register. A value the source does not show
but the person adding the text stated (`polit-corpus add --force ...`) has provenance `user` and
the command-line statement as its evidence; it is never presented as coming from the source.
A value read from a public archive copy of the same text has provenance `external`, the copy's
URL as evidence and, as reason, how the match was checked; it may fill a null or correct a
misreading, never contradict what the source itself shows (the header checks below still apply).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Cleaned

FIELDS = ("title", "standfirst", "date", "date_precision", "published_time", "force", "outlet",
          "outlet_type", "url", "area", "language")

_PIECE_ROLES = {
    "front_matter": ("front_matter",),
    "header_line": ("date_marker", "publication_line"),
    "site_chrome": ("site_chrome",),
}
_MONTHS = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December".split(),
    start=1)}


@dataclass(frozen=True)
class Evidence:
    field: str
    provenance: str
    evidence: str | None
    reason: str | None


@dataclass(frozen=True)
class Metadata:
    values: dict[str, str | None]
    evidence: tuple[Evidence, ...]


def _region(provenance: str, cleaned: Cleaned, raw: str) -> str:
    if provenance in _PIECE_ROLES:
        roles = _PIECE_ROLES[provenance]
        spans = [r for r in cleaned.removed if r.role in roles]
        if provenance == "front_matter" and spans:
            # The headline is kept from inside the front matter, so check the whole block.
            return raw[min(r.raw_start for r in spans):max(r.raw_end for r in spans)]
        return "\n".join(r.text for r in spans)
    if provenance == "text":
        return cleaned.text
    return raw


def header_facts(cleaned: Cleaned) -> dict[str, str]:
    """Date and time that cleaning read off the removed header lines."""
    facts: dict[str, str] = {}
    for r in cleaned.removed:
        if r.role == "date_marker":
            facts["date"] = r.text.strip().removeprefix("date ").strip()
        elif r.role == "publication_line":
            m = re.match(r"(\d{2}):(\d{2}) (\d{2})/(\d{2})/(\d{4})", r.text)
            if m:
                facts["published_time"] = f"{m[1]}:{m[2]}"
                facts["date"] = f"{m[5]}-{m[4]}-{m[3]}"
            m = re.match(r"PUBLISHED: (\d{2}:\d{2}) (\d{1,2}) (\w+) (\d{4})", r.text)
            if m and m[3] in _MONTHS:
                facts["published_time"] = m[1]
                facts["date"] = f"{m[4]}-{_MONTHS[m[3]]:02d}-{int(m[2]):02d}"
    return facts


def build_metadata(entry: dict, cleaned: Cleaned, raw: str) -> tuple[Metadata, list[str]]:
    """Return the metadata and a list of problems ('field: message')."""
    problems: list[str] = []
    values: dict[str, str | None] = {}
    evidence: list[Evidence] = []
    for field in FIELDS:
        item = entry[field]
        value, prov = item["value"], item["provenance"]
        ev, reason = item.get("evidence"), item.get("reason")
        values[field] = value
        evidence.append(Evidence(field, prov, ev, reason))
        if prov == "user":
            # Stated by the person who added the text, not shown by the source: the evidence is
            # the command-line statement (`--force 'Essex Police'`), kept so nobody mistakes the
            # value for something the text says.
            if not (ev or "").startswith("--"):
                problems.append(f"{field}: provenance user needs the command-line statement as "
                                f"evidence (starting with --), not {ev!r}")
        elif prov == "external":
            # Not in the raw file by definition: the evidence is the archive copy's URL, and the
            # reason must say how that copy was matched to this text.
            if not re.fullmatch(r"https?://\S+", ev or ""):
                problems.append(f"{field}: provenance external needs the archive copy's URL as "
                                f"evidence, not {ev!r}")
            if not (reason or "").strip():
                problems.append(f"{field}: provenance external needs a reason saying how the "
                                "archive copy was matched to the source")
            if field == "url" and value != ev:
                problems.append(f"url: external value {value!r} differs from its evidence {ev!r}")
        elif ev and prov != "none" and ev not in _region(prov, cleaned, raw):
            problems.append(f"{field}: evidence {ev!r} not found in the source's {prov}")
    facts = header_facts(cleaned)
    for field, fact in facts.items():
        if values.get(field) is not None and values[field] != fact:
            problems.append(f"{field}: value {values[field]!r} disagrees with the header ({fact!r})")
        if values.get(field) is None:
            problems.append(f"{field}: is null but the header says {fact!r}")
    roles = {p.role: p.text for p in reversed(cleaned.paragraphs)}
    for field, role in (("title", "headline"), ("standfirst", "standfirst")):
        if roles.get(role) != values[field]:
            problems.append(f"{field}: value {values[field]!r} differs from the {role} paragraph "
                            f"{roles.get(role)!r}")
    problems += outlet_type_problems(values, {e.field: e.provenance for e in evidence})
    date, precision = values["date"], values["date_precision"]
    if date is not None:
        expected = {4: "year", 7: "month", 10: "day"}.get(len(date))
        if precision != expected:
            problems.append(f"date_precision: {precision!r} does not fit date {date!r}")
    return Metadata(values, tuple(evidence)), problems


def _police_site(url: str | None) -> bool:
    host = re.sub(r"^https?://", "", url or "").split("/")[0].lower()
    return host == "police.uk" or host.endswith(".police.uk")


def outlet_type_problems(values: dict[str, str | None], provenance: dict[str, str]) -> list[str]:
    """One outlet-type rule for every document (README, "Metadata"): a page on a police force's own
    site (police.uk) is `police_press_office`; a named outlet elsewhere (site chrome or an archive
    copy's site) is a `newspaper`; house style alone is never evidence, so a value stated by the
    person who added the text (provenance user) is the only other way in."""
    kind = values.get("outlet_type")
    if provenance.get("outlet_type") == "user" or kind is None:
        return []
    if kind == "police_press_office" and not _police_site(values.get("url")):
        return ["outlet_type: police_press_office needs a url on a police force's site (police.uk)"]
    if kind == "newspaper" and (values.get("outlet") is None or _police_site(values.get("url"))):
        return ["outlet_type: newspaper needs a named outlet whose url is not a police site"]
    if kind == "unknown" and values.get("outlet") is not None and _police_site(values.get("url")):
        return ["outlet_type: unknown although the url is a police force's site"]
    return []
