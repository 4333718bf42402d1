"""Gold annotation semantics: each check fails on a broken standoff file with a located error."""

from __future__ import annotations

import pytest
import yaml

from conftest import CORPUS, validate_errors
from polit_corpus.validate import validate_corpus

DOCS, ERRORS = validate_corpus(CORPUS)
BY_ID = {d.id: d for d in DOCS}


def test_gold_corpus_is_valid_with_coverage_on():
    assert ERRORS == []


def anchor_text(anchor) -> str:
    return anchor if isinstance(anchor, str) else anchor["text"]


def edit(corpus, doc_id, change) -> None:
    path = corpus / "annotations" / f"{doc_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def figure_with(data, text):
    return next(f for f in data["figures"] if anchor_text(f["anchor"]) == text)


def test_wrong_anchor(corpus_copy):
    def change(d):
        d["quotes"][0]["anchor"] = "words nobody ever wrote"
    edit(corpus_copy, "guardian-series-2019", change)
    [line] = validate_errors(corpus_copy)
    assert "annotations/guardian-series-2019.yaml: guardian-series-2019: q1: anchor:" in line
    assert "anchor 'words nobody ever wrote' not found" in line


def test_ambiguous_anchor(corpus_copy):
    def change(d):
        d["mentions"][0]["anchor"] = "DI Collins"
    edit(corpus_copy, "guardian-series-2019", change)
    lines = validate_errors(corpus_copy)
    assert any("mentions[0]: anchor: anchor 'DI Collins' is ambiguous" in x for x in lines), lines


def test_unknown_speaker(corpus_copy):
    def change(d):
        d["quotes"][0]["speaker"] = "nobody-at-all"
    edit(corpus_copy, "cleveland-2018-12-21", change)
    lines = validate_errors(corpus_copy)
    assert any("q1: speaker: unknown speaker id 'nobody-at-all'" in x for x in lines), lines


def test_value_mismatch(corpus_copy):
    def change(d):
        figure_with(d, "312")["value"] = 300
    edit(corpus_copy, "essex-release-2020-01-31", change)
    [line] = validate_errors(corpus_copy)
    assert ": value: value 300 does not agree with text '312' (which states 312)" in line


def test_vague_value_must_be_null(corpus_copy):
    def change(d):
        figure_with(d, "thousands")["value"] = 1000
    edit(corpus_copy, "essex-release-2020-01-31", change)
    first, second = validate_errors(corpus_copy)
    assert "essex-release-2020-01-31: f6: value: text 'thousands' does not parse as a number" in first
    assert "f6: value_low: value 1000 below value_low 2000" in second


def test_continues_must_point_to_a_quote(corpus_copy):
    def change(d):
        seg = next(q for q in d["quotes"] if q.get("continues"))
        seg["continues"] = "q999"
    edit(corpus_copy, "essex-release-2020-01-31", change)
    lines = validate_errors(corpus_copy)
    assert any("continues: points to 'q999', not a quote of essex-release-2020-01-31" in x
               for x in lines), lines


def test_coverage_missing_figure(corpus_copy):
    def change(d):
        d["figures"] = [f for f in d["figures"] if anchor_text(f["anchor"]) != "253"]
    edit(corpus_copy, "cleveland-2018-12-21", change)
    [line] = validate_errors(corpus_copy)
    assert "coverage: numbers: number '253'" in line and "is in no figure" in line


def test_coverage_missing_quotation(corpus_copy):
    def change(d):
        d["quotes"] = [q for q in d["quotes"] if not anchor_text(q["anchor"]).startswith(
            "Investigating sexual offences")]
    edit(corpus_copy, "cleveland-2018-12-21", change)
    dangling, marks = validate_errors(corpus_copy)
    # the opening mark of the removed segment is now unexplained ...
    assert "coverage: quote_marks: quotation mark '“' at 1743 bounds no quotation" in marks
    # ... and the next segment continues a quote that no longer exists
    assert "q7: continues: points to 'q6', not a quote of cleveland-2018-12-21" in dangling


@pytest.mark.parametrize("doc_id", sorted(BY_ID))
def test_every_span_slices_the_text(doc_id):
    d = BY_ID[doc_id]
    for q in d.quotes:
        assert d.text[q.start:q.end] == q.text
        assert d.raw[q.raw_start:q.raw_end] == q.text
        for s in (q.cue, q.source):
            if s:
                assert d.text[s.start:s.end] == s.text == d.raw[s.raw_start:s.raw_end]
    for f in d.figures:
        assert d.text[f.start:f.end] == f.text == d.raw[f.raw_start:f.raw_end]


def change_figure(corpus, doc_id, text, **values):
    def change(d):
        figure_with(d, text).update(values)
    edit(corpus, doc_id, change)


@pytest.mark.parametrize(("doc_id", "text", "values", "message"), [
    ("essex-release-2020-01-31", "Almost one", {"approximation": "exact"},
     "f1: approximation: 'exact' but the text 'Almost one' states 'approximately'"),
    ("cleveland-2018-12-21", "over 700", {"approximation": "exact", "value_low": None},
     "f1: approximation: 'exact' but the text 'over 700' states 'more_than'"),
    ("cleveland-2018-12-21", "over 700", {"value_low": None},
     "f1: value_low: more_than 700 needs value_low 700 and value_high None, not None and None"),
    ("cleveland-2018-12-21", "over 700", {"unit": "year"},
     "f1: unit: 'year' but the text 'over 700' names no such unit"),
    ("guardian-series-2019", "19 years", {"unit": "month"},
     "f13: unit: 'month' but the text '19 years' measures in 'year'"),
])
def test_wording_decides_approximation_bounds_and_unit(corpus_copy, doc_id, text, values, message):
    change_figure(corpus_copy, doc_id, text, **values)
    lines = validate_errors(corpus_copy)
    assert any(message in x for x in lines), lines


def test_period_dates_must_be_real_and_in_order(corpus_copy):
    def change(d):
        figure_with(d, "253")["period"].update(start="2015-13")
        figure_with(d, "over 350")["period"].update(start="2019-12")
    edit(corpus_copy, "cleveland-2018-12-21", change)
    lines = validate_errors(corpus_copy)
    assert any("f4: period.start: '2015-13' is not a real date" in x for x in lines), lines
    assert any("f5: period.end: period ends (2018-12-21) before it starts (2019-12)" in x
               for x in lines), lines


@pytest.mark.parametrize(("change_quote", "message"), [
    ({"continues": "q1"}, "q10: continues: q1 is closed (it does not run to the end of its paragraph)"),
    ({"speaker": "maria-barnett"}, "q10: continues: speaker 'maria-barnett' differs from q9's"),
    ({"continues": "q4"}, "q10: continues: q4 is in paragraph 12, not the one before (21)"),
])
def test_continuation_must_follow_an_open_segment_of_the_same_speaker(corpus_copy, change_quote,
                                                                      message):
    def change(d):
        next(q for q in d["quotes"] if q["id"] == "q10").update(change_quote)
    edit(corpus_copy, "guardian-series-2019", change)
    lines = validate_errors(corpus_copy)
    assert any(message in x for x in lines), lines


def test_nested_quotation_must_lie_inside_its_outer_one(corpus_copy):
    def change(d):
        next(q for q in d["quotes"] if q["id"] == "q11")["nested_in"] = "q1"
    edit(corpus_copy, "guardian-series-2019", change)
    [line] = validate_errors(corpus_copy)
    assert "guardian-series-2019: q11: nested_in: lies outside q1" in line


def test_a_statistic_id_used_once_is_named_with_its_file_and_figure(corpus_copy):
    change_figure(corpus_copy, "cleveland-2018-12-21", "253", statistic_id="lonely")
    [line] = validate_errors(corpus_copy)
    assert line == (f"error: {corpus_copy}/annotations/cleveland-2018-12-21.yaml: "
                    "cleveland-2018-12-21: f4: statistic_id: 'lonely' is used only once; set it to "
                    "null or link the other mentions")


def test_every_mention_is_an_alias_of_its_speaker(corpus_copy):
    """speakers.yaml lists every surface form seen; a new one must be added there."""
    def change(d):
        d["mentions"].append({"speaker": "steve-bell", "anchor": "POLIT works closely"})
    edit(corpus_copy, "cleveland-2018-12-21", change)
    [line] = validate_errors(corpus_copy)
    assert line.endswith("'POLIT works closely' is not among the aliases of 'steve-bell' in "
                         "speakers.yaml; add it there")


def test_every_alias_is_the_text_of_some_mention(corpus_copy):
    """The other direction: an alias no mention uses makes speakers.yaml's claim false."""
    path = corpus_copy / "speakers.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "aliases: [Maria Barnett]", "aliases: [Maria Barnett, Ms Barnett]"), encoding="utf-8")
    [line] = validate_errors(corpus_copy)
    assert line == (f"error: {corpus_copy}/speakers.yaml: maria-barnett: aliases: aliases "
                    "['Ms Barnett'] are the text of no mention of this speaker; aliases list "
                    "exactly the mentions' surface forms")


def test_a_speaker_who_speaks_no_quotation_is_refused(corpus_copy):
    path = corpus_copy / "speakers.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "  - speaker_id: nobody\n    name: Nobody\n    kind: person\n    role: null\n"
        "    organisation: null\n    aliases: []\n"), encoding="utf-8")
    [line] = validate_errors(corpus_copy)
    assert line == (f"error: {corpus_copy}/speakers.yaml: nobody: speaker_id: speaks no quotation "
                    "in any document; speakers.yaml lists only speakers")


def test_rules_of_guidelines_section_1_and_2_hold_in_the_gold():
    """Source extent (no post-modifier), context reach (headline fragments have no speaker),
    one label for the 'one of the ...' partitive, and mentions without non-source pronouns."""
    cleveland, eadt, guardian = (BY_ID[i] for i in ("cleveland-2018-12-21", "eadt-2020-01-31",
                                                    "guardian-series-2019"))
    assert {q.source.text for q in cleveland.quotes if q.source} == {
        "Police", "Figures", "Detective Inspector Steve Bell", "Assistant Chief Constable Jason Harwin"}
    assert [q.speaker_id for q in eadt.quotes if q.type == "fragment"] == [None, None]
    assert [m.text for m in guardian.mentions if m.speaker_id == "essex-polit-sergeant"] == [
        "One of my sergeants", "His"]
    for doc_id in BY_ID:
        standoff = yaml.safe_load((CORPUS / "annotations" / f"{doc_id}.yaml").read_text("utf-8"))
        partitives = [e for e in standoff["exceptions"]["numbers"]
                      if anchor_text(e["anchor"]).lower().startswith("one of")]
        assert all(e["reason"] == "pronoun" for e in partitives), doc_id


def test_every_hedge_in_the_shared_table_reads_back_as_its_approximation():
    """The pre-annotator folds these words into spans; the validator must read each the same."""
    from polit_corpus.annotate import HEDGE_WORDS, stated_approximation

    for words, approximation in HEDGE_WORDS:
        assert stated_approximation(f"{words} 50") == approximation, words


def test_check_document_names_the_field_path_of_a_broken_span():
    """A span whose offsets no longer slice its text is reported at its dotted path."""
    from dataclasses import replace

    from polit_corpus.validate import check_document

    docs, errors = validate_corpus(CORPUS)
    assert errors == []
    doc = next(d for d in docs if len(d.quotes) > 3 and any(q.cue for q in d.quotes))
    k = next(i for i, q in enumerate(doc.quotes) if q.cue is not None)
    q = doc.quotes[k]
    bad_cue = replace(q.cue, start=q.cue.start + 1, end=q.cue.end + 1)
    quotes = (*doc.quotes[:k], replace(q, cue=bad_cue), *doc.quotes[k + 1:])
    found = check_document(replace(doc, quotes=quotes), "documents.yaml")
    lo, hi = bad_cue.start, bad_cue.end
    assert [(e.field, e.message.split(" != ")[0]) for e in found] == [
        (f"quotes[{k}].cue", f"span text {q.cue.text!r}"),
        (f"quotes[{k}].cue", f"raw offsets {q.cue.raw_start}:{q.cue.raw_end} do not map to "
                             f"clean offsets {lo}:{hi}")]


def test_check_document_proves_verbatim_spans_and_still_reports_a_shifted_raw_span():
    """The vectorised pre-check lets no broken span through: on the valid corpus it leaves the
    exact checks only the few spans that are not copied verbatim (a rejoined line break, a
    composed character), and a quote whose raw offsets are shifted by one (its clean text still
    right) is reported exactly as before."""
    from dataclasses import replace

    from polit_corpus.records import document_record
    from polit_corpus.validate import _spans, _suspect_spans, check_document

    docs, errors = validate_corpus(CORPUS)
    assert errors == []
    for d in docs:
        spans = list(_spans(document_record(d)))
        assert len(spans) > 10
        suspects = _suspect_spans(document_record(d), d)
        assert len(suspects) * 10 < len(spans)
        assert all(sp["text"] != d.raw[sp["raw_start"]:sp["raw_end"]]
                   for _, sp in suspects)  # none of them copied verbatim
        assert check_document(d, "documents.yaml") == []
    doc = max(docs, key=lambda d: len(d.quotes))
    q = doc.quotes[2]
    moved = replace(q, raw_start=q.raw_start + 1, raw_end=q.raw_end + 1)
    bad = replace(doc, quotes=(*doc.quotes[:2], moved, *doc.quotes[3:]))
    found = check_document(bad, "documents.yaml")
    assert [(e.field, e.message) for e in found] == [
        ("quotes[2]", f"raw offsets {q.raw_start + 1}:{q.raw_end + 1} do not map to clean "
                      f"offsets {q.start}:{q.end}")]
