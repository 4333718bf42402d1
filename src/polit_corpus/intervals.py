"""Containment queries over many spans: which span (if any) contains [s, e)?

The pre-annotator asks this once per number and the annotation stage once per figure; a scan of
every span each time made a long text quadratic. Spans are sorted by start once, with a running
maximum of ends, so a query looks back only as far as a containing span can still start.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


class Cover:
    """A static set of spans (start, end, payload)."""

    def __init__(self, spans: Iterable[tuple]) -> None:
        self.spans = sorted(spans, key=lambda t: (t[0], t[1]))
        self.starts = [t[0] for t in self.spans]
        self.max_end: list[int] = []
        running = -1
        for t in self.spans:
            running = max(running, t[1])
            self.max_end.append(running)

    def containing(self, s: int, e: int) -> list[tuple]:
        """Every span with start <= s and e <= end, from the latest start back."""
        out = []
        k = bisect_right(self.starts, s) - 1
        while k >= 0 and self.max_end[k] >= e:
            if self.spans[k][1] >= e:
                out.append(self.spans[k])
            k -= 1
        return out

    def covers(self, s: int, e: int) -> bool:
        k = bisect_right(self.starts, s) - 1
        while k >= 0 and self.max_end[k] >= e:
            if self.spans[k][1] >= e:
                return True
            k -= 1
        return False
