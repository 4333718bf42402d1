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
    hits = []
    i = text.find(needle)
    while i != -1:
        j = i + len(needle)
        if text[max(0, i - len(before)):i] == before and text[j:j + len(after)] == after:
            hits.append(i)
        i = text.find(needle, i + 1)
    if not hits:
        raise AnchorError(f"anchor {describe(anchor)} not found in the clean text")
    if "occurrence" in spec:
        n = spec["occurrence"]
        if n > len(hits):
            raise AnchorError(f"anchor {describe(anchor)} has only {len(hits)} match(es)")
        start = hits[n - 1]
    elif len(hits) > 1:
        raise AnchorError(f"anchor {describe(anchor)} is ambiguous: {len(hits)} matches at "
                          f"offsets {hits[:5]}; add before/after context or an occurrence")
    else:
        start = hits[0]
    return start, start + len(needle)
