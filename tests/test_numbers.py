"""The fast form of the number-word pattern finds exactly what the plain alternation finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from polit_corpus.numbers import NUMBER_WORD, NUMBER_WORD_PLAIN

PLAIN = re.compile(NUMBER_WORD_PLAIN, re.IGNORECASE)
PIECES = ["one", "ONE", "Seven", "seventeen", "teen", "twenty", "-", " ", "s", "some", "often",
          "hundred", "Hundreds", "x", "_", "1", "ſix", "dozen", "é", "thousand", "\n", "ten"]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_number_words_match_as_the_plain_alternation(pieces):
    text = "".join(pieces)
    assert [m.span() for m in NUMBER_WORD.finditer(text)] == \
        [m.span() for m in PLAIN.finditer(text)]


def test_number_words_in_a_sentence():
    text = "Twenty-one of the seventeen boats, some often sunk, and hundreds more; tenfold"
    assert [m.group() for m in NUMBER_WORD.finditer(text)] == [
        "Twenty", "one", "seventeen", "hundreds"]
