"""What a copy changed: per derived pair, computed from the annotations and the alignment.

Pure: takes the source and target documents (with their quotes, figures and paragraphs) and the
aligned passages of that pair, and returns a `Changes` record that the report shows in plain
words. Nothing here is typed by hand: the headline comes from the register, hedges and figures
from the figure annotations (matched by `statistic_id`), quotations from `quote_cluster` or, when
no cluster links them, from the aligned passages, and new paragraphs from the passages' coverage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

WORD = re.compile(r"\w+(?:['’‘]\w+)*")


def _norm(word: str) -> str:
    return re.sub(r"['’‘]", "", word).lower()


def words(text: str) -> list[str]:
    return [_norm(m.group()) for m in WORD.finditer(text)]


@dataclass(frozen=True)
class WordDiff:
    """Character spans (relative to each text) of the words only one side has."""

    removed: tuple[tuple[int, int], ...]  # in the source text
    added: tuple[tuple[int, int], ...]  # in the target text


def word_diff(a: str, b: str) -> WordDiff:
    """Word-level edit between two wordings (case and apostrophe style ignored)."""
    ta = [(m.start(), m.end(), _norm(m.group())) for m in WORD.finditer(a)]
    tb = [(m.start(), m.end(), _norm(m.group())) for m in WORD.finditer(b)]
    sm = SequenceMatcher(a=[t[2] for t in ta], b=[t[2] for t in tb], autojunk=False)
    removed, added = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            removed.append((ta[i1][0], ta[i2 - 1][1]))
        if j2 > j1:
            added.append((tb[j1][0], tb[j2 - 1][1]))
    return WordDiff(tuple(removed), tuple(added))


@dataclass(frozen=True)
class HeadlineChange:
    kind: str  # kept | rewritten | dropped | added | none
    old: str | None
    new: str | None
    diff: WordDiff | None


@dataclass(frozen=True)
class FigureChange:
    kind: str  # hedge_dropped | hedge_added | value_changed | made_vaguer | made_precise
    statistic_id: str
    old_id: str
    old_text: str
    old_approximation: str
    old_value: float | None
    new_id: str
    new_text: str
    new_approximation: str
    new_value: float | None


@dataclass(frozen=True)
class QuoteChange:
    """One quotation of the source, the copy, or a group of both that carry the same words
    (a quotation split in two, or two joined, is one group)."""

    kind: str  # kept | shortened | lengthened | reworded | cut | new
    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    text: str  # the copy's wording (the source's for a cut quotation)
    old_text: str
    speakers_before: tuple[str, ...]
    speakers_after: tuple[str, ...]
    reattributed: bool  # a different speaker
    source_words_before: tuple[str, ...]  # the attribution's wording ("DI Collins" ...)
    source_words_after: tuple[str, ...]
    types_before: tuple[str, ...]
    types_after: tuple[str, ...]
    words_before: int
    words_after: int
    diff: WordDiff | None


@dataclass(frozen=True)
class NewParagraph:
    index: int
    role: str
    text: str


@dataclass(frozen=True)
class Changes:
    source_id: str
    target_id: str
    headline: HeadlineChange
    figures: tuple[FigureChange, ...]
    quotes: tuple[QuoteChange, ...]
    new_voices: tuple[tuple[str, str], ...]  # (speaker_id, name) quoted only in the copy
    new_paragraphs: tuple[NewParagraph, ...]
    share: float | None  # of the copy taken from the source, boilerplate excluded (alignment)
    copied_chars: int  # non-whitespace characters of the copy inside an aligned passage
    boilerplate_chars: int  # ... of which in the force's standard advice paragraphs
    passages: int
    verbatim: int
    rewritten: int

    @property
    def boilerplate_share(self) -> float:
        return self.boilerplate_chars / self.copied_chars if self.copied_chars else 0.0


def headline_change(source, target) -> HeadlineChange:
    old, new = source.metadata.values["title"], target.metadata.values["title"]
    if old is None and new is None:
        return HeadlineChange("none", None, None, None)
    if new is None:
        return HeadlineChange("dropped", old, None, None)
    if old is None:
        return HeadlineChange("added", None, new, None)
    if words(old) == words(new):
        return HeadlineChange("kept", old, new, None)
    return HeadlineChange("rewritten", old, new, word_diff(old, new))


def _figure_kind(old, new) -> str | None:
    if old.unit == new.unit and old.value == new.value and old.value is not None:
        if old.approximation == new.approximation:
            return None
        if new.approximation == "exact":
            return "hedge_dropped"
        if old.approximation == "exact":
            return "hedge_added"
        return "value_changed" if old.approximation != new.approximation else None
    if new.value is None and old.value is not None:
        return "made_vaguer"
    if old.value is None and new.value is not None:
        return "made_precise"
    return "value_changed"


def figure_changes(source, target) -> list[FigureChange]:
    """Each figure of the copy against the source's figures for the same statistic: an unchanged
    wording (same value, unit and approximation) is not a change; otherwise the closest source
    figure (same unit and value, then same unit, then any) says what changed."""
    out = []
    by_stat: dict[str, list] = {}
    for f in source.figures:
        if f.statistic_id:
            by_stat.setdefault(f.statistic_id, []).append(f)
    for g in target.figures:
        olds = by_stat.get(g.statistic_id or "", [])
        if not olds or any((f.value, f.unit, f.approximation, f.value_low, f.value_high)
                           == (g.value, g.unit, g.approximation, g.value_low, g.value_high)
                           for f in olds):
            continue
        old = min(olds, key=lambda f: (f.unit != g.unit, f.value != g.value, f.start))
        kind = _figure_kind(old, g)
        if kind:
            out.append(FigureChange(kind, g.statistic_id, old.figure_id, old.text, old.approximation,
                                    old.value, g.figure_id, g.text, g.approximation, g.value))
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _quote_edges(source, target, passages) -> set[tuple[str, str]]:
    """(target quote id, source quote id) pairs that carry the same words: by quote_cluster, or
    by the aligned passages (most of the shorter quote lies in text aligned with the other)."""
    edges: set[tuple[str, str]] = set()
    for q in target.quotes:
        for sq in source.quotes:
            if q.quote_cluster and q.quote_cluster == sq.quote_cluster:
                edges.add((q.quote_id, sq.quote_id))
        for sq in source.quotes:
            if (sq.type == "fragment") != (q.type == "fragment"):
                continue
            shared = 0
            for p in passages:
                inside = _overlap(q.start, q.end, p.target_start, p.target_end)
                if not inside:
                    continue
                # the part of the source passage that lines up with the quote, proportionally
                scale = (p.source_end - p.source_start) / max(1, p.target_end - p.target_start)
                s0 = p.source_start + (max(q.start, p.target_start) - p.target_start) * scale
                shared += _overlap(int(s0), int(s0 + inside * scale) + 1, sq.start, sq.end)
            if shared * 2 >= min(q.end - q.start, sq.end - sq.start):
                edges.add((q.quote_id, sq.quote_id))
    return edges


def _groups(edges: set[tuple[str, str]]) -> list[tuple[list[str], list[str]]]:
    """Connected components of the target/source quote graph: (target ids, source ids)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for t, s in edges:
        parent[find(("t", t))] = find(("s", s))
    comps: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for node in list(parent):
        side, qid = node
        comps.setdefault(find(node), ([], []))[0 if side == "t" else 1].append(qid)
    return list(comps.values())


def _id_key(qid: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", qid)
    return (int(digits) if digits else 0, qid)


def quote_changes(source, target, passages) -> list[QuoteChange]:
    src = {q.quote_id: q for q in source.quotes}
    tgt = {q.quote_id: q for q in target.quotes}
    out = []

    def change(kind, olds, news) -> QuoteChange:
        old_text = " ".join(q.text for q in olds)
        new_text = " ".join(q.text for q in news)
        return QuoteChange(
            kind, tuple(q.quote_id for q in olds), tuple(q.quote_id for q in news),
            new_text if news else old_text, old_text,
            tuple(dict.fromkeys(q.speaker_name or "unknown" for q in olds)),
            tuple(dict.fromkeys(q.speaker_name or "unknown" for q in news)),
            bool(olds and news and {q.speaker_id for q in olds} != {q.speaker_id for q in news}),
            tuple(q.source.text for q in olds if q.source), tuple(q.source.text for q in news if q.source),
            tuple(dict.fromkeys(q.type for q in olds)), tuple(dict.fromkeys(q.type for q in news)),
            len(words(old_text)), len(words(new_text)),
            word_diff(old_text, new_text) if olds and news and words(old_text) != words(new_text)
            else None)

    matched_t, matched_s = set(), set()
    for t_ids, s_ids in _groups(_quote_edges(source, target, passages)):
        olds = [src[i] for i in sorted(s_ids, key=_id_key)]
        news = [tgt[i] for i in sorted(t_ids, key=_id_key)]
        matched_t.update(t_ids)
        matched_s.update(s_ids)
        a, b = words(" ".join(q.text for q in olds)), words(" ".join(q.text for q in news))
        common = sum(m.size for m in SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks())
        if a == b:
            kind = "kept"
        elif len(b) < len(a) and common >= 0.9 * len(b):
            kind = "shortened"  # (nearly) all of the copy's words are the source's
        elif len(b) > len(a) and common >= 0.9 * len(a):
            kind = "lengthened"
        else:
            kind = "reworded"
        out.append(change(kind, olds, news))
    out += [change("new", [], [q]) for q in target.quotes if q.quote_id not in matched_t]
    out += [change("cut", [q], []) for q in source.quotes if q.quote_id not in matched_s]
    order = {q.quote_id: q.start for q in target.quotes}
    order_s = {q.quote_id: q.start for q in source.quotes}
    out.sort(key=lambda c: (c.kind == "cut", order.get(c.target_ids[0], 0) if c.target_ids
                            else order_s[c.source_ids[0]]))
    return out


def _nonspace(text: str, mask: bytearray) -> int:
    return sum(1 for i, c in enumerate(text) if mask[i] and not c.isspace())


def pair_changes(source, target, passages: Sequence, share: float | None) -> Changes:
    """Everything the report says the copy changed (passages: this pair's aligned passages)."""
    text = target.text
    covered = bytearray(len(text))
    boiler = bytearray(len(text))
    for p in passages:
        covered[p.target_start:p.target_end] = b"\x01" * (p.target_end - p.target_start)
        if getattr(p, "boilerplate", False):
            boiler[p.target_start:p.target_end] = b"\x01" * (p.target_end - p.target_start)
    new_paragraphs = tuple(
        NewParagraph(para.index, para.role, para.text) for para in target.cleaned.paragraphs
        if para.text.strip() and not any(covered[para.start:para.end]))
    src_speakers = {q.speaker_id for q in source.quotes}
    voices = sorted({(q.speaker_id, q.speaker_name) for q in target.quotes
                     if q.speaker_id and q.speaker_id not in src_speakers})
    n_verb = sum(p.kind == "verbatim" for p in passages)
    return Changes(
        source.id, target.id, headline_change(source, target),
        tuple(figure_changes(source, target)), tuple(quote_changes(source, target, passages)),
        tuple(voices), new_paragraphs, share, _nonspace(text, covered), _nonspace(text, boiler),
        len(passages), n_verb, len(passages) - n_verb)
