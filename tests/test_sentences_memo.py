"""Inside paragraph_sentences a paragraph is split once; the answers are those of the split."""

from __future__ import annotations

from polit_corpus.preannotate import text as T

TEXT = "Mr. Hale spoke. It rained! Dr. Amis left at 5. E. Burman stayed.\n\nOne more. Two."


def test_memo_answers_as_the_split_and_ends_with_the_block():
    paras = [(0, TEXT.index("\n")), (TEXT.index("One"), len(TEXT))]
    plain = [T._split(TEXT, s, e) for s, e in paras]
    assert [T._sentences(TEXT, s, e) for s, e in paras] == plain
    with T.paragraph_sentences(TEXT, paras):
        first = T._sentences(TEXT, *paras[0])
        first.append((0, 0))  # a caller's change does not reach the memo
        assert [T._sentences(TEXT, s, e) for s, e in paras] == plain
        assert T._MEMO[1][paras[0]] == plain[0]
        assert T._sentences(TEXT, 4, 30) == T._split(TEXT, 4, 30)  # not a paragraph: not kept
        assert (4, 30) not in T._MEMO[1]
        other = TEXT.replace("rained", "poured")
        assert T._sentences(other, *paras[0]) == T._split(other, *paras[0])
    assert T._MEMO == [None, None]
    assert plain[0] == [(0, 15), (16, 26), (27, 46), (47, 64)]
