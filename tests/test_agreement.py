"""Inter-annotator agreement: the measures themselves, and that the reported figures are the stored ones."""

from __future__ import annotations

import copy
import json
from dataclasses import asdict

import pytest

from conftest import CORPUS
from polit_corpus.agreement import cohen_kappa, compare, speaker_mapping
from polit_corpus.validate import validate_corpus

DOCS, _ = validate_corpus(CORPUS)
GOLD = {d.id: {"quotes": [asdict(q) for q in d.quotes], "figures": [asdict(f) for f in d.figures],
               "mentions": [asdict(m) for m in d.mentions]} for d in DOCS}
N_QUOTES = sum(len(d.quotes) for d in DOCS)
N_FIGURES = sum(len(d.figures) for d in DOCS)


def test_gold_against_itself_agrees_perfectly():
    r = compare(GOLD, GOLD)
    assert r["spans"]["quotes"]["exact"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0,
                                             "matched": N_QUOTES}
    assert r["spans"]["figures"]["exact"]["matched"] == N_FIGURES
    assert all(a["agreement"] in (1.0, None) for a in r["quote_attributes"].values())
    assert r["disagreements"] == []
    assert r["statistic_groups"]["member_pairs"]["f1"] == 1.0


def test_null_vs_null_pairs_are_excluded_and_counted():
    r = compare(GOLD, GOLD)
    src = r["quote_attributes"]["source span"]
    with_source = sum(q.source is not None for d in DOCS for q in d.quotes)
    assert src == {"pairs": N_QUOTES, "both_null_excluded": N_QUOTES - with_source,
                   "compared": with_source, "agree": with_source, "agreement": 1.0}


def test_a_missed_quote_a_moved_boundary_and_a_wrong_value_are_counted():
    other = copy.deepcopy(GOLD)
    other["cleveland-2018-12-21"]["quotes"].pop(0)
    fig = next(f for f in other["guardian-series-2019"]["figures"] if f["text"] == "more than 1,400")
    fig["value"] = 1500.0
    three = next(f for f in other["cleveland-2018-12-21"]["figures"] if f["text"] == "three years")
    three["start"] -= len("the last ")  # "the last three years": overlaps, not exact
    r = compare(GOLD, other)
    assert r["spans"]["quotes"]["exact"] == {"precision": 1.0, "recall": round((N_QUOTES - 1) / N_QUOTES, 4),
                                             "f1": round(2 * (N_QUOTES - 1) / (2 * N_QUOTES - 1), 4),
                                             "matched": N_QUOTES - 1}
    assert r["spans"]["figures"]["exact"]["matched"] == N_FIGURES - 1
    assert r["spans"]["figures"]["overlap"]["matched"] == N_FIGURES
    assert r["spans_per_type"]["figures/duration"]["exact"]["matched"] == 3
    value = r["figure_attributes"]["value"]
    assert (value["compared"], value["agree"]) == (value["pairs"] - value["both_null_excluded"],
                                                   value["compared"] - 1)
    kinds = sorted((d["layer"], d["attribute"]) for d in r["disagreements"])
    assert kinds == [("figures", "span boundary"), ("figures", "value"), ("quotes", "first_only")]


def test_speakers_are_compared_through_a_mapping_not_by_id():
    other = copy.deepcopy(GOLD)
    for d in other.values():
        for q in d["quotes"]:
            if q["speaker_id"]:
                q["speaker_id"] = "x-" + q["speaker_id"][::-1]
    r = compare(GOLD, other)
    assert r["quote_attributes"]["speaker"]["agreement"] == 1.0
    assert r["speakers"]["mapped"] == r["speakers"]["entities_first"]
    assert r["speakers"]["mapping"]["x-snilloc-oj"]["first"] == "jo-collins"


def test_speaker_mapping_is_one_to_one_by_cooccurrence():
    q = lambda s: {"speaker_id": s}  # noqa: E731
    pairs = [("d", q("a"), q("X")), ("d", q("a"), q("X")), ("d", q("b"), q("X")),
             ("d", q("b"), q("Y"))]
    m = speaker_mapping(pairs)
    assert {k: v["first"] for k, v in m.items()} == {"X": "a", "Y": "b"}
    assert m["X"]["cooccurrences"] == 2 and m["X"]["second_total"] == 3


def test_clusters_are_compared_as_groups_not_names():
    other = copy.deepcopy(GOLD)
    for d in other.values():
        for q in d["quotes"]:
            if q["quote_cluster"]:
                q["quote_cluster"] = "renamed-" + q["quote_cluster"]
    r = compare(GOLD, other)
    assert r["quote_clusters"]["identical_groups"] == r["quote_clusters"]["groups_first"] > 0


@pytest.mark.parametrize(("pairs", "kappa"), [
    ([("a", "a"), ("b", "b"), ("a", "b"), ("b", "a")], 0.0),
    ([("a", "a")] * 20 + [("b", "b")] * 15 + [("a", "b")] * 5 + [("b", "a")] * 10, 0.4),
    ([("a", "a")] * 3, None),  # one label only: chance agreement is 1, kappa undefined
])
def test_cohen_kappa(pairs, kappa):
    assert cohen_kappa(pairs) == kappa


def test_stored_agreement_is_what_the_measure_gives_now():
    """agreement.json's after_adjudication entry is reproducible from the files in the repository."""
    import subprocess
    import sys

    from conftest import ROOT

    stored = json.loads((CORPUS / "agreement.json").read_text(encoding="utf-8"))
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "agreement.py"), "--corpus",
                          str(CORPUS)], capture_output=True, text=True, check=True).stdout
    summary = json.loads(out[:out.index("\n}\n") + 3])
    for key in ("spans", "quote_attributes", "figure_attributes", "kappa", "speakers"):
        assert summary[key] == stored["after_adjudication"][key], key


def test_guidelines_section_5_shows_the_stored_measures_before_adjudication():
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("agreement_script", ROOT / "scripts" / "agreement.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    stored = json.loads((CORPUS / "agreement.json").read_text(encoding="utf-8"))
    tables = script.markdown(stored["before_adjudication"])
    section = (CORPUS / "GUIDELINES.md").read_text(encoding="utf-8").split("### 5.2", 1)[1]
    assert tables in section
    # The numbers are real, not a template: the blind pass disagreed on four statistic links.
    attr = stored["before_adjudication"]["figure_attributes"]["in a statistic"]
    assert (attr["compared"], attr["agree"]) == (24, 20)


def test_second_pass_kit_is_blind():
    """The kit's guidelines and instructions name no speaker id, cluster or statistic id of the
    first pass, and quote none of the first pass's annotated example sentences."""
    kit = CORPUS / "second_pass" / "kit"
    text = "\n".join((kit / n).read_text(encoding="utf-8") for n in ("GUIDELINES-blind.md",
                                                                     "INSTRUCTIONS.md"))
    ids = {q.speaker_id for d in DOCS for q in d.quotes if q.speaker_id}
    ids |= {q.quote_cluster for d in DOCS for q in d.quotes if q.quote_cluster}
    ids |= {f.statistic_id for d in DOCS for f in d.figures if f.statistic_id}
    assert not [i for i in ids if i in text]
    for name in ("Collins", "Essex", "Cleveland", "POLIT", "Barnett", "Harwin", "Bell"):
        assert name not in text
