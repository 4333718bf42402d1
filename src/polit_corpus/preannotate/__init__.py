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

from collections.abc import Iterable, Mapping

from ..intervals import Cover
from .anchoring import make_anchor
from .figures import CATEGORY_RULES, SCHEMA_UNITS, _exceptions_for_numbers, _figures, _Scan
from .quotes import AUTO, CAPWORD, PRONOUN_WORDS, _quotes, match_speaker, propose_speaker, proposed_entry
from .text import paragraph_sentences

__all__ = ["AUTO", "CAPWORD", "CATEGORY_RULES", "SCHEMA_UNITS", "evaluate", "make_anchor",
           "match_speaker", "preannotate", "propose_speaker", "score"]


def _para_spans(paragraphs: Iterable) -> list[tuple[int, int]]:
    out = []
    for p in paragraphs:
        if isinstance(p, tuple):
            out.append((p[0], p[1]))
        else:
            out.append((p.start, p.end))
    return out


def preannotate(text: str, paragraphs, speakers: Mapping, doc_id: str = "new-document",
                proposed: dict[str, dict] | None = None, pinned: bool = False) -> dict:
    """A standoff dict (schema/standoff.schema.json) proposing quotations, figures, mentions and
    exceptions for the clean `text` with its `paragraphs` (objects with start/end, or pairs).
    `speakers` maps speaker ids to Speaker records (or dicts) from speakers.yaml.

    With `proposed` (a dict the caller owns), a source that no known speaker matches keeps its
    span and gets a proposed speaker entity, added to `proposed` by id (one entity per name in
    the document); without it such a source is left out, so the standoff file validates.

    `pinned` anchors each span at its offset ({"text", "at"}) instead of searching for the
    shortest unique context: linear time for rows that are never written as a standoff file."""
    if pinned:
        def make_anchor(text: str, s: int, e: int) -> dict:  # noqa: F811
            return {"text": text[s:e], "at": s}

        def _possessive_anchor(text: str, i: int) -> dict:  # noqa: F811
            return {"text": text[i], "at": i}
    else:
        from .anchoring import _possessive_anchor, make_anchor
    paras = _para_spans(paragraphs)
    with paragraph_sentences(text, paras):  # each paragraph split into sentences once
        quotes, stray_marks = _quotes(text, paras, speakers)
        scan = _Scan(text)  # where numbers and their exception patterns can start, found once
        number_exceptions = _exceptions_for_numbers(text, paras, scan)
        figures = _figures(text, paras, number_exceptions, scan)
    # Numbers that are covered neither by a figure nor by an exception (e.g. a figure whose value
    # could not be read) become exceptions the reviewer must decide on.
    covered = Cover([(f.start, f.end) for f in figures]
                    + [(s, e) for s, e, _, _ in number_exceptions])
    added: list[tuple[int, int]] = []
    for spans in (scan.digits, scan.words):  # DIGITS, NUMBER_WORD: neither overlaps itself
        earlier = Cover(added)
        for span in spans:
            if not covered.covers(*span) and not earlier.covers(*span):
                number_exceptions.append((*span, "other", "not read as a figure; decide"))
                added.append(span)

    qids = {id(q): f"q{n}" for n, q in enumerate(quotes, start=1)}
    out_quotes = []
    mentions: list[dict] = []
    seen_mentions: set[tuple[str, int, int]] = set()
    for q in quotes:
        if q.speaker is None and q.continues is not None and q.continues.speaker:
            q.speaker = q.continues.speaker  # a segment keeps the speaker proposed for the first
        if q.speaker is None and q.speaker_from is not None and q.speaker_from.speaker:
            q.speaker = q.speaker_from.speaker
            q.notes.append("speaker proposed for the quotation it follows")
            if q.source and proposed is not None and q.speaker in proposed:
                surface = text[q.source[0]:q.source[1]]
                if surface not in proposed[q.speaker]["aliases"]:
                    proposed[q.speaker]["aliases"].append(surface)
        rec: dict = {"id": qids[id(q)], "type": q.type, "anchor": make_anchor(text, q.start, q.end),
                     "speaker": q.speaker}
        rec["cue"] = make_anchor(text, *q.cue) if q.cue else None
        rec["source"] = make_anchor(text, *q.source) if q.source else None
        if q.source and q.speaker is None and proposed is not None:
            entry = proposed_entry(q.antecedent or text[q.source[0]:q.source[1]])
            if q.antecedent:
                entry["aliases"] = [text[q.source[0]:q.source[1]]]
            if not _pronoun(entry["name"]):
                same = _same_person(proposed, entry) or proposed.setdefault(entry["speaker_id"],
                                                                            entry)
                entry["speaker_id"] = same["speaker_id"]
                if entry["aliases"][0] not in same["aliases"]:
                    same["aliases"].append(entry["aliases"][0])
                rec["speaker"] = q.speaker = entry["speaker_id"]
                q.notes.append(f"speaker {entry['speaker_id']!r} proposed (not in speakers.yaml)")
        if q.source and q.speaker is None and proposed is None:
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
        rec.update({"approximation": f.approximation, "unit": f.unit, "unit_text": f.unit_text,
                    "category": f.category,
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


def _same_person(proposed: dict[str, dict], entry: dict) -> dict | None:
    """The proposed person this mention names again: 'Rowe' or 'Det Supt Rowe' after
    'Det Supt Ann Rowe' (same surname, and the shorter name is a surname alone)."""
    name = entry["name"].split()
    for other in proposed.values():
        known = other["name"].split()
        if other["kind"] == "person" and known != name and (
                (len(name) == 1 and known[-1] == name[0])
                or (len(known) == 1 and name[-1] == known[0])):
            return other
    return None


def _pronoun(word: str) -> bool:
    """A pronoun source ('she') gets no entity of its own: it is resolved or left to the reviewer."""
    return word.lower() in PRONOUN_WORDS


def _n(v: float | None) -> float | int | None:
    return int(v) if v is not None and float(v).is_integer() else v


from .evaluation import evaluate, score  # noqa: E402  (evaluation calls preannotate)
