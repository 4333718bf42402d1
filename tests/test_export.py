"""Exports: brat read back with an independent parser (pybrat), CoNLL columns, JSONL records."""

from __future__ import annotations

import json

import pytest
from pybrat.parser import BratParser

from conftest import CORPUS, run_cli
from polit_corpus.validate import validate_corpus

DOCS, ERRORS = validate_corpus(CORPUS)
BY_ID = {d.id: d for d in DOCS}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    assert ERRORS == []
    root = tmp_path_factory.mktemp("export")
    for fmt in ("brat", "conll", "jsonl"):
        r = run_cli("export", "--format", fmt, "--corpus", str(CORPUS), "--out", str(root / fmt))
        assert r.returncode == 0, r.stderr
    return root


def test_brat_spans_read_back_equal_the_text(exported):
    examples = BratParser(error="raise").parse(str(exported / "brat"))
    assert sorted(e.id for e in examples) == sorted(BY_ID)
    for ex in examples:
        doc = BY_ID[ex.id]
        assert ex.text == doc.text
        for ent in ex.entities:
            assert ex.text[ent.start:ent.end] == ent.mention, (ex.id, ent.id)
        by_type: dict[str, set] = {}
        for ent in ex.entities:
            by_type.setdefault(ent.type, set()).add((ent.start, ent.end))
        assert by_type.get("Quote", set()) == {(q.start, q.end) for q in doc.quotes}
        assert by_type.get("Figure", set()) == {(f.start, f.end) for f in doc.figures}
        assert by_type.get("Cue", set()) == {(q.cue.start, q.cue.end) for q in doc.quotes if q.cue}
        assert by_type.get("Counted", set()) == {(f.counted.start, f.counted.end)
                                                 for f in doc.figures if f.counted}
        cues = {(r.arg1.start, r.arg1.end, r.arg2.start) for r in ex.relations if r.type == "HasCue"}
        assert cues == {(q.start, q.end, q.cue.start) for q in doc.quotes if q.cue}


def test_brat_attributes_and_notes(exported):
    ann = (exported / "brat" / "essex-release-2020-01-31.ann").read_text(encoding="utf-8")
    doc = BY_ID["essex-release-2020-01-31"]
    attrs = [line.split("\t")[1] for line in ann.splitlines() if line.startswith("A")]
    assert sum(a.startswith("QuoteType ") for a in attrs) == len(doc.quotes)
    assert sum(a.startswith("Category ") for a in attrs) == len(doc.figures)
    notes = [line for line in ann.splitlines() if line.startswith("#")]
    assert any("value=312.0" in n for n in notes)
    conf = (exported / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "QuoteType\tArg:Quote, Value:direct|indirect|fragment" in conf


def test_conll_columns_and_bio(exported):
    lines = (exported / "conll" / "polit-corpus.conll").read_text(encoding="utf-8").splitlines()
    doc = None
    begins = {"quote": 0, "figure": 0}
    for line in lines:
        if line.startswith("# doc_id = "):
            doc = BY_ID[line.removeprefix("# doc_id = ")]
            continue
        if not line or line.startswith("#"):
            continue
        token, start, end, quote, cue, source, figure = line.split("\t")
        assert doc.text[int(start):int(end)] == token
        for col in (quote, cue, source, figure):
            assert col == "O" or col[:2] in ("B-", "I-")
        begins["quote"] += quote.startswith("B-")
        begins["figure"] += figure.startswith("B-")
    # every figure starts a B- (figures never overlap); nested quotes show as their outer quote
    assert begins["figure"] == sum(len(d.figures) for d in DOCS)
    nested = sum(1 for d in DOCS for q in d.quotes if q.nested_in)
    assert begins["quote"] == sum(len(d.quotes) for d in DOCS) - nested


def test_jsonl_documents(exported):
    rows = [json.loads(line) for line in
            (exported / "jsonl" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == sorted(BY_ID)
    for r in rows:
        assert r["text"] == BY_ID[r["id"]].text
        for q in r["quotes"]:
            assert r["text"][q["start"]:q["end"]] == q["text"]


def test_unknown_format_is_one_error(tmp_path):
    r = run_cli("export", "--format", "xml", "--out", str(tmp_path))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        "error: --format: unknown format 'xml'; choose one of brat, conll, jsonl"]
