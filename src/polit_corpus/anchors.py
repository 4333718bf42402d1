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

    def __init__(self, text: str, keep_hashes: bool = False) -> None:
        import numpy as np

        self.text = text
        h = self._window_hashes(text)
        # the hashes in text order, kept (keep_hashes) for the prefetch that follows, which drops them
        self._by_position = h if keep_hashes else None
        n = len(h)
        if n < 2**32:
            # (hash, position) packed in one uint64 and sorted: the same order as a stable
            # argsort of the hashes, in a third of its time (numpy sorts plain integers with
            # vector instructions, argsort it does not)
            key = h.astype(np.uint64)
            del h
            key <<= np.uint64(32)
            step = 1 << 22  # positions or-ed in by blocks: no second array as long as the text
            for c in range(0, len(key), step):
                key[c:c + step] |= np.arange(c, min(c + step, len(key)), dtype=np.uint64)
            key.sort()
            little = key.dtype.byteorder == "<" or (key.dtype.byteorder == "=" and
                                                    np.little_endian)
            lo, hi = (0, 1) if little else (1, 0)
            halves = key.view(np.uint32)  # pairs: [position, hash] on a little-endian machine
            self._hashes = halves[hi::2].copy()
            # The positions are moved to the front of the sorted keys' own buffer, which then
            # shrinks to them: no third array as long as the text (copying them out made this
            # index's peak 10 bytes a character beside a long document's other data, now 8).
            # Block [b, 2b) reads [2b, 4b): never a slot written before it is read.
            if n:
                halves[0] = halves[lo]
            b = 1
            while b < n:
                e = min(2 * b, n)
                halves[b:e] = halves[2 * b + lo:2 * e + lo:2]
                b = e
            del halves
            key.resize((n + 1) // 2, refcheck=False)  # owns its buffer; no view of it is left
            positions = key.view(np.uint32)[:n]
            self._positions = positions.view(np.int32) if n < 2**31 else positions.astype(np.int64)
            del key, positions
        else:
            order = np.argsort(h, kind="stable")
            self._hashes = h[order]
            self._positions = order
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def _window_hashes(cls, text: str):
        """The hash of every K-character window of `text` (numpy uint32: the arithmetic wraps,
        a hash mod 2**32); `_hash` is the same function for one window."""
        import numpy as np

        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        n = max(len(codes) - cls.K + 1, 0)
        h = np.zeros(n, dtype=np.uint32)
        for j in range(cls.K if n else 0):
            h *= np.uint32(cls.BASE)
            h += codes[j:j + n]
        return h

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

    SAMPLES = 8  # windows looked up per needle by prefetch
    PREFETCH_CANDIDATES = 100_000  # a needle whose rarest sampled window has more: not prefetched
    CANDIDATE_BLOCK = 2_000_000  # candidates checked per vectorised step (bounds its memory)
    CACHE = 2_000_000  # needles whose occurrences the index keeps

    def prefetch(self, needles: list[str], batch: int = 50_000) -> None:
        """Find the occurrences of many needles in a few vectorised steps and keep them, so the
        `occurrences` calls that follow are lookups. One query costs tens of microseconds of
        numpy call overhead; a validate of a 10 MB text asks 100,000 of them. Needles whose
        eight sampled windows are all very common (PREFETCH_CANDIDATES) are left to
        `occurrences`."""
        import numpy as np

        todo = [s for s in dict.fromkeys(needles) if len(s) >= self.K and s not in self._cache]
        todo = todo[:max(self.CACHE - len(self._cache), 0)]
        text, positions = self.text, self._positions
        by_pos = None
        for b in range(0, len(todo), batch):
            chunk = todo[b:b + batch]
            lens = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
            starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
            h = self._window_hashes("".join(chunk))
            wins = lens - self.K  # last window offset within each needle
            steps = np.linspace(0.0, 1.0, self.SAMPLES)
            offs = np.rint(steps[None, :] * wins[:, None]).astype(np.int64)
            q = h[starts[:, None] + offs].ravel()
            order = np.argsort(q, kind="stable")  # sorted queries: fewer cache misses
            lo = np.empty_like(order)
            hi = np.empty_like(order)
            lo[order] = np.searchsorted(self._hashes, q[order], "left")
            hi[order] = np.searchsorted(self._hashes, q[order], "right")
            lo, hi = lo.reshape(offs.shape), hi.reshape(offs.shape)
            best = np.argmin(hi - lo, axis=1)
            rows = np.arange(len(chunk))
            off_b, lo_b, hi_b = offs[rows, best], lo[rows, best], hi[rows, best]
            count = hi_b - lo_b
            keep = count <= self.PREFETCH_CANDIDATES  # more: left to occurrences
            count = np.where(keep, count, 0)
            if by_pos is None:
                by_pos = self._by_position
                by_pos = self._window_hashes(text) if by_pos is None else by_pos
            qs = q.reshape(offs.shape)
            found: list[list[int]] = [[] for _ in chunk]
            # Every candidate start of every needle at once, a few million at a time: the text's
            # window hashes at the needle's eight sampled offsets must all equal the needle's
            # own; only candidates passing that are compared character by character (a repeated
            # phrase gives thousands of candidates per needle, nearly all refuted here).
            ends = np.cumsum(count)
            a = 0
            while a < len(chunk):
                base = ends[a] - count[a]
                z = max(int(np.searchsorted(ends, base + self.CANDIDATE_BLOCK, "right")), a + 1)
                part = rows[a:z]
                n_part = count[a:z]
                owner = np.repeat(part, n_part)
                first = np.cumsum(n_part) - n_part
                at = (np.arange(len(owner)) - np.repeat(first, n_part)
                      + np.repeat(lo_b[a:z], n_part))
                cand = positions[at].astype(np.int64) - off_b[owner]
                ok = cand >= 0
                for j in range(self.SAMPLES):
                    where = np.minimum(np.maximum(cand, 0) + offs[owner, j], len(by_pos) - 1)
                    ok &= by_pos[where] == qs[owner, j]
                for n, c in zip(owner[ok].tolist(), cand[ok].tolist(), strict=True):
                    if text.startswith(chunk[n], c):
                        found[n].append(c)
                a = z
            for n in np.flatnonzero(keep).tolist():
                self._cache[chunk[n]] = sorted(found[n])
        self._by_position = None

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
        if len(self._cache) < self.CACHE:
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


def index_for(text: str, keep_hashes: bool = False) -> TextIndex | None:
    """The index of a long text (kept for the two most recent texts), or None for a short one."""
    if len(text) < INDEXED_TEXT:
        return None
    for ix in _INDEXES:
        if ix.text is text:
            return ix
    ix = TextIndex(text, keep_hashes)
    _INDEXES[:] = [ix, *_INDEXES[:1]]
    return ix


def release(text: str) -> None:
    """Forget the index (and short-text memo) of `text`: validate has resolved every anchor of a
    document and needs neither again (on a long text the index holds 8 bytes per character)."""
    _INDEXES[:] = [ix for ix in _INDEXES if ix.text is not text]
    if _MEMO[0] is text:
        _MEMO[:] = [None, {}, 0]


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


def prefetch(text: str, anchors) -> None:
    """Look up many anchors of one long text at once (see TextIndex.prefetch); the `resolve`
    calls that follow answer exactly as without it, only faster. Pinned anchors ({"text", "at"})
    need no lookup: when every anchor is pinned, no index of the text is built."""
    if len(text) < INDEXED_TEXT:
        return
    wholes = []
    for anchor in anchors:
        if isinstance(anchor, str):
            wholes.append(anchor)
        elif isinstance(anchor, dict) and "at" not in anchor:
            parts = (anchor.get("before", ""), anchor.get("text"), anchor.get("after", ""))
            if all(isinstance(p, str) for p in parts):
                wholes.append("".join(parts))
    if wholes:
        index_for(text).prefetch(wholes)


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
