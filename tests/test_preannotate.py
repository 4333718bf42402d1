"""Rule-based pre-annotation: loads on every gold document, finds the expected spans, and reaches
the measured precision/recall against the gold layer."""

from __future__ import annotations

import pytest
import yaml

from conftest import CORPUS
from polit_corpus.anchors import resolve
from polit_corpus.annotate import annotate
from polit_corpus.clean import clean
from polit_corpus.corpus import load_documents, load_speakers, load_standoff
from polit_corpus.coverage import coverage_problems
from polit_corpus.ingest import standoff_yaml
from polit_corpus.preannotate import evaluate, make_anchor, preannotate
from polit_corpus.schemas import schema_errors
from polit_corpus.validate import review_problems

DOCS = {d.id: d for d in load_documents(CORPUS)}
SPEAKERS = load_speakers(CORPUS)


def run(doc_id: str) -> dict:
    d = DOCS[doc_id]
    return preannotate(d.text, d.cleaned.paragraphs, SPEAKERS, doc_id=doc_id)


def records(so: dict) -> list[dict]:
    return [*so["quotes"], *so["figures"], *so["exceptions"]["quote_marks"],
            *so["exceptions"]["numbers"]]


@pytest.mark.parametrize("doc_id", sorted(DOCS))
def test_valid_resolvable_and_complete(doc_id):
    d = DOCS[doc_id]
    so = run(doc_id)
    assert schema_errors(so, "standoff", doc_id) == []
    annotated, exceptions, problems = annotate(d, so, SPEAKERS)
    assert problems == []  # every anchor resolves exactly once, every value agrees with its text
    assert coverage_problems(annotated, exceptions) == []  # exhaustive by construction
    for rec in records(so):
        assert rec["note"].startswith("auto: ")
        for key in ("anchor", "cue", "source", "counted"):
            if rec.get(key) is not None:
                resolve(d.text, rec[key])
    # unreviewed: validate reports every record
    assert len(review_problems(so)) == len(records(so))


def by_text(so: dict, layer: str, text: str, doc_id: str) -> dict:
    d = DOCS[doc_id]
    hits = [r for r in so[layer]
            if d.text[slice(*resolve(d.text, r["anchor"]))].startswith(text)]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def test_cleveland_spans():
    so = run("cleveland-2018-12-21")
    text = DOCS["cleveland-2018-12-21"].text
    f = by_text(so, "figures", "over 700", "cleveland-2018-12-21")
    assert text[slice(*resolve(text, f["anchor"]))] == "over 700"
    assert (f["value"], f["value_low"], f["approximation"], f["unit"], f["category"]) == (
        700, 700, "more_than", "count", "children_safeguarded")
    assert text[slice(*resolve(text, f["counted"]))] == "children"
    q = by_text(so, "quotes", "Each case that we deal with", "cleveland-2018-12-21")
    assert q["type"] == "direct" and q["speaker"] == "steve-bell"
    assert text[slice(*resolve(text, q["cue"]))] == "said"
    assert text[slice(*resolve(text, q["source"]))] == "Detective Inspector Steve Bell"
    q4 = by_text(so, "quotes", "We need continued help", "cleveland-2018-12-21")
    assert q4["continues"] == q["id"] and q4["speaker"] == "steve-bell" and q4["cue"] is None
    q6 = by_text(so, "quotes", "Investigating sexual offences", "cleveland-2018-12-21")
    q5 = by_text(so, "quotes", "So many of the crimes", "cleveland-2018-12-21")
    assert q6["continues"] == q5["id"] and q6["speaker"] == "jason-harwin"
    indirect = by_text(so, "quotes", "over 700 children have been safeguarded", "cleveland-2018-12-21")
    assert indirect["type"] == "indirect" and indirect["speaker"] == "cleveland-police"
    reasons = {text[slice(*resolve(text, x["anchor"]))]: x["reason"]
               for x in so["exceptions"]["numbers"]}
    assert reasons == {"2019": "year", "one of the toughest": "pronoun"}


def test_figures_in_the_2019_release():
    so = run("guardian-series-2019")
    text = DOCS["guardian-series-2019"].text
    got = {text[slice(*resolve(text, f["anchor"]))]: f for f in so["figures"]}
    assert got["Two hundred and ten"]["value"] == 210
    assert got["12-month"]["unit"] == "month" and got["12-month"]["category"] == "duration"
    assert got["38-year-old"]["category"] == "age"
    assert got["four years’"]["category"] == "sentence"
    assert got["under the age of 18"]["value_high"] == 18
    assert got["under the age of 18"]["approximation"] == "less_than"
    assert text[slice(*resolve(text, got["more than 1,400"]["counted"]))] == (
        "computers, mobile phones and storage devices")
    marks = {text[slice(*resolve(text, x["anchor"]))]: x["reason"]
             for x in so["exceptions"]["quote_marks"]}
    assert marks == {"years’ imprisonment": "possessive", "Offenders’ Register": "possessive"}


def test_eadt_headline_fragment_and_trailing_indirect():
    so = run("eadt-2020-01-31")
    text = DOCS["eadt-2020-01-31"].text
    frag = so["quotes"][0]
    assert frag["type"] == "fragment" and text[slice(*resolve(text, frag["anchor"]))] == "dangerous"
    q = by_text(so, "quotes", "Essex Police safeguarded 312", "eadt-2020-01-31")
    assert q["type"] == "indirect" and q["speaker"] == "essex-polit-figures-2019"
    assert text[slice(*resolve(text, q["cue"]))] == "have revealed"


# Measured with scripts/preannotate_eval.py (see README, "Adding a text"): quotes exact P 1.000
# R 0.981, figures exact P 1.000 R 1.000. The bounds leave a little room, not a lot.
def test_precision_recall_against_gold():
    gold = {d: load_standoff(CORPUS, d) for d in DOCS}
    result = evaluate(list(DOCS.values()), gold, SPEAKERS)["all"]
    assert result["figures"]["exact"].recall >= 0.95
    assert result["figures"]["exact"].precision >= 0.95
    assert result["figures"]["overlap"].recall >= 0.97
    assert result["quotes"]["exact"].recall >= 0.95
    assert result["quotes"]["exact"].precision >= 0.95
    attrs = result["attributes"]
    assert attrs["speaker_same"] / attrs["quotes_matched"] >= 0.9
    assert attrs["value_same"] / attrs["figures_matched"] >= 0.95


# An invented release (fictional force, people and numbers) in styles the gold texts do not use.
HELD_OUT = """Northshire Police say 45 people were arrested in a week of action

“We will find you,” said Supt Mark Reed of Northshire Police. “There is nowhere to hide.”

Officers searched 17 addresses on 3 March 2021 and seized more than 2,000 devices, the force said.

A man aged 45 from Eastport and a 19-year-old woman were charged.

It was the 2nd operation this year, one of several planned.

Call 101 or visit www.northshire.example.uk/2021/report at any time after 09:30.
"""


def test_held_out_text_styles():
    c = clean(HELD_OUT)
    so = preannotate(c.text, c.paragraphs, SPEAKERS, doc_id="held-out")
    assert schema_errors(so, "standoff", "held-out") == []
    text = c.text
    quotes = [(q["type"], text[slice(*resolve(text, q["anchor"]))]) for q in so["quotes"]]
    assert ("direct", "We will find you,") in quotes
    assert ("direct", "There is nowhere to hide.") in quotes
    assert ("indirect", "45 people were arrested in a week of action") in quotes
    first = next(q for q in so["quotes"] if text[slice(*resolve(text, q["anchor"]))]
                 == "We will find you,")
    assert text[slice(*resolve(text, first["cue"]))] == "said"
    assert first["speaker"] is None and "propose a new speaker" in first["note"]
    figs = {text[slice(*resolve(text, f["anchor"]))]: f for f in so["figures"]}
    assert set(figs) == {"45", "17", "more than 2,000", "19-year-old"}
    assert figs["19-year-old"]["category"] == "age"
    assert figs["more than 2,000"]["category"] == "devices_seized"
    reasons = sorted(x["reason"] for x in so["exceptions"]["numbers"])
    assert reasons == ["date", "ordinal", "other", "pronoun", "time", "url"]
    aged = next(f for f in so["figures"] if resolve(text, f["anchor"])[0] == text.index("45 from"))
    assert aged["category"] == "age" and aged["unit"] == "age"


def test_make_anchor_always_designates_the_span():
    text = "one two one two one\n\none two one"
    for start in range(len(text)):
        for end in (start + 3,):
            if end <= len(text) and text[start:end].strip() == text[start:end]:
                assert resolve(text, make_anchor(text, start, end)) == (start, end)


def test_standoff_yaml_round_trips():
    so = run("eadt-2020-01-31")
    assert yaml.safe_load(standoff_yaml(so, "header")) == so
