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


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.text(alphabet="ab “”\n", min_size=0, max_size=600), st.data())
def test_prefetch_equals_scan(text, data):
    """prefetch's vectorised candidate check (every sampled window hash must agree) keeps
    exactly the scan's occurrences, with or without the hashes kept from construction."""
    ix = TextIndex(text, keep_hashes=data.draw(st.booleans()))
    needles = []
    for _ in range(20):
        if text and data.draw(st.booleans()):
            i = data.draw(st.integers(0, len(text) - 1))
            needles.append(text[i:i + data.draw(st.integers(8, 30))])
        else:
            needles.append(data.draw(st.text(alphabet="ab “”\n", min_size=8, max_size=20)))
    ix.CANDIDATE_BLOCK = data.draw(st.sampled_from([1, 5, 2_000_000]))
    ix.prefetch(needles, batch=7)
    for s in needles:
        assert ix.occurrences(s) == _scan(text, s)
    assert ix._by_position is None  # dropped once prefetch is done
    cached = [s for s in needles if s in ix._cache]
    assert all(ix._cache[s] == _scan(text, s) for s in cached)


def test_prefetch_in_a_repetitive_text_finds_every_occurrence():
    text = ("“We will wait,” said Mr Hale. " * 40 + "\n\n") * 5
    needles = ["“We will wait,” said Mr Hale.", "said Mr Hale. “We will", "Hale. “We will wait,”"]
    ix = TextIndex(text, keep_hashes=True)
    ix.prefetch(needles)
    for s in needles:
        assert s in ix._cache and ix._cache[s] == _scan(text, s) and len(ix._cache[s]) >= 195


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


def test_occurrence_anchors_sharing_a_needle_scan_the_text_once(monkeypatch):
    """5,000 anchors ('a ', occurrence n) over 10,000 marks: one scan, not one per anchor (the
    quadratic case that made validate take 37 s)."""
    import polit_corpus.anchors as anchors

    text = "Marks\n\n" + '"a ' * 10_000
    scans = []
    real = anchors._scan
    monkeypatch.setattr(anchors, "_scan", lambda t, s, limit=None: scans.append((s, limit))
                        or real(t, s, limit))
    spans = [resolve(text, {"text": "a ", "occurrence": n}) for n in range(1, 10_001, 2)]
    assert spans[0] == (8, 10) and spans[-1] == (8 + 3 * 9_998, 10 + 3 * 9_998)
    assert all(text[s:e] == "a " for s, e in spans)
    assert scans == [("a ", None)]
    # an anchor without occurrence stops at the second match, and an ambiguous one says how many
    scans.clear()
    assert resolve(text, {"text": "Marks"}) == (0, 5) and scans == [("Marks", 2)]
    try:
        resolve(text, {"text": '"a'})
    except anchors.AnchorError as exc:
        assert "10000 matches at offsets [7, 10, 13, 16, 19]" in str(exc)
    else:
        raise AssertionError("an ambiguous anchor resolved")


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.text(alphabet="ab “”\n", min_size=8, max_size=300), st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(8, 40)), min_size=1, max_size=30))
def test_prefetch_answers_exactly_as_the_lookups_it_replaces(text, picks):
    """Batched lookups (all needles at once, eight sampled windows each) fill the cache with the
    same occurrence lists a scan gives, including needles that occur nowhere or many times."""
    ix = TextIndex(text * 3)
    needles = [(text * 3)[i % len(text):i % len(text) + n] for i, n in picks] + ["zzzzzzzzz"]
    ix.CANDIDATE_BLOCK = 1 + len(picks) % 4  # several vectorised blocks
    ix.prefetch(needles, batch=7)
    assert ix._cache  # something was batched
    for s in ix._cache:
        assert ix._cache[s] == _scan(ix.text, s)
    for s in needles:
        assert ix.occurrences(s) == _scan(ix.text, s)


def test_prefetched_anchors_resolve_and_fail_as_unprefetched_ones():
    import polit_corpus.anchors as anchors

    rng = random.Random(5)
    words = ["harbour", "said", "the", "board", "“We wait.”", "40", "boats", "Tuesday"]
    text = " ".join(rng.choice(words) + (str(rng.randint(0, 99_999)) if rng.random() < 0.2
                                         else "") for _ in range(INDEXED_TEXT // 5))
    assert len(text) > INDEXED_TEXT
    specs = []
    for _ in range(300):
        i = rng.randrange(len(text) - 40)
        spec = {"text": text[i:i + rng.randint(1, 30)]}
        if rng.random() < 0.5:
            spec["before"] = text[max(0, i - 10):i]
        if rng.random() < 0.2:
            spec["occurrence"] = rng.randint(1, 3)
        specs.append(spec)
    specs += ["no such words here", {"text": "board", "before": "nowhere "}]

    def answers():
        out = []
        for spec in specs:
            try:
                out.append(resolve(text, spec))
            except anchors.AnchorError as exc:
                out.append(str(exc))
        return out

    anchors._INDEXES.clear()
    plain = answers()
    anchors._INDEXES.clear()
    anchors.prefetch(text, specs)
    assert len(anchors.index_for(text)._cache) > 100
    assert answers() == plain
    assert sum(isinstance(a, str) for a in plain) > 10  # ambiguous and missing anchors included
