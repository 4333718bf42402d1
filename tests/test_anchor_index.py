"""The occurrence index behind anchor resolution in long texts gives exactly the answers of a
scan, and anchors made in a long, repetitive text resolve back to their span."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from polit_corpus.anchors import INDEXED_TEXT, TextIndex, _scan, resolve
from polit_corpus.preannotate.anchoring import make_anchor


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.text(alphabet="ab “”\n", min_size=0, max_size=400), st.data())
def test_index_equals_scan(text, data):
    ix = TextIndex(text)
    for _ in range(10):
        if text and data.draw(st.booleans()):
            i = data.draw(st.integers(0, len(text) - 1))
            s = text[i:i + data.draw(st.integers(1, 20))]
        else:
            s = data.draw(st.text(alphabet="ab “”\n", min_size=1, max_size=12))
        assert ix.occurrences(s) == _scan(text, s)
        two = ix.occurrences(s, limit=2)
        assert len(two) == min(2, len(_scan(text, s))) and set(two) <= set(_scan(text, s))


def test_anchors_in_a_long_repetitive_text_resolve_to_their_span():
    rng = random.Random(3)
    sentences = ["The board said: “We will wait for the report.”", "About 40 boats left.",
                 "It met again on Tuesday.", "“Nobody listened,” said Mr Hale."]
    text = "\n\n".join(" ".join(rng.choice(sentences) for _ in range(3))
                       for _ in range(INDEXED_TEXT // 80 + 50))
    assert len(text) > INDEXED_TEXT  # the index is in use
    spans = []
    for needle in ("“We will wait for the report.”", "40", "said", "Mr Hale"):
        i = text.find(needle)
        for _ in range(5):
            spans.append((i, i + len(needle)))
            i = text.find(needle, i + len(text) // 7)
            if i == -1:
                break
    for start, end in spans:
        anchor = make_anchor(text, start, end)
        assert resolve(text, anchor) == (start, end), anchor
