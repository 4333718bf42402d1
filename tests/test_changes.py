"""What a copy changed (changes.py), on invented records: word edits, hedges, quotations."""

from __future__ import annotations

from types import SimpleNamespace as NS

from polit_corpus.changes import figure_changes, headline_change, quote_changes, word_diff


def fig(fid, text, value, approximation, unit="per_day", stat="s1", start=0, low=None, high=None):
    return NS(figure_id=fid, text=text, value=value, approximation=approximation, unit=unit,
              statistic_id=stat, start=start, value_low=low, value_high=high)


def quote(qid, text, start, speaker="a", cluster=None, type_="direct", source=None):
    return NS(quote_id=qid, text=text, start=start, end=start + len(text), speaker_id=speaker,
              speaker_name=speaker.upper(), quote_cluster=cluster, type=type_,
              source=NS(text=source) if source else None)


def doc(title=None, figures=(), quotes=()):
    return NS(metadata=NS(values={"title": title}), figures=list(figures), quotes=list(quotes))


def test_word_diff_marks_only_the_words_that_differ():
    a, b = "Almost one child a day safeguarded online", "One child a day saved from online"
    d = word_diff(a, b)
    assert [a[s:e] for s, e in d.removed] == ["Almost", "safeguarded"]
    assert [b[s:e] for s, e in d.added] == ["saved from"]
    assert word_diff("It's our job", "It’s our job") == word_diff("x", "x")  # apostrophe style


def test_headline_kinds():
    assert headline_change(doc("A b c"), doc("A b c")).kind == "kept"
    assert headline_change(doc("A b c"), doc(None)).kind == "dropped"
    assert headline_change(doc(None), doc("A")).kind == "added"
    assert headline_change(doc(None), doc(None)).kind == "none"
    assert headline_change(doc("Almost one a day"), doc("One a day")).kind == "rewritten"


def test_hedge_dropped_added_and_vaguer():
    src = doc(figures=[fig("f1", "Almost one", 1.0, "approximately"),
                       fig("f2", "312", 312.0, "exact", unit="count", start=50)])
    tgt = doc(figures=[fig("g1", "One", 1.0, "exact"),
                       fig("g2", "hundreds", None, "vague", unit="count", low=200, high=999),
                       fig("g3", "312", 312.0, "exact", unit="count")])  # unchanged: no entry
    got = [(c.kind, c.old_text, c.new_text) for c in figure_changes(src, tgt)]
    assert got == [("hedge_dropped", "Almost one", "One"), ("made_vaguer", "312", "hundreds")]
    back = [(c.kind, c.old_text) for c in figure_changes(tgt, src)]
    assert ("hedge_added", "One") in back
    other = doc(figures=[fig("h1", "One", 1.0, "exact", stat="s2")])  # another statistic
    assert figure_changes(src, other) == []


def test_quotations_kept_split_cut_new_and_reattributed():
    src = doc(quotes=[quote("q1", "We will keep going and we will win", 0, cluster="c1"),
                      quote("q2", "Nobody else says this", 100),
                      quote("q3", "A line that stays", 200, cluster="c3", source="DI Smith")])
    tgt = doc(quotes=[quote("t1", "We will keep going", 0, cluster="c1"),
                      quote("t2", "and we will win", 30, cluster="c1"),
                      quote("t3", "A line that stays", 80, speaker="b", cluster="c3", source="She"),
                      quote("t4", "A brand new voice", 120, speaker="c")])
    assert sorted(c.kind for c in quote_changes(src, tgt, passages=[])) == ["cut", "kept", "kept", "new"]
    by_targets = {c.target_ids: c for c in quote_changes(src, tgt, passages=[])}
    split = by_targets[("t1", "t2")]
    assert split.source_ids == ("q1",) and split.kind == "kept"  # split in two, same words
    moved = by_targets[("t3",)]
    assert moved.kind == "kept" and moved.reattributed
    assert moved.source_words_before == ("DI Smith",) and moved.source_words_after == ("She",)
    assert by_targets[("t4",)].kind == "new"
    assert by_targets[()].source_ids == ("q2",) and by_targets[()].kind == "cut"
