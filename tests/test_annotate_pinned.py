"""The inline path of annotate's span() for pinned anchors gives what resolve + raw_span give.

A dict subclass is not taken by the inline path (it tests `type(anchor) is dict`), so the same
standoff with its anchors wrapped in `Plain` runs the general path: the oracle.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polit_corpus.annotate import annotate
from polit_corpus.clean import clean
from polit_corpus.corpus import Document


class Plain(dict):
    pass


# Raw text with pieces the cleaner removes or rewrites (line breaks inside a sentence, extra
# spaces, a decomposed accent that NFC composes: a synthesized character), so the clean text is
# many segments.
RAW = ("Harbour row\n\n  Cafe\u0301 owners say   the quay\nis closing. “We were not told,” "
       "said Ann.\n\nAbout 40 boats   use it.\n\n\n“Nobody listened.”\n")


def _doc() -> Document:
    return Document("d", raw_file="", raw_sha256="", raw=RAW, cleaned=clean(RAW), metadata=None)


def _standoff(spans, wrap) -> dict:
    quotes = [{"id": f"q{i}", "type": "direct", "speaker": None,
               "anchor": wrap({"text": t, "at": at}), "cue": None, "source": None,
               "continues": None}
              for i, (t, at) in enumerate(spans)]
    return {"doc_id": "d", "quotes": quotes, "figures": [], "mentions": [],
            "exceptions": {"quote_marks": [], "numbers": []}}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(-3, 120), st.integers(0, 40), st.booleans()), max_size=8))
def test_pinned_spans_as_the_general_path(picks):
    doc = _doc()
    text = doc.text
    spans = []
    for at, n, shifted in picks:
        t = text[max(at, 0):max(at, 0) + n]
        spans.append((t, at + 1 if shifted and t else at))  # some anchors do not match at `at`
    fast, _, fast_problems = annotate(doc, _standoff(spans, dict), {})
    slow, _, slow_problems = annotate(doc, _standoff(spans, Plain), {})
    assert fast.quotes == slow.quotes
    assert fast_problems == slow_problems


def test_a_span_across_a_synthesized_character_is_refused_as_before():
    doc = _doc()
    text = doc.text
    i = text.index("\u00e9")  # composed by the cleaner: no raw offset of its own
    spans = [(text[i - 4:i + 1], i - 4), (text[i + 2:i + 8], i + 2)]
    fast, _, problems = annotate(doc, _standoff(spans, dict), {})
    assert [p[0] for p in problems] == ["q0"] and "synthesized" in problems[0][2]
    (q,) = fast.quotes
    assert RAW[q.raw_start:q.raw_end] == text[i + 2:i + 8]


def test_pinned_anchors_of_a_long_text_build_no_index():
    from polit_corpus import anchors

    text = "a quay and a harbour. " * (anchors.INDEXED_TEXT // 20)
    before = list(anchors._INDEXES)
    anchors.prefetch(text, [{"text": "quay", "at": 2}, None, {"text": "a", "at": 0}])
    assert all(ix.text is not text for ix in anchors._INDEXES)
    assert anchors.resolve(text, {"text": "quay", "at": 2}) == (2, 6)
    anchors.prefetch(text, [{"text": "harbour", "before": "a ", "occurrence": 2}])
    assert anchors._INDEXES[0].text is text  # a searched anchor still gets the index
    assert anchors.resolve(text, {"text": "harbour", "occurrence": 2}) == (35, 42)
    anchors._INDEXES[:] = before
