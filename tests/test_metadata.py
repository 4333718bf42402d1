"""Metadata: the chosen values, their provenance, and the evidence checks that guard them."""

from __future__ import annotations

import pytest
import yaml

from conftest import CORPUS, run_cli
from polit_corpus.corpus import load_documents

DOCS = {d.id: d for d in load_documents(CORPUS)}

EXPECTED = {
    "essex-release-2020-01-31": ("2020-01-31", "day", "09:01", "Essex Police",
                                 "police_press_office", "Essex Police"),
    "eadt-2020-01-31": ("2020-01-31", "day", "13:37", "East Anglian Daily Times", "newspaper",
                        "Essex Police"),
    "rewrite-2020-02-04": ("2020-02-04", "day", None, None, "newspaper", "Essex Police"),
    "guardian-series-2019": ("2019", "year", None, None, "unknown", "Essex Police"),
    "cleveland-2018-12-21": ("2018-12-21", "day", None, None, "unknown", "Cleveland Police"),
}


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_values(doc_id: str) -> None:
    v = DOCS[doc_id].metadata.values
    got = (v["date"], v["date_precision"], v["published_time"], v["outlet"], v["outlet_type"],
           v["force"])
    assert got == EXPECTED[doc_id]
    assert v["language"] == "en-GB"


def test_provenance_and_reasons() -> None:
    ev = {(d, e.field): e for d, doc in DOCS.items() for e in doc.metadata.evidence}
    assert ev["eadt-2020-01-31", "outlet"].provenance == "site_chrome"
    assert ev["eadt-2020-01-31", "outlet"].evidence == "Read the EADT online edition"
    assert ev["guardian-series-2019", "date"].provenance == "inferred"
    assert ev["rewrite-2020-02-04", "outlet"].provenance == "none"
    assert "does not name" in ev["rewrite-2020-02-04", "outlet"].reason
    nulls = [(d, f) for d, doc in DOCS.items() for f, val in doc.metadata.values.items()
             if val is None]
    for d, f in nulls:
        assert ev[d, f].provenance == "none" and ev[d, f].reason
    assert DOCS["essex-release-2020-01-31"].metadata.values["url"].startswith(
        "https://www.essex.police.uk/news/essex/news/news/2020/january/")


def _edit(corpus, doc_id, field, **changes):
    path = corpus / "documents.yaml"
    reg = yaml.safe_load(path.read_text(encoding="utf-8"))
    for d in reg["documents"]:
        if d["id"] == doc_id:
            d["metadata"][field].update(changes)
    path.write_text(yaml.safe_dump(reg, allow_unicode=True), encoding="utf-8")


def test_evidence_not_in_source_is_an_error(corpus_copy) -> None:
    _edit(corpus_copy, "eadt-2020-01-31", "outlet", evidence="Read the Guardian online")
    r = run_cli("validate", "--corpus", str(corpus_copy))
    assert r.returncode == 1
    assert "eadt-2020-01-31: metadata.outlet: evidence 'Read the Guardian online' not found" in r.stderr


def test_date_disagreeing_with_header_is_an_error(corpus_copy) -> None:
    _edit(corpus_copy, "cleveland-2018-12-21", "date", value="2018-12-22")
    r = run_cli("validate", "--corpus", str(corpus_copy))
    assert r.returncode == 1
    assert "metadata.date: value '2018-12-22' disagrees with the header ('2018-12-21')" in r.stderr
