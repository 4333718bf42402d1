"""Text-reuse alignment against hand-verified passages (tests/golden/reuse.yaml), plus invariants."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, GOLDEN, run_cli
from polit_corpus.align import (
    AlignParams,
    Passage,
    align_pair,
    is_boilerplate,
    paragraphs_of,
    tokens_of,
)
from polit_corpus.align_engines import align_corpus
from polit_corpus.candidates import candidate_pairs
from polit_corpus.corpus import load_documents
from polit_corpus.schemas import load_schema, schema_errors

CLEVELAND = "cleveland-2018-12-21"
NEWS_2019 = "guardian-series-2019"
RELEASE = "essex-release-2020-01-31"
EADT = "eadt-2020-01-31"
REWRITE = "rewrite-2020-02-04"
GOLD = yaml.safe_load((GOLDEN / "reuse.yaml").read_text(encoding="utf-8"))["pairs"]


@pytest.fixture(scope="module")
def docs():
    return {d.id: d for d in load_documents(CORPUS)}


@pytest.fixture(scope="module")
def aligned(docs):
    return align_corpus(list(docs.values()), AlignParams())


def _find(text: str, snippet: str) -> tuple[int, int]:
    assert text.count(snippet) == 1, f"snippet must occur exactly once: {snippet!r}"
    start = text.index(snippet)
    return start, start + len(snippet)


def _coverage(text: str, span: tuple[int, int], covered: list[tuple[int, int]]) -> float:
    """Share of the span's non-whitespace characters inside some covered interval."""
    chars = [i for i in range(*span) if not text[i].isspace()]
    hit = sum(any(s <= i < e for s, e in covered) for i in chars)
    return hit / len(chars)


GOLD_CASES = [(pair["source"], pair["target"], n, p) for pair in GOLD
              for n, p in enumerate(pair["passages"])]


def test_golden_file_lists_the_three_pairs():
    assert [(p["source"], p["target"]) for p in GOLD] == [
        (RELEASE, REWRITE), (RELEASE, EADT), (NEWS_2019, RELEASE)]
    assert len(GOLD_CASES) == 16 + 17 + 9


@pytest.mark.parametrize("source,target,n,expected", GOLD_CASES,
                         ids=[f"{t}<-{s}#{n}" for s, t, n, _ in GOLD_CASES])
def test_golden_passage_is_recalled(docs, aligned, source, target, n, expected):
    passages = [p for p in aligned[0] if p.source_doc == source and p.target_doc == target]
    src, tgt = docs[source], docs[target]
    t_span = _find(tgt.text, expected["target"])
    s_span = _find(src.text, expected["source"])
    assert _coverage(tgt.text, t_span, [(p.target_start, p.target_end) for p in passages]) >= 0.9
    assert _coverage(src.text, s_span, [(p.source_start, p.source_end) for p in passages]) >= 0.9
    # The aligned passage that covers most of the expected one has the kind judged by reading,
    # and pairs it with the expected source text (not some other occurrence).
    best = max(passages, key=lambda p: min(p.target_end, t_span[1]) - max(p.target_start, t_span[0]))
    assert best.kind == expected["kind"]
    assert best.source_start < s_span[1] and best.source_end > s_span[0]
    assert (best.similarity == 1.0) == (best.kind == "verbatim")
    assert is_boilerplate(best, paragraphs_of(tgt)) == expected.get("boilerplate", False)


def test_passage_texts_equal_the_texts_at_their_offsets(docs, aligned):
    passages = aligned[0]
    assert len(passages) == 86
    for p in passages:
        src, tgt = docs[p.source_doc], docs[p.target_doc]
        assert p.source_text == src.text[p.source_start:p.source_end]
        assert p.target_text == tgt.text[p.target_start:p.target_end]
        # Tight spans: they start and end on a token (a word character), not on space or a mark.
        for t in (p.source_text, p.target_text):
            assert re.match(r"\w", t[0]) and re.match(r"\w", t[-1]), t
        # No passage crosses a paragraph boundary of either text.
        for doc, s, e in ((src, p.source_start, p.source_end), (tgt, p.target_start, p.target_end)):
            para = doc.cleaned.paragraph_at(s)
            assert para is not None and e <= para.end
        assert 0.0 < p.similarity <= 1.0 and p.kind in ("verbatim", "rewritten")


def test_passage_matches_the_alignment_schema(aligned):
    schema = load_schema("alignment")
    assert [f.name for f in fields(Passage)] == schema["required"]
    for p in aligned[0]:
        assert schema_errors(vars(p), "alignment", "test") == []


def test_source_is_the_earlier_document(aligned):
    order = [CLEVELAND, NEWS_2019, RELEASE, EADT, REWRITE]
    pairs = sorted({(p.source_doc, p.target_doc) for p in aligned[0]})
    assert pairs == sorted([(NEWS_2019, RELEASE), (NEWS_2019, EADT), (NEWS_2019, REWRITE),
                            (RELEASE, EADT), (RELEASE, REWRITE), (EADT, REWRITE)])
    assert all(order.index(s) < order.index(t) for s, t in pairs)


def test_cleveland_shares_only_a_stock_phrase_with_the_essex_texts(docs, aligned):
    cleveland = docs[CLEVELAND]
    found = []
    for other in (NEWS_2019, RELEASE, EADT, REWRITE):
        found += align_pair(cleveland, docs[other], AlignParams())
    # Aligned directly, the only common run of >= 5 tokens is one stock phrase.
    assert [(p.target_doc, p.target_text) for p in found] == [
        (NEWS_2019, "children have been safeguarded by")]
    # The candidate index never proposes Cleveland, and nothing is derived from it.
    assert not any(CLEVELAND in (p.source_doc, p.target_doc) for p in aligned[0])
    reuse = aligned[1]
    assert reuse[CLEVELAND] == {"derived_from": [], "reuse_share": 0.0,
                                "reuse_class": "non_derived", "shares": {}}
    assert all(CLEVELAND not in r["shares"] for r in reuse.values())


# Computed shares, checked by reading (see tests/golden/reuse.yaml and README "Text reuse"):
# share = non-whitespace characters of the target, outside boilerplate paragraphs, covered by
# passages from that source.
EXPECTED_REUSE = {
    CLEVELAND: ("non_derived", 0.0, [], {}),
    NEWS_2019: ("non_derived", 0.0, [], {}),
    RELEASE: ("partially_derived", 0.365, [NEWS_2019], {NEWS_2019: 0.365}),
    EADT: ("wholly_derived", 0.713, [RELEASE], {NEWS_2019: 0.338, RELEASE: 0.705}),
    REWRITE: ("wholly_derived", 0.871, [RELEASE],
              {NEWS_2019: 0.355, RELEASE: 0.864, EADT: 0.782}),
}


@pytest.mark.parametrize("doc_id", list(EXPECTED_REUSE))
def test_reuse_shares_and_classes(aligned, doc_id):
    cls, share, derived, shares = EXPECTED_REUSE[doc_id]
    r = aligned[1][doc_id]
    assert set(r) == {"derived_from", "reuse_share", "reuse_class", "shares"}
    assert r["reuse_class"] == cls
    assert r["reuse_share"] == pytest.approx(share, abs=0.01)
    assert r["derived_from"] == derived
    assert set(r["shares"]) == set(shares)
    for s, v in shares.items():
        assert r["shares"][s] == pytest.approx(v, abs=0.01)


def test_boilerplate_alone_does_not_make_a_text_derived(docs):
    """Cleveland's body followed by the Essex advice paragraphs: the advice is aligned and
    reported, but the text is not derived from the Essex release."""
    release = docs[RELEASE]
    advice = [p.text for p in release.cleaned.paragraphs if p.role == "boilerplate"]
    body = [p.text for p in docs[CLEVELAND].cleaned.paragraphs]
    mixed = SimpleNamespace(id="mixed", text="\n\n".join(body + advice), date="2020-02-01",
                            published_time=None)
    passages, reuse = align_corpus([release, mixed], AlignParams())
    assert len(passages) == 5
    assert all(is_boilerplate(p, paragraphs_of(mixed)) for p in passages)
    assert all(p.kind == "verbatim" for p in passages)
    assert reuse["mixed"] == {"derived_from": [], "reuse_share": 0.0, "reuse_class": "non_derived",
                              "shares": {RELEASE: 0.0}}
    # Counted as ordinary text, the same passages would make it partially derived.
    plain = SimpleNamespace(id="plain", text=mixed.text, date="2020-02-01", published_time=None,
                            cleaned=SimpleNamespace(paragraphs=[
                                SimpleNamespace(start=s, end=e, role="body")
                                for s, e, _ in paragraphs_of(mixed)]))
    assert align_corpus([release, plain])[1]["plain"]["reuse_class"] == "partially_derived"


def test_rewritten_edges_follow_the_sentence(docs):
    """'She added' / 'DI Collins added:' and 'Det Insp' / 'Detective Inspector' are kept in."""
    passages = align_pair(docs[EADT], docs[REWRITE])
    texts = {p.target_text: p for p in passages}
    p = texts["She added “The crime scenes we investigate are the devices we seize and the "
              "content found on them"]
    assert p.kind == "rewritten" and p.source_text.startswith('DI Collins added: "The crime')
    # 17 tiled tokens ("added ... them"); 18 target tokens, 19 source tokens.
    assert p.similarity == pytest.approx(2 * 17 / (18 + 19), abs=1e-4)
    p = texts["Det Insp Jo Collins leads the team and says the work they do has never been more "
              "important"]
    assert p.kind == "rewritten" and p.source_text.startswith("Detective Inspector Jo Collins")


def test_candidates_for_the_corpus(docs):
    ordered = sorted(docs.values(), key=lambda d: (d.date, d.published_time or "", d.id))
    ids = [d.id for d in ordered]
    pairs = candidate_pairs([tokens_of(d).norms for d in ordered], AlignParams())
    assert [(ids[a], ids[b]) for a, b, _ in pairs] == [
        (NEWS_2019, RELEASE), (NEWS_2019, EADT), (NEWS_2019, REWRITE), (RELEASE, EADT),
        (RELEASE, REWRITE), (EADT, REWRITE)]
    assert all(shared >= 1 for _, _, shared in pairs)


def test_candidates_skip_stock_fingerprints_above_max_df():
    stock = "anyone concerned about their online activity can seek help from the charity".split()
    docs = [stock + [f"w{i}x{j}" for j in range(20)] for i in range(6)]
    assert len(candidate_pairs(docs, AlignParams(max_df=10))) == 15
    assert candidate_pairs(docs, AlignParams(max_df=5)) == []


def test_cli_align_writes_jsonl(tmp_path: Path, aligned):
    out = tmp_path / "passages.jsonl"
    r = run_cli("align", "--corpus", str(CORPUS), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "essex-release-2020-01-31 → rewrite-2020-02-04" in r.stdout
    assert "wholly_derived" in r.stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == [vars(p) for p in aligned[0]]


# --- properties ---------------------------------------------------------------------------------

WORDS = st.lists(st.sampled_from("alpha beta gamma delta epsilon zeta eta theta".split()),
                 min_size=5, max_size=60)
OTHER = st.lists(st.sampled_from("red green blue cyan magenta yellow".split()), min_size=5,
                 max_size=60)
PUNCT = st.sampled_from([" ", ", ", "; ", " - ", ". "])


def _text(words: list[str], seps: list[str]) -> str:
    return "".join(w + s for w, s in zip(words, seps + [" "] * len(words), strict=False)).strip()


@settings(max_examples=150, deadline=None)
@given(WORDS, st.lists(PUNCT, max_size=60))
def test_a_text_aligned_with_itself_is_one_verbatim_cover(words, seps):
    text = _text(words, seps)
    doc = SimpleNamespace(id="a", text=text)
    passages = align_pair(doc, SimpleNamespace(id="b", text=text))
    assert passages and all(p.kind == "verbatim" and p.similarity == 1.0 for p in passages)
    covered = set()
    for p in passages:
        assert p.source_text == text[p.source_start:p.source_end]
        covered.update(range(p.target_start, p.target_end))
    assert all(i in covered for i, c in enumerate(text) if c.isalnum())


@settings(max_examples=100, deadline=None)
@given(WORDS, OTHER)
def test_disjoint_texts_do_not_align(words, other):
    a = SimpleNamespace(id="a", text=" ".join(words))
    b = SimpleNamespace(id="b", text=" ".join(other))
    assert align_pair(a, b) == [] and align_pair(b, a) == []


def test_cli_align_on_a_missing_corpus_is_one_clear_error(tmp_path: Path):
    r = run_cli("align", "--corpus", str(tmp_path / "nope"))
    assert r.returncode == 1
    assert r.stderr.strip() == f"error: {tmp_path / 'nope' / 'documents.yaml'}: file is missing"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="aΣΑσb İ1.!?'’‘ʼ`\"”)]\n\t_-", max_size=80), st.data())
def test_tokenize_equals_its_per_token_definition(text, data):
    from polit_corpus.align import tokenize

    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=4)))
    bounds = [0, *cuts, len(text)]
    paragraphs = [(a, b, "body") for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
    assert tokenize(text, paragraphs) == _tokenize_per_token(text, paragraphs)
    assert tokenize(text) == _tokenize_per_token(text)


def _tokenize_per_token(text: str, paragraphs=None):
    """The per-token definition `tokenize` must equal (the code it replaced)."""
    from polit_corpus.align import SENTENCE_GAP, TOKEN, Tokens, normalise

    if paragraphs is None:
        paragraphs = ((0, len(text), "body"),)
    norms, starts, ends, paras, sent = [], [], [], [], []
    for pi, (ps, pe, _role) in enumerate(paragraphs):
        for m in TOKEN.finditer(text, ps, pe):
            first = not paras or paras[-1] != pi
            sent.append(first or bool(SENTENCE_GAP.search(text, ends[-1], m.start())))
            norms.append(normalise(m.group()))
            starts.append(m.start())
            ends.append(m.end())
            paras.append(pi)
    return Tokens(tuple(norms), tuple(starts), tuple(ends), tuple(paras), tuple(sent),
                  tuple(paragraphs))


def test_token_norms_and_chunked_fingerprints_equal_the_full_tokens():
    """The lean path local_align fingerprints with (no offsets, chunks of tokens) gives the
    norms and fingerprints of the full tokenisation."""
    from polit_corpus.align import token_norms, tokenize
    from polit_corpus.candidates import chunked_fingerprints, token_fingerprints

    text = ("Det Insp Ann Hale said: “They’ve waited 40 years.”\n\n"
            "It's also the most vital job, she added. Residents met on Tuesday.\n\n") * 30
    paras = [(m.start(), m.end(), "body") for m in re.finditer(r"[^\n]+", text)]
    full = tokenize(text, paras)
    for chunk in (1, 7, 1 << 16):
        chunks = list(token_norms(text, paras, chunk=chunk))
        assert [w for c in chunks for w in c] == list(full.norms)
        assert len(chunks) == (1 if chunk > len(full.norms) else len(chunks))
        assert (chunked_fingerprints(chunks, 5, 4) == token_fingerprints(full.norms, 5, 4)).all()
    assert full.norms[:8] == ("det", "insp", "ann", "hale", "said", "theyve", "waited", "40")
