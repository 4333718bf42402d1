"""The aligner as pure per-batch functions: one set of functions behind every engine.

An engine only moves data between them (``align_engines.local_align`` keeps everything in one
process; ``align_engines.spark_align`` runs the same functions in Spark's Arrow batches):

1. ``tokens_for`` / ``fingerprint_rows``: a batch of documents -> tokens, and the winnowed
   fingerprints of each document (deterministic: a token's id is a hash of its normalised form,
   so a fingerprint does not depend on which other documents share the batch).
2. ``pairs_from_fingerprints`` (candidates.py; Spark: a join): documents sharing a fingerprint
   whose document frequency is at most ``max_df`` are candidate pairs; the source of a pair is
   the earlier document by ``order_key`` (date, time, id).
3. ``align_pairs``: (source, target) pairs with both texts -> passages; ``align_routed``
   (Spark): one partition's documents (text and tokens, once each), then its pairs grouped by
   source -> passages.
4. ``reuse_rows``: a batch of targets with the (source, target span) of their passages -> the
   per-document reuse row (reuse_share, reuse_class, derived_from, shares).

Documents travel as rows of ``DOC_SCHEMA``; ``paragraphs`` may be null (a collection's text:
the paragraphs are then the text split at blank lines, roles from the cleaning module's
boilerplate patterns, as ``align.paragraphs_of`` does).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from types import SimpleNamespace

import numpy as np
import pyarrow as pa

from .align import (
    AlignParams,
    Passage,
    Tokens,
    align_tokens,
    paragraphs_of,
    reuse_of,
    seed_index,
    tokenize,
)
from .candidates import token_fingerprints

PARAGRAPH = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("role", pa.string())])
DOC_SCHEMA = pa.schema([("id", pa.string()), ("text", pa.string()), ("date", pa.string()),
                        ("time", pa.string()), ("paragraphs", pa.list_(PARAGRAPH))])
FINGERPRINT_SCHEMA = pa.schema([("fp", pa.int64()), ("id", pa.string()), ("date", pa.string()),
                                ("time", pa.string())])
PASSAGE_SCHEMA = pa.schema([("source_doc", pa.string()), ("target_doc", pa.string()),
                            ("source_start", pa.int32()), ("source_end", pa.int32()),
                            ("target_start", pa.int32()), ("target_end", pa.int32()),
                            ("source_text", pa.string()), ("target_text", pa.string()),
                            ("kind", pa.string()), ("similarity", pa.float64()),
                            ("boilerplate", pa.bool_())])
# A document's tokens, computed once (``token_rows``) and routed with its text, once, to each
# align partition that has a pair it is in: no document is tokenised twice.
TOKENS_SCHEMA = pa.schema([("id", pa.string()), ("date", pa.string()), ("time", pa.string()),
                           ("toks", pa.binary())])
COVER = pa.struct([("source_doc", pa.string()), ("target_start", pa.int32()),
                   ("target_end", pa.int32())])
REUSE_INPUT_SCHEMA = pa.schema([("id", pa.string()), ("text", pa.string()),
                                ("paragraphs", pa.list_(PARAGRAPH)), ("covers", pa.list_(COVER))])
SHARE = pa.struct([("source_doc", pa.string()), ("share", pa.float64())])
REUSE_SCHEMA = pa.schema([("doc_id", pa.string()), ("reuse_share", pa.float64()),
                          ("reuse_class", pa.string()), ("derived_from", pa.list_(pa.string())),
                          ("shares", pa.list_(SHARE))])


def paragraphs_for(text: str, paragraphs) -> tuple[tuple[int, int, str], ...]:
    """A document's (start, end, role) paragraphs: the given ones, or derived from the text."""
    if paragraphs is not None:
        return tuple((p["start"], p["end"], p["role"]) if isinstance(p, dict) else tuple(p)
                     for p in paragraphs)
    return paragraphs_of(SimpleNamespace(text=text))


def tokens_for(text: str, paragraphs=None) -> Tokens:
    return tokenize(text, paragraphs_for(text, paragraphs))


def token_blob(tokens: Tokens) -> bytes:
    """A document's Tokens as bytes (pickle: the norms are interned, so a repeated word is
    stored once)."""
    return pickle.dumps(tokens, protocol=5)


def tokens_from_blob(blob: bytes) -> Tokens:
    tokens = pickle.loads(blob)  # noqa: S301 - blobs this pipeline wrote (token_rows)
    if not isinstance(tokens, Tokens):
        raise TypeError("not a token blob")
    return tokens


def token_rows(batch: pa.RecordBatch) -> pa.RecordBatch:
    """A batch of documents (DOC_SCHEMA columns) -> (id, date, time, toks) per document."""
    cols = batch.to_pydict()
    paras = cols.get("paragraphs") or [None] * batch.num_rows
    blobs = [token_blob(tokens_for(t, p)) for t, p in zip(cols["text"], paras, strict=True)]
    out = [batch.column("id")]
    for name in ("date", "time"):
        out.append(batch.column(name) if name in batch.schema.names
                   else pa.nulls(batch.num_rows, pa.string()))
    return pa.RecordBatch.from_arrays([*out, pa.array(blobs, pa.binary())], schema=TOKENS_SCHEMA)


def document_fingerprints(tokens: Tokens, params: AlignParams) -> np.ndarray:
    """Sorted unique winnowed fingerprints (uint64) of one document's tokens."""
    return token_fingerprints(tokens.norms, params.shingle, params.winnow_window)


def fingerprint_rows(batch: pa.RecordBatch, params: AlignParams) -> pa.RecordBatch:
    """A batch of documents (DOC_SCHEMA columns, or TOKENS_SCHEMA's) -> one row per
    (fingerprint, document)."""
    cols = batch.to_pydict()
    if "toks" in cols:
        tokens = map(tokens_from_blob, cols["toks"])
    else:
        paras = cols.get("paragraphs") or [None] * batch.num_rows
        tokens = (tokens_for(t, p) for t, p in zip(cols["text"], paras, strict=True))
    fps, reps = [], []
    for toks in tokens:
        f = document_fingerprints(toks, params)
        fps.append(f.view(np.int64))
        reps.append(len(f))
    take = np.repeat(np.arange(batch.num_rows), reps)
    out = [pa.array(np.concatenate(fps) if fps else np.empty(0, np.int64), pa.int64())]
    for name in ("id", "date", "time"):
        col = batch.column(name) if name in batch.schema.names else pa.nulls(batch.num_rows,
                                                                             pa.string())
        out.append(col.take(pa.array(take, pa.int64())))
    return pa.RecordBatch.from_arrays(out, schema=FINGERPRINT_SCHEMA)


def align_pairs(pairs: Iterable[tuple[str, str, object, str, str, object]], params: AlignParams,
                cache: dict[str, Tokens] | None = None) -> Iterator[Passage]:
    """Passages of each (source id, source text, source paragraphs, target id, target text,
    target paragraphs); each document of the batch is tokenised once (``cache``: tokens already
    known, by document id)."""
    cache = {} if cache is None else cache

    def toks(doc_id: str, text: str, paras) -> Tokens:
        t = cache.get(doc_id)
        if t is None:
            t = cache[doc_id] = tokens_for(text, paras)
        return t

    last, index = None, None  # pairs come grouped by source: its seed index is built once
    for sid, stext, sparas, tid, ttext, tparas in pairs:
        src = toks(sid, stext, sparas)
        if sid != last:
            last, index = sid, seed_index(src, params.min_match)
        yield from align_tokens(sid, stext, src, tid, ttext, toks(tid, ttext, tparas), params,
                                index)


def passage_batch(passages: Sequence[Passage]) -> pa.RecordBatch:
    cols = {f.name: [getattr(p, f.name) for p in passages] for f in PASSAGE_SCHEMA}
    return pa.RecordBatch.from_pydict(cols, schema=PASSAGE_SCHEMA)


# A routed row of the Spark engine's align stage: a document (kind 0: id, text, toks) that the
# partition's pairs need, or a pair (kind 1: s_id, t_id). Each partition gets its documents once,
# however many of its pairs they are in, and its pairs grouped by source.
ROUTED_SCHEMA = pa.schema([("kind", pa.int8()), ("id", pa.string()), ("text", pa.string()),
                           ("toks", pa.binary()), ("s_id", pa.string()), ("t_id", pa.string())])


class _TokenCache:
    """Tokens by document id, decoded from their blobs on first use, the most recent `size` kept
    (a partition's pairs come grouped by source: a source is decoded once, targets as they recur)."""

    def __init__(self, size: int):
        from collections import OrderedDict

        self.size, self.items = size, OrderedDict()

    def get(self, doc_id: str, blob: bytes) -> Tokens:
        t = self.items.get(doc_id)
        if t is None:
            t = self.items[doc_id] = tokens_from_blob(blob)
            if len(self.items) > self.size:
                self.items.popitem(last=False)
        else:
            self.items.move_to_end(doc_id)
        return t


def align_routed(batches: Iterable[pa.RecordBatch], params: AlignParams, cache_size: int = 2048
                 ) -> Iterator[pa.RecordBatch]:
    """One partition of routed rows (ROUTED_SCHEMA: its documents first, then its pairs, grouped
    by source) -> the passages of its pairs (PASSAGE_SCHEMA), one batch per batch of pairs.
    A pair whose document did not come first is an error, never a silent skip."""
    docs: dict[str, tuple[str, bytes]] = {}
    cache = _TokenCache(cache_size)
    last, index = None, None
    for b in batches:
        c = b.to_pydict()
        out: list[Passage] = []
        for kind, doc_id, text, blob, sid, tid in zip(c["kind"], c["id"], c["text"], c["toks"],
                                                      c["s_id"], c["t_id"], strict=True):
            if kind == 0:
                docs[doc_id] = (text, blob)
                continue
            try:
                (stext, sblob), (ttext, tblob) = docs[sid], docs[tid]
            except KeyError as exc:
                raise RuntimeError(f"pair ({sid}, {tid}): document {exc.args[0]} was not routed "
                                   "to this partition") from None
            src = cache.get(sid, sblob)
            if sid != last:
                last, index = sid, seed_index(src, params.min_match)
            out += align_tokens(sid, stext, src, tid, ttext, cache.get(tid, tblob), params, index)
        if out or not b.num_rows:
            yield passage_batch(out)


def reuse_row(doc_id: str, text: str, paragraphs, covers: Iterable, params: AlignParams) -> dict:
    """One document's reuse row from the (source_doc, target_start, target_end) of the passages
    that have it as target."""
    by_source: dict[str, list] = {}
    for c in covers or ():
        src, s, e = (c["source_doc"], c["target_start"], c["target_end"]) if isinstance(c, dict) \
            else c
        by_source.setdefault(src, []).append(SimpleNamespace(target_start=s, target_end=e))
    r = reuse_of(text, paragraphs_for(text, paragraphs), by_source, params)
    return {"doc_id": doc_id, "reuse_share": r["reuse_share"], "reuse_class": r["reuse_class"],
            "derived_from": r["derived_from"],
            "shares": [{"source_doc": s, "share": v} for s, v in r["shares"].items()]}


def reuse_rows(batch: pa.RecordBatch, params: AlignParams) -> pa.RecordBatch:
    """A batch of targets (REUSE_INPUT_SCHEMA columns) -> their reuse rows (REUSE_SCHEMA)."""
    c = batch.to_pydict()
    rows = [reuse_row(i, t, p, cv, params) for i, t, p, cv in zip(
        c["id"], c["text"], c["paragraphs"], c["covers"], strict=True)]
    return pa.RecordBatch.from_pylist(rows, schema=REUSE_SCHEMA)


def reuse_as_dict(row: dict) -> dict:
    """A reuse row in align_corpus's per-document form."""
    return {"derived_from": list(row["derived_from"]), "reuse_share": row["reuse_share"],
            "reuse_class": row["reuse_class"],
            "shares": {s["source_doc"]: s["share"] for s in row["shares"]}}
