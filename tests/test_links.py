"""Cross-document links agree with each other: gold quote clusters against machine alignment,
and statistic ids against the consistency table."""

from __future__ import annotations

from itertools import combinations

from conftest import CORPUS
from polit_corpus.align import order_key
from polit_corpus.links import link_corpus, statistics
from polit_corpus.validate import validate_corpus

DOCS, ERRORS = validate_corpus(CORPUS)
LINKED, PASSAGES = link_corpus(DOCS)
RANK = {d.id: n for n, d in enumerate(sorted(DOCS, key=order_key))}


def coverage(source_doc: str, quote) -> float:
    """Share of a later quotation's characters that passages from `source_doc` cover."""
    covered: set[int] = set()
    for p in PASSAGES:
        if p.source_doc == source_doc and p.target_doc == quote.doc_id:
            covered |= set(range(max(p.target_start, quote.start), min(p.target_end, quote.end)))
    return len(covered) / (quote.end - quote.start)


def test_quote_clusters_are_confirmed_by_the_aligner():
    quotes = [q for d in DOCS for q in d.quotes if q.quote_cluster]
    found = {}
    for a, b in combinations(quotes, 2):
        if a.quote_cluster != b.quote_cluster or a.doc_id == b.doc_id:
            continue
        if RANK[a.doc_id] > RANK[b.doc_id]:
            a, b = b, a
        found[(a.doc_id, a.quote_id, b.doc_id, b.quote_id)] = coverage(a.doc_id, b)
    assert len(found) == 34
    # Jo Collins rephrased her crime-scene sentence between 2019 and 2020 ("The scene my team
    # investigates is the content of the devices that we seize" / "The crime scenes we
    # investigate are the devices we seize"): same quotation, different words, so the aligner
    # confirms only the shared second sentence, or nothing where the EADT split the two.
    paraphrased = {
        ("guardian-series-2019", "q8", "essex-release-2020-01-31", "q7"): (0.5, 0.6),
        ("guardian-series-2019", "q8", "rewrite-2020-02-04", "q6"): (0.5, 0.6),
        ("guardian-series-2019", "q8", "eadt-2020-01-31", "q11"): (0.0, 0.0),
    }
    for key, share in found.items():
        low, high = paraphrased.get(key, (0.95, 1.0))
        assert low <= share <= high, (key, share)


def test_every_statistic_is_linked_across_or_within_documents_and_checked():
    stats = {s.statistic_id: s for s in statistics([f for d in DOCS for f in d.figures])}
    assert sorted(stats) == ["arrests-2019", "children-safeguarded-2018-06-to-2019-05",
                             "children-safeguarded-2019", "devices-examined-2019",
                             "warrants-executed-2019"]
    assert [sid for sid, s in stats.items() if not s.consistent] == ["children-safeguarded-2019"]
    bad = stats["children-safeguarded-2019"]
    # one a day over the 365 days of 2019 against the 312 stated in the same article
    one = next(m for m in bad.mentions if m.text == "One")
    assert (one.doc_id, one.low, one.high) == ("eadt-2020-01-31", 365.0, 365.0)
    nearly = next(m for m in bad.mentions if m.text == "Nearly one")
    assert nearly.low <= 312 <= nearly.high


def test_documents_that_copy_a_statistic_are_derived_from_its_source():
    """Where two documents state the same statistic, the later one is linked to the earlier
    (directly, or through the document it was derived from)."""
    by_id = {d.id: d for d in LINKED}
    for s in statistics([f for d in DOCS for f in d.figures]):
        docs = sorted({m.doc_id for m in s.mentions}, key=RANK.get)
        for later in docs[1:]:
            assert by_id[later].reuse.derived_from, (s.statistic_id, later)
