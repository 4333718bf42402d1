"""Exports, read back by independent readers: brat with pybrat (PolNeAR's attribution
convention), CoNLL IOB2 with seqeval, MeasEval TSV with pandas under the MeasEval validator's
rules, and the JSONL records."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict

import pandas as pd
import pytest
from pybrat.parser import BratParser
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, Entities

from conftest import CORPUS, run_cli
from polit_corpus.validate import validate_corpus

DOCS, ERRORS = validate_corpus(CORPUS)
BY_ID = {d.id: d for d in DOCS}
N_QUOTES = sum(len(d.quotes) for d in DOCS)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    assert ERRORS == []
    root = tmp_path_factory.mktemp("export")
    r = run_cli("export", "--corpus", str(CORPUS), "--out", str(root))
    assert r.returncode == 0, r.stderr
    return root


def test_each_format_in_its_own_folder(exported, tmp_path):
    assert sorted(p.name for p in exported.iterdir()) == ["brat", "conll", "jsonl", "measeval"]
    r = run_cli("export", "--format", "conll", "--corpus", str(CORPUS), "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["conll"]


# --- brat -------------------------------------------------------------------------------------


def ann_lines(exported, doc_id: str) -> list[list[str]]:
    text = (exported / "brat" / f"{doc_id}.ann").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()]


def test_brat_spans_read_back_with_pybrat(exported):
    # PolNeAR puts the Attribution trigger on the cue's own span; pybrat's strict mode refuses two
    # annotations on one span (PolNeAR's own files too), so it reads in its lenient mode here.
    examples = BratParser(error="ignore").parse(str(exported / "brat"))
    assert sorted(e.id for e in examples) == sorted(BY_ID)
    for ex in examples:
        doc = BY_ID[ex.id]
        assert ex.text == doc.text
        for ent in ex.entities:
            assert ex.text[ent.start:ent.end] == ent.mention, (ex.id, ent.id)
        by_type: dict[str, set] = {}
        for ent in ex.entities:
            by_type.setdefault(ent.type, set()).add((ent.start, ent.end))
        assert by_type.get("Content", set()) == {(q.start, q.end) for q in doc.quotes}
        assert by_type.get("Cue", set()) == {(q.cue.start, q.cue.end) for q in doc.quotes if q.cue}
        assert by_type.get("Source", set()) == {(q.source.start, q.source.end)
                                                for q in doc.quotes if q.source}
        assert by_type.get("Quantity", set()) == {(f.start, f.end) for f in doc.figures}
        assert by_type.get("MeasuredEntity", set()) == {(f.counted.start, f.counted.end)
                                                       for f in doc.figures if f.counted}
        events = [line for line in ann_lines(exported, ex.id) if line[0].startswith("E")]
        assert len(ex.events) == len(events)
        measured = {(r.arg1.start, r.arg2.start) for r in ex.relations if r.type == "HasQuantity"}
        assert measured == {(f.counted.start, f.start) for f in doc.figures if f.counted}


def test_brat_relation_for_every_attributed_quotation(exported):
    attributed = 0
    for doc in DOCS:
        lines = ann_lines(exported, doc.id)
        spans = {t[0]: tuple(int(x) for x in t[1].split()[1:3]) for t in lines if t[0].startswith("T")}
        labels = {t[0]: t[1].split()[0] for t in lines if t[0].startswith("T")}
        attrs = {(a[1].split()[0], a[1].split()[1]): a[1].split()[2:] for a in lines
                 if a[0].startswith("A")}
        norms = {n[1].split()[1]: n[1].split()[2] for n in lines if n[0].startswith("N")}
        content_event: dict[tuple[int, int], list] = {}
        for e in (line for line in lines if line[0].startswith("E")):
            eid = e[0]
            head, *args = e[1].split()
            label, trigger = head.split(":")
            roles = dict(a.split(":") for a in args)
            assert label == ("Attribution" if "Source" in roles else "Attribution-no-source")
            assert labels[trigger] == label
            if "Cue" in roles:  # PolNeAR: the trigger is the cue's span
                assert spans[trigger] == spans[roles["Cue"]]
            for role, tid in roles.items():
                assert labels[tid] == re.sub(r"\d+$", "", role), (doc.id, eid, role)
                if role.startswith("Content"):
                    content_event.setdefault(spans[tid], []).append((eid, roles, trigger))
        for q in doc.quotes:
            found = content_event[(q.start, q.end)]
            assert len(found) == 1, (doc.id, q.quote_id)
            eid, roles, trigger = found[0]
            if q.speaker_id:
                attributed += 1
                assert attrs[("Speaker", eid)] == [q.speaker_id]
                assert norms[trigger] == f"polit-speakers:{q.speaker_id}"
                if "Source" in roles:
                    assert norms[roles["Source"]] == f"polit-speakers:{q.speaker_id}"
            if q.cue and q.continues is None:
                assert spans[roles["Cue"]] == (q.cue.start, q.cue.end)
            if q.source and q.continues is None:
                assert spans[roles["Source"]] == (q.source.start, q.source.end)
            if q.continues is None:  # the chain's first segment gives the attribution's type
                assert attrs[("QuoteType", eid)] == [q.type]
    assert attributed == sum(1 for d in DOCS for q in d.quotes if q.speaker_id) > 0


def test_brat_figures_carry_value_and_unit(exported):
    conf = (exported / "brat" / "annotation.conf").read_text(encoding="utf-8")
    declared = {}
    for line in conf.split("[attributes]")[1].strip().splitlines():
        name, spec = line.split("\t")
        values = re.search(r"Value:(\S+)", spec)
        declared[name] = set(values.group(1).split("|")) if values else None
    for doc in DOCS:
        lines = ann_lines(exported, doc.id)
        spans = {t[0]: tuple(int(x) for x in t[1].split()[1:3]) for t in lines if t[0].startswith("T")
                 and t[1].startswith("Quantity ")}
        got: dict[tuple[int, int], dict] = {}
        for a in (line for line in lines if line[0].startswith("A")):
            name, target, *value = a[1].split()
            assert name in declared and (declared[name] is None or value[0] in declared[name])
            if target in spans:
                got.setdefault(spans[target], {})[name] = value[0] if value else True
        for f in doc.figures:
            a = got[(f.start, f.end)]
            assert a["Unit"] == f.unit and a["Approximation"] == f.approximation
            assert a["Category"] == f.category
            if f.value is None:
                assert "Value" not in a
            else:
                assert float(a["Value"]) == f.value
            if f.value_low is not None:
                assert float(a["ValueLow"]) == f.value_low
        notes = [json.loads(n[2]) for n in lines if n[0].startswith("#") and n[2].startswith("{")]
        assert notes == [json.loads(json.dumps(asdict(f))) for f in doc.figures]


# --- CoNLL ----------------------------------------------------------------------------------


def read_conll(path):
    """[(doc index, [[token, labels...] per token] per sentence)], as the usual readers do."""
    docs, sentence = [], []
    columns = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            columns = len(line.split()) - 1
            docs.append([])
            continue
        if not line.strip():
            if sentence:
                docs[-1].append(sentence)
            sentence = []
            continue
        parts = line.split(" ")
        assert len(parts) == columns + 1, line
        sentence.append(parts)
    if sentence:
        docs[-1].append(sentence)
    return docs


def test_conll_iob2_read_by_seqeval(exported):
    folder = exported / "conll"
    layers = (folder / "columns.txt").read_text(encoding="utf-8").split()[1:]
    assert layers == ["QUOTE", "NESTED_QUOTE", "CUE", "SOURCE", "FIGURE", "COUNTED"]
    docs = read_conll(folder / "polit-corpus.conll")
    offsets = [line.split("\t") for line in
               (folder / "tokens.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert len(docs) == len(DOCS)
    flat = [tok for doc in docs for sent in doc for tok in sent]
    assert len(flat) == len(offsets)
    for tok, (doc_id, start, end, token) in zip(flat, offsets, strict=True):
        assert tok[0] == token == BY_ID[doc_id].text[int(start):int(end)]
    order = list(dict.fromkeys(o[0] for o in offsets))
    assert order == sorted(BY_ID)
    counts: dict[str, Counter] = {name: Counter() for name in layers}
    tok_iter = iter(offsets)
    for doc_id, doc in zip(order, docs, strict=True):
        for sent in doc:
            offs = [next(tok_iter) for _ in sent]
            for k, name in enumerate(layers, start=1):
                seq = [t[k] for t in sent]
                Entities([seq], IOB2)  # strict IOB2: raises on a malformed sequence
                for etype, s, e in get_entities(seq):
                    counts[name][(doc_id, etype, int(offs[s][1]), int(offs[e][2]))] += 1
    quotes = counts["QUOTE"] + counts["NESTED_QUOTE"]
    assert sum(quotes.values()) == N_QUOTES == 52  # nothing dropped: nested quotes too
    assert sum(counts["NESTED_QUOTE"].values()) == sum(1 for d in DOCS for q in d.quotes if q.nested_in) > 0
    toks: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end, _ in offsets:
        toks.setdefault(doc_id, []).append((int(start), int(end)))
    expected = Counter()
    for d in DOCS:  # each quotation is one entity of its type over exactly the tokens it touches
        for q in d.quotes:
            inside = [(s, e) for s, e in toks[d.id] if s < q.end and e > q.start]
            expected[(d.id, q.type, inside[0][0], inside[-1][1])] += 1
    assert quotes == expected
    assert sum(counts["FIGURE"].values()) == sum(len(d.figures) for d in DOCS)
    assert sum(counts["COUNTED"].values()) == len({(d.id, f.counted.start) for d in DOCS
                                                   for f in d.figures if f.counted})
    assert sum(counts["CUE"].values()) == len({(d.id, q.cue.start) for d in DOCS for q in d.quotes
                                               if q.cue})
    assert sum(counts["SOURCE"].values()) == len({(d.id, q.source.start) for d in DOCS
                                                  for q in d.quotes if q.source})


# --- MeasEval -------------------------------------------------------------------------------

MODS = {"IsCount", "IsApproximate", "IsMeanHasTolerance", "IsMedian", "IsList", "IsRangeHasTolerance",
        "IsMean", "IsRange", "HasTolerance", "IsMeanIsRange", "IsMeanHasSD"}


def test_measeval_tsv_has_every_figure(exported):
    folder = exported / "measeval"
    total = 0
    for doc in DOCS:
        path = folder / "tsv" / f"{doc.id}.tsv"
        text = (folder / "text" / f"{doc.id}.txt").read_text(encoding="utf-8")
        assert text == doc.text
        df = pd.read_csv(path, sep="\t", keep_default_na=False)  # as MeasEval's scorer reads it
        assert list(df.columns) == ["docId", "annotSet", "annotType", "startOffset", "endOffset",
                                    "annotId", "text", "other"]
        quantities = df[df.annotType == "Quantity"]
        assert len(quantities) == len(doc.figures)
        total += len(quantities)
        assert sorted(zip(quantities.startOffset, quantities.endOffset, strict=True)) == \
            sorted((f.start, f.end) for f in doc.figures)
        assert len(df[df.annotType == "MeasuredEntity"]) == sum(1 for f in doc.figures if f.counted)
        ids = {}
        for row in df.itertuples():
            # the MeasEval validator's rules
            assert row.docId == doc.id and row.annotType in {"Quantity", "MeasuredEntity"}
            assert re.fullmatch(r"T?\d*-?\d+", row.annotId)
            assert text[row.startOffset:row.endOffset] == row.text
            other = json.loads(row.other) if row.other else {}
            if row.annotType == "Quantity":
                assert set(other) <= {"mods", "unit"} and set(other.get("mods", [])) <= MODS
                ids[row.annotId] = row.annotSet
            else:
                assert set(other) == {"HasQuantity"}
                assert ids[other["HasQuantity"]] == row.annotSet
        assert not df.duplicated(["annotSet", "annotId"]).any()
        by_span = {(r.startOffset, r.endOffset): json.loads(r.other) if r.other else {}
                   for r in quantities.itertuples()}
        for f in doc.figures:
            mods = by_span[(f.start, f.end)].get("mods", [])
            assert ("IsCount" in mods) == (f.unit == "count")
            assert ("IsApproximate" in mods) == (f.approximation in ("approximately", "vague"))
    assert total == sum(len(d.figures) for d in DOCS)
    side = [json.loads(line) for line in (folder / "figures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(side) == total
    for rec in side:  # every field of the figure record passes through
        f = next(x for x in BY_ID[rec["docId"]].figures if x.figure_id == rec["figure_id"])
        assert {k: v for k, v in rec.items() if k not in ("docId", "annotSet", "annotId")} == \
            json.loads(json.dumps(asdict(f)))


# --- JSONL and errors -----------------------------------------------------------------------


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
        "error: --format: unknown format 'xml'; choose one of brat, conll, measeval, jsonl or all"]
