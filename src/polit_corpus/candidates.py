"""Candidate pairs for alignment without comparing all pairs: a winnowed shingle index.

Each document's normalised tokens are cut into shingles of ``params.shingle`` tokens, hashed
with a deterministic 64-bit rolling hash over token ids; a token's id is a 64-bit BLAKE2b hash of
its normalised form, so a document's fingerprints depend on its own text alone (not on the
other documents of a batch, nor on PYTHONHASHSEED), which lets any engine fingerprint documents
in independent batches. Winnowing (Schleimer,
Wilkerson & Aiken 2003, the MOSS fingerprint scheme) keeps the minimum hash of every window of
``params.winnow_window`` consecutive shingles: roughly 2 / (window + 1) of the shingles, with the
guarantee that two texts sharing a run of at least ``shingle + winnow_window - 1`` tokens share
a fingerprint.

The inverted index is a sort: all (fingerprint, document) rows sorted by fingerprint; each run of
equal fingerprints is a posting list. A posting list longer than ``params.max_df`` is a stock
phrase and is skipped (passim's max-df); every other one proposes the pairs of its documents.
Pairs sharing at least ``params.min_shared`` fingerprints are the candidates. The work is
proportional to the number of tokens plus the sum of df * (df - 1) / 2 over the kept
fingerprints, not to N * (N - 1) / 2.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

_BASE = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the rolling hash so that window minima are unbiased."""
    h = h ^ (h >> np.uint64(30))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(27))
    h = h * _MIX2
    return h ^ (h >> np.uint64(31))


def fingerprints(ids: np.ndarray, shingle: int, window: int) -> np.ndarray:
    """Sorted unique winnowed fingerprints of one document's token-id array."""
    n = len(ids) - shingle + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for m in range(shingle):
            h = h * _BASE + ids[m:m + n]  # wraps modulo 2**64
        h = _mix(h)
    if n <= window:
        return np.unique(h.min(keepdims=True))
    return np.unique(np.lib.stride_tricks.sliding_window_view(h, window).min(axis=1))


@lru_cache(maxsize=1 << 20)
def token_id(norm: str) -> int:
    """A normalised token's 64-bit id: the same in every process, batch and run."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little")


def token_fingerprints(tokens: Sequence[str], shingle: int, window: int) -> np.ndarray:
    """Sorted unique winnowed fingerprints of one document's normalised tokens."""
    ids = np.fromiter((token_id(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    return fingerprints(ids, shingle, window)


def chunked_fingerprints(chunks: Iterable[Sequence[str]], shingle: int, window: int
                         ) -> np.ndarray:
    """token_fingerprints of the concatenation of `chunks` (lists of normalised tokens), with
    only the tokens' 64-bit ids held for the whole document."""
    parts = [np.fromiter(map(token_id, c), dtype=np.uint64, count=len(c)) for c in chunks]
    ids = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
    return fingerprints(ids, shingle, window)


def document_fingerprints(token_lists: Sequence[Sequence[str]], shingle: int, window: int
                          ) -> list[np.ndarray]:
    return [token_fingerprints(tokens, shingle, window) for tokens in token_lists]


def pairs_from_fingerprints(fps: Sequence[np.ndarray], max_df: int, min_shared: int
                            ) -> list[tuple[int, int, int]]:
    """(a, b, shared fingerprints) for a < b, sorted; from per-document fingerprint arrays."""
    n_docs = len(fps)
    if n_docs < 2:
        return []
    sizes = np.fromiter((len(f) for f in fps), dtype=np.int64, count=n_docs)
    if sizes.sum() == 0:
        return []
    allfp = np.concatenate(fps)
    docs = np.repeat(np.arange(n_docs, dtype=np.int64), sizes)
    order = np.argsort(allfp, kind="stable")  # stable: documents ascend within a posting list
    allfp, docs = allfp[order], docs[order]
    del order
    starts = np.flatnonzero(np.r_[True, allfp[1:] != allfp[:-1]])
    df = np.diff(np.r_[starts, len(allfp)])
    keys = []
    for d in range(2, max_df + 1):
        first = starts[df == d]
        if not len(first):
            continue
        block = docs[first[:, None] + np.arange(d)]
        a, b = np.triu_indices(d, 1)
        keys.append(block[:, a].ravel() * n_docs + block[:, b].ravel())
    if not keys:
        return []
    pair_keys, counts = np.unique(np.concatenate(keys), return_counts=True)
    keep = counts >= min_shared
    pair_keys, counts = pair_keys[keep], counts[keep]
    return [(int(k // n_docs), int(k % n_docs), int(c)) for k, c in zip(pair_keys, counts,
                                                                          strict=True)]


def candidate_pairs(token_lists: Sequence[Sequence[str]], params) -> list[tuple[int, int, int]]:
    """Candidate pairs (a, b, shared fingerprints), a < b indices into token_lists, sorted."""
    fps = document_fingerprints(token_lists, params.shingle, params.winnow_window)
    return pairs_from_fingerprints(fps, params.max_df, params.min_shared)
