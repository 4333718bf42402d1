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


def test_the_characters_that_fold_to_ascii_letters_are_the_ones_listed():
    from polit_corpus.numbers import FOLDS_TO_ASCII

    letter = re.compile("[a-z]", re.IGNORECASE)
    found = "".join(chr(c) for c in range(0x80, 0x110000) if letter.match(chr(c)))
    assert found == FOLDS_TO_ASCII
    assert [chr(c) for c in range(0x110000) if len(chr(c).lower()) != 1] == ["\u0130"]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([*PIECES, "İ", "ı", "K", "Ω", "٣"]), max_size=14))
def test_number_word_spans_equal_the_regex(pieces):
    from polit_corpus.numbers import number_word_spans

    text = "".join(pieces)
    assert number_word_spans(text) == [m.span() for m in PLAIN.finditer(text)]
