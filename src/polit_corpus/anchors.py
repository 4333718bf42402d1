"""Where standoff annotations are anchored: exact text plus context or occurrence, never offsets.

A change to cleaning moves offsets but can never silently re-target an annotation: an anchor that
matches nowhere, or more than once, is an error.
"""

from __future__ import annotations


class AnchorError(ValueError):
    pass


def describe(anchor: str | dict) -> str:
    if isinstance(anchor, str):
        return repr(anchor)
    extra = ", ".join(f"{k}={anchor[k]!r}" for k in ("before", "after", "occurrence") if k in anchor)
    return f"{anchor['text']!r} ({extra})" if extra else repr(anchor["text"])


class TextIndex:
    """Where any string of 8 or more characters occurs in one long text, without scanning it.

    Resolving an anchor must prove it matches exactly once, which by scanning costs the whole text
    per anchor: quadratic in a long text with many spans (1 MB with 6,000 spans took minutes). The
    index hashes every 8-character window once (numpy, vectorised), sorts the hashes, and answers
    a query by looking up the rarest window of the query string and checking only those
    candidates. The answers are exactly those of the scan; only the cost changes.
    """

    K = 8
    BASE = 1_000_003

    def __init__(self, text: str) -> None:
        import numpy as np

        self.text = text
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        n = max(len(codes) - self.K + 1, 0)
        h = np.zeros(n, dtype=np.uint32)
        for j in range(self.K if n else 0):  # uint32 arithmetic wraps: a hash mod 2**32
            h *= np.uint32(self.BASE)
            h += codes[j:j + n]
        del codes
        order = np.argsort(h, kind="stable")
        self._hashes = h[order]
        self._positions = order.astype(np.int32 if len(text) < 2**31 else np.int64)
        self._cache: dict[str, list[int]] = {}

    def _hash(self, s: str) -> int:
        h = 0
        for ch in s[:self.K]:
            h = (h * self.BASE + ord(ch)) & 0xFFFFFFFF
        return h

    def _candidates(self, s: str):
        """The offset in `s` of its rarest 8-character window (of three: start, middle, end),
        and the slice of sorted positions where that window starts (a numpy view, not a list:
        a caller that needs two matches should not pay for converting thousands)."""
        import numpy as np

        span = len(s) - self.K
        offsets = sorted({0, span // 2, span})
        qs = np.array([self._hash(s[o:]) for o in offsets], dtype=np.uint32)
        lo = np.searchsorted(self._hashes, qs, "left")
        hi = np.searchsorted(self._hashes, qs, "right")
        best = int(np.argmin(hi - lo))
        return offsets[best], self._positions[lo[best]:hi[best]]

    def occurrences(self, s: str, limit: int | None = None) -> list[int]:
        """Every start offset of `s` in the text, in order (overlapping ones included); with
        `limit`, at most that many of them (in no particular order)."""
        if len(s) < self.K:
            return _scan(self.text, s, limit)
        hit = self._cache.get(s)
        if hit is not None:
            return hit if limit is None else hit[:limit]
        # the rarest window of s: common openings ("said: ") would give many candidates
        best, candidates = self._candidates(s)
        text = self.text
        if limit is not None:
            found = []
            for chunk in range(0, len(candidates), 64):
                for p in candidates[chunk:chunk + 64].tolist():
                    if p >= best and text.startswith(s, p - best):
                        found.append(p - best)
                        if len(found) == limit:
                            return found
            return sorted(found)
        found = sorted(p - best for p in candidates.tolist()
                       if p >= best and text.startswith(s, p - best))
        if len(self._cache) < 100_000:
            self._cache[s] = found
        return found


def _scan(text: str, s: str, limit: int | None = None) -> list[int]:
    out, i = [], text.find(s)
    while i != -1 and len(out) != limit:
        out.append(i)
        i = text.find(s, i + 1)
    return out


INDEXED_TEXT = 200_000  # below this many characters scanning is fast enough; no index is built
_INDEXES: list[TextIndex] = []


def index_for(text: str) -> TextIndex | None:
    """The index of a long text (kept for the two most recent texts), or None for a short one."""
    if len(text) < INDEXED_TEXT:
        return None
    for ix in _INDEXES:
        if ix.text is text:
            return ix
    ix = TextIndex(text)
    _INDEXES[:] = [ix, *_INDEXES[:1]]
    return ix


MEMO_HITS = 4_000_000  # offsets kept in the short-text memo before it stops growing
_MEMO: list = [None, {}, 0]  # [text, {needle: offsets}, offsets held]


def _memo_for(text: str) -> dict[str, list[int]]:
    """The memo of full scans of one short text (the most recent one). Without it, N anchors
    that share a needle and differ by occurrence ('a ', occurrence 1 ... N) rescan the text N
    times: quadratic in the number of marks."""
    if _MEMO[0] is not text:
        _MEMO[:] = [text, {}, 0]
    return _MEMO[1]


def occurrences(text: str, s: str, limit: int | None = None) -> list[int]:
    """Every start offset of `s` in `text` in order (callers must not change the list); with
    `limit`, the first that many (a long text's index: that many, in order)."""
    ix = index_for(text)
    if ix is not None and len(s) >= TextIndex.K:
        return ix.occurrences(s, limit)
    if limit is not None:
        return _scan(text, s, limit)
    memo = _memo_for(text)
    hit = memo.get(s)
    if hit is None:
        hit = _scan(text, s)
        if _MEMO[2] + len(hit) <= MEMO_HITS:
            memo[s] = hit
            _MEMO[2] += len(hit)
    return hit


def designates(text: str, anchor: dict | str, start: int, end: int) -> bool:
    """Whether `anchor` resolves to exactly text[start:end], stopping at the second match (the
    pre-annotator asks this of every candidate anchor; resolving fully would list all matches)."""
    spec = {"text": anchor} if isinstance(anchor, str) else anchor
    before, after = spec.get("before", ""), spec.get("after", "")
    if "occurrence" in spec or text[start:end] != spec["text"]:
        try:
            return resolve(text, anchor) == (start, end)
        except AnchorError:
            return False
    hits = occurrences(text, before + spec["text"] + after, limit=2)
    return len(hits) == 1 and hits[0] + len(before) == start


def resolve(text: str, anchor: str | dict) -> tuple[int, int]:
    """Return (start, end) of the one place in `text` that `anchor` designates."""
    spec = {"text": anchor} if isinstance(anchor, str) else anchor
    needle = spec["text"]
    if "at" in spec:  # pinned: only made in memory by the pre-annotator, never read from a file
        at = spec["at"]
        if text[at:at + len(needle)] != needle:
            raise AnchorError(f"anchor {describe(anchor)} does not match at offset {at}")
        return at, at + len(needle)
    before, after = spec.get("before", ""), spec.get("after", "")
    # the needle with its context occurs at p exactly when the needle occurs at p + len(before)
    # with that context around it
    whole = before + needle + after
    hits = occurrences(text, whole) if "occurrence" in spec else occurrences(text, whole, limit=2)
    if not hits:
        raise AnchorError(f"anchor {describe(anchor)} not found in the clean text")
    if "occurrence" in spec:
        n = spec["occurrence"]
        if n > len(hits):
            raise AnchorError(f"anchor {describe(anchor)} has only {len(hits)} match(es)")
        start = hits[n - 1] + len(before)
    elif len(hits) > 1:
        hits = [p + len(before) for p in occurrences(text, whole)]  # all of them, for the message
        raise AnchorError(f"anchor {describe(anchor)} is ambiguous: {len(hits)} matches at "
                          f"offsets {hits[:5]}; add before/after context or an occurrence")
    else:
        start = hits[0] + len(before)
    return start, start + len(needle)
