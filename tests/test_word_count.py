"""The published word_count is str.split()'s count, without the list of every word."""

from __future__ import annotations


def test_word_count_is_len_of_split_across_piece_boundaries():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from polit_corpus.records import word_count

    assert word_count("") == 0 and word_count("   ") == 0
    assert word_count("one two\u00a0three\u2003four\nfive") == 5  # no-break and em spaces split
    long_word = "x" * 50
    assert word_count(f"{long_word} {long_word}  {long_word}", chunk=7) == 3
    assert word_count("  a b", chunk=0) == 2  # a piece is at least one character

    @settings(max_examples=300, derandomize=True)
    @given(st.text(alphabet=" \t\n\u00a0\u2028ab\u201c.", max_size=60), st.integers(1, 9))
    def same(text, chunk):
        assert word_count(text, chunk) == len(text.split())

    same()
