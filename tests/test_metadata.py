"""Metadata: the chosen values, their provenance, and the evidence checks that guard them."""

from __future__ import annotations

import pytest
import yaml

from conftest import CORPUS, run_cli, validate_errors
from polit_corpus.corpus import load_documents

DOCS = {d.id: d for d in load_documents(CORPUS)}

EXPECTED = {
    "essex-release-2020-01-31": ("2020-01-31", "day", "09:01", "Essex Police",
                                 "police_press_office", "Essex Police"),
    "eadt-2020-01-31": ("2020-01-31", "day", "13:37", "East Anglian Daily Times", "newspaper",
                        "Essex Police"),
    "rewrite-2020-02-04": ("2020-02-04", "day", None, "Chelmsford Weekly News", "newspaper",
                           "Essex Police"),
    "guardian-series-2019": ("2019", "year", None, "Guardian Series", "newspaper", "Essex Police"),
    "cleveland-2018-12-21": ("2018-12-21", "day", None, "Hartlepool Mail", "newspaper",
                             "Cleveland Police"),
}

# Archive copies confirmed with the search tool (issue 10): the URL is the evidence.
EXTERNAL_URLS = {
    "rewrite-2020-02-04": "https://www.chelmsfordweeklynews.co.uk/news/18207184.polit-safeguard-"
                          "hundreds-children-internet-abuse/?ref=rss",
    "eadt-2020-01-31": "https://www.eadt.co.uk/news/essex-police-2019-safeguarding-statistics-1-"
                       "6492706",
    "guardian-series-2019": "https://www.guardian-series.co.uk/news/17760648.essex-online-"
                            "investigation-team-safeguards-210-children-12-months/",
    "cleveland-2018-12-21": "https://www.hartlepoolmail.co.uk/news/700-children-safeguarded-by-"
                            "specialist-paedophile-investigation-team-1-9504150",
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
    # "East Anglian Daily Times" expands the chrome's "EADT": inferred, with the reason.
    assert ev["eadt-2020-01-31", "outlet"].provenance == "inferred"
    assert ev["eadt-2020-01-31", "outlet"].evidence == "Read the EADT online edition"
    assert "abbreviates" in ev["eadt-2020-01-31", "outlet"].reason
    assert ev["guardian-series-2019", "date"].provenance == "inferred"
    assert ev["cleveland-2018-12-21", "language"].evidence == "analyse"
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


@pytest.mark.parametrize("doc_id", sorted(EXTERNAL_URLS))
def test_external_provenance(doc_id: str) -> None:
    ev = {e.field: e for e in DOCS[doc_id].metadata.evidence}
    url = EXTERNAL_URLS[doc_id]
    assert DOCS[doc_id].metadata.values["url"] == url
    assert ev["url"].provenance == "external" and ev["url"].evidence == url
    assert "identical" in ev["url"].reason and "characters" in ev["url"].reason
    # The value read from the text wins: 001's date stays the PUBLISHED line's.
    assert ev["date"].provenance != "external"


def test_external_evidence_must_be_a_url(corpus_copy) -> None:
    _edit(corpus_copy, "cleveland-2018-12-21", "outlet", evidence="Hartlepool Mail website")
    errors = validate_errors(corpus_copy)
    assert any("cleveland-2018-12-21: metadata.outlet.evidence" in e
               and "'Hartlepool Mail website' does not match" in e for e in errors), errors


def test_external_needs_a_reason(corpus_copy) -> None:
    _edit(corpus_copy, "guardian-series-2019", "outlet_type", reason=" ")
    errors = validate_errors(corpus_copy)
    assert any("guardian-series-2019: metadata.outlet_type: provenance external needs a reason"
               in e for e in errors), errors


def test_external_url_must_equal_its_evidence(corpus_copy) -> None:
    _edit(corpus_copy, "cleveland-2018-12-21", "url", value="https://example.org/other")
    errors = validate_errors(corpus_copy)
    assert any("metadata.url: external value 'https://example.org/other' differs from its "
               "evidence" in e for e in errors), errors


@pytest.mark.parametrize(("doc_id", "outlet_type", "message"), [
    ("cleveland-2018-12-21", "police_press_office", "needs a url on a police force's site"),
    ("essex-release-2020-01-31", "newspaper", "newspaper needs a named outlet"),
])
def test_outlet_type_rule(corpus_copy, doc_id, outlet_type, message) -> None:
    _edit(corpus_copy, doc_id, "outlet_type", value=outlet_type)
    errors = validate_errors(corpus_copy)
    assert any(doc_id in e and message in e for e in errors), errors
