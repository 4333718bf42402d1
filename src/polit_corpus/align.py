"""Text reuse (syndication): passage alignment by Greedy String Tiling over normalised tokens.

Method
------
1. Tokenise each clean text into word tokens that keep their character offsets. Matching uses a
   normalised form: lower case, curly and straight quotes/apostrophes equal (apostrophes are
   dropped, so "they’ve" == "they've" == "theyve"), punctuation ignored (it is not a token).
2. Greedy String Tiling (Wise 1996) between the source (earlier) and target (later) token
   sequences: repeatedly take the longest common token run that uses no token already tiled on
   either side, mark it as a tile, until no run of at least ``min_match`` tokens is left. Tiles
   never cross a paragraph boundary of either text. Implementation: all maximal diagonal runs
   are found once from ``min_match``-gram anchors (seed and extend); a max-heap then yields the
   longest run; a run that lost tokens to a tile is split into its unmarked pieces and pushed
   back (lazy greedy, the same tiles as Wise's loop up to tie order; ties go to the earlier
   target position).
3. Passages: neighbouring tiles in the same source and target paragraph, in the same order on
   both sides and separated by at most ``max_gap`` tokens on each side, are merged into one
   passage ("Det Insp" / "Detective Inspector" edits between two tiles). Each passage is then
   extended, seed-and-extend style, by short common runs (``short_match`` tokens) beyond its
   ends across gaps of at most ``max_gap`` tokens ("it is also the most vital" / "it's also
   the most vital"). A passage that starts
   or ends within ``edge_gap`` tokens of a sentence boundary on *both* sides is extended to it
   ("She added" vs "DI Collins added:"). A passage whose normalised tokens are identical on both
   sides is ``verbatim`` (similarity 1.0); any other is ``rewritten`` with similarity
   2 * tiled tokens / (source tokens + target tokens) (Dice over the passage's tokens).
4. Shares: the share of a target that comes from a source is measured in non-whitespace
   characters of the target's clean text covered by the target spans of that pair's passages,
   over the target's non-whitespace characters, both counted outside boilerplate paragraphs
   (the standard police advice that every release appends: such passages are still reported,
   but they are no evidence that one text was written from another). See ``AlignParams`` for
   the class thresholds.

Candidate pairs come from a winnowed shingle index (``candidates``), so a large collection is
never aligned all-pairs. ``align_engines.align_corpus`` runs the whole pipeline (the per-batch
functions of ``align_batches``) in one process; ``align_engines.spark_align`` on Spark.
"""

from __future__ import annotations

import heapq
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from .clean import BOILERPLATE


@dataclass(frozen=True)
class AlignParams:
    """Every parameter of candidate generation, alignment and classification.

    min_match: Greedy String Tiling's minimum match length, in tokens. Shorter common runs are
        not tiles (4-token stock phrases such as "indecent images of children" stay unaligned).
    max_gap: two tiles in the same paragraphs are merged into one ``rewritten`` passage when at
        most this many tokens separate them on each side (small edits: "Det Insp"/"Detective
        Inspector", a dropped comma clause, "they have"/"they've").
    short_match: after tiling, a passage is extended (seed and extend, as in passim) by common
        runs of at least this many tokens found beyond either end across gaps of at most max_gap
        tokens on each side, on tokens no tile uses ("but it is also the most vital" / "but
        it's also the most vital"). Short runs never start a passage, only extend one.
    edge_gap: a passage is extended to the start (end) of its sentence when that boundary is at
        most this many tokens away on both sides ("She added" vs "DI Collins added:").
    shingle: tokens per shingle for candidate generation (must be <= min_match).
    winnow_window: winnowing window, in shingles: each window of this many consecutive shingle
        hashes contributes its minimum as a fingerprint. Any common run of at least
        ``shingle + winnow_window - 1`` tokens is guaranteed to share a fingerprint; about
        2 / (winnow_window + 1) of the shingles are kept.
    max_df: a fingerprint found in more documents than this is a stock phrase (boilerplate,
        agency slugs) and proposes no pairs, as in passim's max-df. Pairs sharing only such text
        are not aligned.
    min_shared: a pair is a candidate when it shares at least this many fingerprints.
    wholly_derived: reuse_share at or above which a document is ``wholly_derived``.
    partially_derived: reuse_share at or above which a document is ``partially_derived``
        (below it: ``non_derived``; a few shared stock phrases stay well under it).
    source_min_share: a source is listed in ``derived_from`` when the share of the target that
        it explains, after the sources that explain more have taken their part, is at least this.
    """

    min_match: int = 5
    max_gap: int = 4
    short_match: int = 2
    edge_gap: int = 3
    shingle: int = 5
    winnow_window: int = 4
    max_df: int = 100
    min_shared: int = 1
    wholly_derived: float = 0.6
    partially_derived: float = 0.15
    source_min_share: float = 0.1

    def __post_init__(self) -> None:
        if self.min_match < 1 or self.shingle < 1 or self.winnow_window < 1:
            raise ValueError("min_match, shingle and winnow_window must be positive")
        if self.shingle > self.min_match:
            raise ValueError("shingle must not exceed min_match")
        if not 0 <= self.partially_derived <= self.wholly_derived <= 1:
            raise ValueError("need 0 <= partially_derived <= wholly_derived <= 1")


@dataclass(frozen=True)
class Passage:
    """One aligned passage; the fields are exactly those of schema/alignment.schema.json."""

    source_doc: str
    target_doc: str
    source_start: int
    source_end: int
    target_start: int
    target_end: int
    source_text: str
    target_text: str
    kind: str
    similarity: float
    boilerplate: bool = False  # most of the target span lies in boilerplate advice paragraphs


# --- tokens -------------------------------------------------------------------------------------

TOKEN = re.compile(r"\w+(?:['’‘ʼ`]\w+)*")
_FOLD = str.maketrans({"’": None, "‘": None, "ʼ": None, "`": None, "'": None})
SENTENCE_GAP = re.compile(r"[.!?][\"'”’)\]]*\s")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def normalise(word: str) -> str:
    """The matching form of a token: lower case, no apostrophes of any kind."""
    return sys.intern(word.translate(_FOLD).lower())


@dataclass(frozen=True)
class Tokens:
    """A text's tokens: normalised forms, character offsets, paragraph index, sentence starts."""

    norms: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    paras: tuple[int, ...]
    sentence_start: tuple[bool, ...]
    paragraphs: tuple[tuple[int, int, str], ...]  # (start, end, role)


def paragraphs_of(doc) -> tuple[tuple[int, int, str], ...]:
    """(start, end, role) of each paragraph: the document's own, or the text split at blank lines
    with the cleaning module's boilerplate patterns deciding the role."""
    cleaned = getattr(doc, "cleaned", None)
    if cleaned is not None and getattr(cleaned, "paragraphs", None):
        return tuple((p.start, p.end, p.role) for p in cleaned.paragraphs)
    text = doc.text
    out, pos = [], 0
    for m in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[pos:end].strip():
            chunk = text[pos:end]
            role = "boilerplate" if any(p.search(chunk) for p in BOILERPLATE) else "body"
            out.append((pos, end, role))
        if m:
            pos = m.end()
    return tuple(out)


def _normalised(words: list[str]) -> list[str]:
    """The matching forms of one paragraph's tokens, in one string operation (tokens hold no
    spaces, so joining and splitting on one keeps them apart)."""
    return " ".join(words).translate(_FOLD).lower().split(" ")


def tokenize(text: str, paragraphs: Sequence[tuple[int, int, str]] | None = None) -> Tokens:
    """Tokens with their matching forms, offsets, paragraph and sentence starts. A paragraph is
    normalised in one string operation and its sentence gaps found in one scan (a regex call and
    a normalise call per token took 4 s of a 10 MB validate): tokens hold no spaces, and a
    sentence gap holds no token character, so both answer exactly as per token."""
    if paragraphs is None:
        paragraphs = ((0, len(text), "body"),)
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    paras: list[int] = []
    sent: list[bool] = []
    intern = sys.intern
    for pi, (ps, pe, _role) in enumerate(paragraphs):
        spans = [m.span() for m in TOKEN.finditer(text, ps, pe)]
        if not spans:
            continue
        norms += map(intern, _normalised([text[a:b] for a, b in spans]))
        first = len(starts)
        starts += [a for a, _ in spans]
        ends += [b for _, b in spans]
        paras += [pi] * len(spans)
        gaps = [m.start() for m in SENTENCE_GAP.finditer(text, ps, pe)]
        flags = [True] * len(spans)
        if len(spans) > 1:
            # token k starts a sentence when a gap match starts between token k-1's end and k
            g = np.asarray(gaps, dtype=np.int64)
            prev_end = np.asarray(ends[first:-1], dtype=np.int64)
            nxt = np.searchsorted(g, prev_end, "left")
            found = nxt < len(g)
            found[found] = g[nxt[found]] < np.asarray(starts[first + 1:], dtype=np.int64)[found]
            flags[1:] = found.tolist()
        sent += flags
    return Tokens(tuple(norms), tuple(starts), tuple(ends), tuple(paras), tuple(sent),
                  tuple(paragraphs))


def token_norms(text: str, paragraphs: Sequence[tuple[int, int, str]] | None = None,
                chunk: int = 1 << 16) -> Iterator[list[str]]:
    """The matching forms of `tokenize(text, paragraphs).norms`, in order, in lists of about
    `chunk` tokens, and nothing else: what a document's fingerprints need. No offsets, paragraph
    indices or sentence flags are made (for a document that pairs with no other, they were 400 MB
    per 10 MB of text, never used), and no list of every token's string is held at once."""
    if paragraphs is None:
        paragraphs = ((0, len(text), "body"),)
    norms: list[str] = []
    for ps, pe, _role in paragraphs:
        words = TOKEN.findall(text, ps, pe)
        if words:
            norms += _normalised(words)
            if len(norms) >= chunk:
                yield norms
                norms = []
    if norms:
        yield norms


def tokens_of(doc) -> Tokens:
    return tokenize(doc.text, paragraphs_of(doc))


# --- Greedy String Tiling -----------------------------------------------------------------------


def seed_index(src: Tokens, mml: int) -> dict[tuple[str, ...], list[int]]:
    """Source positions of each mml-gram that lies within one paragraph (the seeds of
    _diagonal_runs; one per source, shared by all its targets)."""
    sn, sp = src.norms, src.paras
    index: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(sn) - mml + 1):
        if sp[i] == sp[i + mml - 1]:
            index.setdefault(sn[i:i + mml], []).append(i)
    return index


def _diagonal_runs(src: Tokens, tgt: Tokens, mml: int,
                   index: dict[tuple[str, ...], list[int]] | None = None
                   ) -> list[tuple[int, int, int]]:
    """Every maximal common run (i in source, j in target, length) of >= mml tokens, within one
    paragraph on each side: seeds are equal mml-grams, each run is extended from its first seed.
    index: seed_index(src, mml), when already built."""
    sn, tn, sp, tp = src.norms, tgt.norms, src.paras, tgt.paras
    if index is None:
        index = seed_index(src, mml)
    runs = []
    ls, lt = len(sn), len(tn)
    for j in range(lt - mml + 1):
        if tp[j] != tp[j + mml - 1]:
            continue
        hits = index.get(tn[j:j + mml])
        if not hits:
            continue
        for i in hits:
            if i and j and sn[i - 1] == tn[j - 1] and sp[i - 1] == sp[i] and tp[j - 1] == tp[j]:
                continue  # inside a run found from its own first seed
            k = mml
            while (i + k < ls and j + k < lt and sn[i + k] == tn[j + k] and sp[i + k] == sp[i]
                   and tp[j + k] == tp[j]):
                k += 1
            runs.append((i, j, k))
    return runs


def greedy_string_tiling(src: Tokens, tgt: Tokens, min_match: int,
                         index: dict | None = None) -> list[tuple[int, int, int]]:
    """Tiles (source token, target token, length), longest first; no token is in two tiles.
    index: seed_index(src, min_match), when already built."""
    heap = [(-k, j, i) for i, j, k in _diagonal_runs(src, tgt, min_match, index)]
    heapq.heapify(heap)
    smark = bytearray(len(src.norms))
    tmark = bytearray(len(tgt.norms))
    tiles = []
    while heap:
        negk, j, i = heapq.heappop(heap)
        k = -negk
        if not any(smark[i:i + k]) and not any(tmark[j:j + k]):
            smark[i:i + k] = b"\x01" * k
            tmark[j:j + k] = b"\x01" * k
            tiles.append((i, j, k))
            continue
        a = 0
        while a < k:  # split into the pieces still free on both sides
            if smark[i + a] or tmark[j + a]:
                a += 1
                continue
            b = a
            while b < k and not smark[i + b] and not tmark[j + b]:
                b += 1
            if b - a >= min_match:
                heapq.heappush(heap, (-(b - a), j + a, i + a))
            a = b
    return tiles


# --- passages -----------------------------------------------------------------------------------


def _merge(tiles: list[tuple[int, int, int]], src: Tokens, tgt: Tokens,
           max_gap: int) -> list[list[tuple[int, int, int]]]:
    groups: list[list[tuple[int, int, int]]] = []
    for t in sorted(tiles, key=lambda t: (t[1], t[0])):
        if groups:
            pi, pj, pk = groups[-1][-1]
            i, j, _ = t
            gs, gt = i - (pi + pk), j - (pj + pk)
            if (0 <= gs <= max_gap and 0 <= gt <= max_gap and src.paras[i] == src.paras[pi]
                    and tgt.paras[j] == tgt.paras[pj]):
                groups[-1].append(t)
                continue
        groups.append([t])
    return groups


def _local_step(src: Tokens, tgt: Tokens, s: int, t: int, step: int, smark: bytearray,
                tmark: bytearray, params: AlignParams) -> tuple[int, int, int] | None:
    """The nearest short match beyond token s / t (step +1: to the right, -1: to the left):
    (gap in source, gap in target, length) with both gaps <= max_gap, within the paragraphs of
    s and t, on unmarked tokens; None when there is none. Gaps are tried in order of gs, then
    gt; a later try replaces the best only with a smaller gs + gt."""
    sn, tn, sp, tp = src.norms, tgt.norms, src.paras, tgt.paras
    ls, lt, gap = len(sn), len(tn), params.max_gap
    # a gap may only jump over unmarked tokens; the token after it must exist
    fs = 0
    while fs < gap and 0 <= s + step * (fs + 1) < ls and not smark[s + step * (fs + 1)]:
        fs += 1
    ft = 0
    while ft < gap and 0 <= t + step * (ft + 1) < lt and not tmark[t + step * (ft + 1)]:
        ft += 1
    ps, pt, short = sp[s], tp[t], params.short_match
    best = None
    bound = 2 * gap + 1  # gs + gt of the best so far
    for gs in range(min(fs, gap) + 1):
        i0 = s + step * (gs + 1)
        if not 0 <= i0 < ls:
            break
        for gt in range(min(ft, gap) + 1):
            if gs + gt >= bound:
                break
            i, j, n = i0, t + step * (gt + 1), 0
            if not 0 <= j < lt:
                break
            while (0 <= i < ls and 0 <= j < lt and sp[i] == ps and tp[j] == pt
                   and not smark[i] and not tmark[j] and sn[i] == tn[j]):
                n += 1
                i += step
                j += step
            if n >= short:
                best = (gs, gt, n)
                bound = gs + gt
    return best


def _extend_local(s0: int, s1: int, t0: int, t1: int, src: Tokens, tgt: Tokens,
                  smark: bytearray, tmark: bytearray, params: AlignParams) -> tuple[int, int, int,
                                                                                    int, int]:
    """Seed-and-extend: grow a passage by short matches (>= short_match tokens) across gaps of at
    most max_gap tokens on each side; returns the new range and the tokens matched on the way."""
    matched = 0
    for step in (1, -1):
        while True:
            s, t = (s1, t1) if step == 1 else (s0, t0)
            found = _local_step(src, tgt, s, t, step, smark, tmark, params)
            if found is None:
                break
            gs, gt, n = found
            a, b = s + step * (gs + 1), t + step * (gt + 1)
            for m in range(n):
                smark[a + step * m] = tmark[b + step * m] = 1
            if step == 1:
                s1, t1 = a + n - 1, b + n - 1
            else:
                s0, t0 = a - n + 1, b - n + 1
            matched += n
    return s0, s1, t0, t1, matched


def _sentence_bounds(tok: Tokens, first: int, last: int) -> tuple[int, int]:
    """Token index of the start of first's sentence and of the end of last's sentence."""
    s = first
    while not tok.sentence_start[s]:
        s -= 1
    e = last
    while e + 1 < len(tok.norms) and not tok.sentence_start[e + 1]:
        e += 1
    return s, e


def _extend(s0: int, s1: int, t0: int, t1: int, src: Tokens, tgt: Tokens, smark: bytearray,
            tmark: bytearray, edge_gap: int) -> tuple[int, int, int, int]:
    """Widen token ranges [s0, s1] / [t0, t1] to sentence boundaries close on both sides."""
    ss, se = _sentence_bounds(src, s0, s1)
    ts, te = _sentence_bounds(tgt, t0, t1)
    if (0 < s0 - ss <= edge_gap and 0 < t0 - ts <= edge_gap and not any(smark[ss:s0])
            and not any(tmark[ts:t0])):
        s0, t0 = ss, ts
    if (0 < se - s1 <= edge_gap and 0 < te - t1 <= edge_gap and not any(smark[s1 + 1:se + 1])
            and not any(tmark[t1 + 1:te + 1])):
        s1, t1 = se, te
    return s0, s1, t0, t1


def align_tokens(source_id: str, source_text: str, src: Tokens, target_id: str, target_text: str,
                 tgt: Tokens, params: AlignParams, index: dict | None = None) -> list[Passage]:
    """The passages of target taken from source, in target order (tokens already computed;
    index: the source's seed_index, when already built)."""
    tiles = greedy_string_tiling(src, tgt, params.min_match, index)
    if not tiles:
        return []
    smark = bytearray(len(src.norms))
    tmark = bytearray(len(tgt.norms))
    for i, j, k in tiles:
        smark[i:i + k] = b"\x01" * k
        tmark[j:j + k] = b"\x01" * k
    passages = []
    for group in _merge(tiles, src, tgt, params.max_gap):
        s0, t0 = group[0][0], group[0][1]
        s1, t1 = group[-1][0] + group[-1][2] - 1, group[-1][1] + group[-1][2] - 1
        s0, s1, t0, t1, extra = _extend_local(s0, s1, t0, t1, src, tgt, smark, tmark, params)
        s0, s1, t0, t1 = _extend(s0, s1, t0, t1, src, tgt, smark, tmark, params.edge_gap)
        verbatim = src.norms[s0:s1 + 1] == tgt.norms[t0:t1 + 1]
        matched = sum(k for _, _, k in group) + extra
        similarity = 1.0 if verbatim else round(2 * matched / (s1 - s0 + 1 + t1 - t0 + 1), 4)
        ss, se, ts, te = src.starts[s0], src.ends[s1], tgt.starts[t0], tgt.ends[t1]
        passage = Passage(source_id, target_id, ss, se, ts, te, source_text[ss:se],
                          target_text[ts:te], "verbatim" if verbatim else "rewritten", similarity)
        passages.append(replace(passage, boilerplate=is_boilerplate(passage, tgt.paragraphs)))
    return passages


def align_pair(source_doc, target_doc, params: AlignParams | None = None) -> list[Passage]:
    """Passages of target_doc reused from source_doc (anything with .id and .text)."""
    params = params or AlignParams()
    return align_tokens(source_doc.id, source_doc.text, tokens_of(source_doc), target_doc.id,
                        target_doc.text, tokens_of(target_doc), params)


# --- shares and classes -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _whitespace() -> np.ndarray:
    """Every code point str.isspace() calls whitespace (sorted). The regular expression's \\s is
    the same predicate (both are Py_UNICODE_ISSPACE), found in one C scan of every code point
    instead of a million Python calls (2-3 s of every validate)."""
    codes = np.arange(sys.maxunicode + 1, dtype="<u4")
    codes = codes[(codes < 0xD800) | (codes > 0xDFFF)]  # surrogates: not text, not whitespace
    every = codes.tobytes().decode("utf-32-le")
    return np.array([ord(c) for c in re.findall(r"\s", every)], dtype=np.uint32)


def _countable(text: str, paragraphs: Sequence[tuple[int, int, str]]) -> np.ndarray:
    """True for each non-whitespace character outside boilerplate paragraphs."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    inside = np.zeros(len(text), dtype=bool)
    for start, end, role in paragraphs:
        if role != "boilerplate":
            inside[start:end] = True
    return inside & ~np.isin(points, _whitespace())


def _covered(passages: Sequence[Passage], length: int) -> np.ndarray:
    mask = np.zeros(length, dtype=bool)
    for p in passages:
        mask[p.target_start:p.target_end] = True
    return mask


def is_boilerplate(passage: Passage, target_paragraphs: Sequence[tuple[int, int, str]]) -> bool:
    """True when most of the passage's target span lies in boilerplate paragraphs."""
    inside = sum(max(0, min(e, passage.target_end) - max(s, passage.target_start))
                 for s, e, role in target_paragraphs if role == "boilerplate")
    return inside * 2 > passage.target_end - passage.target_start


def classify(share: float, params: AlignParams) -> str:
    if share >= params.wholly_derived:
        return "wholly_derived"
    if share >= params.partially_derived:
        return "partially_derived"
    return "non_derived"


def reuse_of(text: str, paragraphs: Sequence[tuple[int, int, str]],
             by_source: dict[str, list[Passage]], params: AlignParams) -> dict:
    """{derived_from, reuse_share, reuse_class, shares} of one target document.

    shares[source]: share of the target (non-whitespace characters outside boilerplate) covered
    by that source's passages. reuse_share: the same for the union over all sources. derived_from:
    sources taken greedily by share; each is credited only with what earlier-credited sources do
    not already explain, and is listed when that credit is >= source_min_share.
    """
    if not by_source:
        # nothing reused: no character mask is needed (on a long text the masks were validate's
        # peak memory), only whether any character counts at all
        counts = any(role != "boilerplate" and text[s:e].strip() for s, e, role in paragraphs)
        return {"derived_from": [], "reuse_share": 0.0,
                "reuse_class": classify(0.0, params) if counts else "non_derived", "shares": {}}
    countable = _countable(text, paragraphs)
    total = int(countable.sum())
    if total == 0:
        return {"derived_from": [], "reuse_share": 0.0, "reuse_class": "non_derived", "shares": {}}
    masks = {s: _covered(ps, len(text)) for s, ps in by_source.items()}
    shares = {s: round(int((countable & mask).sum()) / total, 4) for s, mask in masks.items()}
    taken = np.zeros(len(text), dtype=bool)
    derived = []
    for s in sorted(shares, key=lambda s: (-shares[s], s)):
        new = masks[s] & ~taken & countable
        if int(new.sum()) / total >= params.source_min_share:
            derived.append(s)
        taken |= masks[s]
    union = round(int((countable & taken).sum()) / total, 4)
    return {"derived_from": derived, "reuse_share": union, "reuse_class": classify(union, params),
            "shares": dict(sorted(shares.items()))}


def order_key(doc) -> tuple[str, str, str]:
    """Publication order: (date, time, id); ISO dates of any precision sort as text. The time is
    a corpus document's ``published_time`` or a collection record's ``time``."""
    time = getattr(doc, "published_time", None) or getattr(doc, "time", None)
    return (getattr(doc, "date", None) or "", time or "", doc.id)


@dataclass(frozen=True)
class PairSummary:
    source_doc: str
    target_doc: str
    passages: int
    verbatim: int
    rewritten: int
    boilerplate: int  # passages lying mostly in the target's boilerplate paragraphs
    share: float  # of the target, from this source (boilerplate excluded)
    reuse_class: str  # the class this share alone would give the target


def pair_summaries(docs: Sequence, passages: Sequence[Passage], reuse: dict[str, dict],
                   params: AlignParams | None = None) -> list[PairSummary]:
    """One row per aligned ordered pair, in publication order of target then source."""
    params = params or AlignParams()
    rank = {d.id: n for n, d in enumerate(sorted(docs, key=order_key))}
    paras = {d.id: paragraphs_of(d) for d in docs}
    groups: dict[tuple[str, str], list[Passage]] = {}
    for p in passages:
        groups.setdefault((p.source_doc, p.target_doc), []).append(p)
    rows = []
    for (s, t), ps in sorted(groups.items(), key=lambda kv: (rank[kv[0][1]], rank[kv[0][0]])):
        share = reuse.get(t, {}).get("shares", {}).get(s, 0.0)
        rows.append(PairSummary(s, t, len(ps), sum(p.kind == "verbatim" for p in ps),
                                sum(p.kind == "rewritten" for p in ps),
                                sum(is_boilerplate(p, paras[t]) for p in ps), share,
                                classify(share, params)))
    return rows


def passages_jsonl(passages: Sequence[Passage]) -> str:
    """The passages as JSON Lines (one schema/alignment.schema.json record per line)."""
    import json
    from dataclasses import asdict

    return "".join(json.dumps(asdict(p), ensure_ascii=False) + "\n" for p in passages)
