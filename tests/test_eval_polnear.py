"""The PolNeAR gold mapping of scripts/eval_polnear.py, on an invented brat file (no PolNeAR
text): content fragments that only spaces separate are one span, others stay apart; the
doubled apostrophe '' is a quotation mark when a span is typed; --old-mapping keeps both as
they were."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "eval_polnear.py"
spec = importlib.util.spec_from_file_location("eval_polnear", SCRIPT)
ev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ev)

TEXT = "“We will go. We will win,” Jo Bell said. “Soon.”"


def _ann(tmp_path: Path) -> Path:
    # content selected in three pieces: “We will go. | We will win,” | “Soon.”
    p = tmp_path / "x.ann"
    p.write_text("T1\tSource 27 34\tJo Bell\nT2\tCue 35 39\tsaid\n"
                 "T3\tContent 0 12;13 26;41 48\t“We will go. We will win,” “Soon.”\n"
                 "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n", encoding="utf-8")
    return p


def test_fragments_with_a_space_between_are_one_span(tmp_path):
    rows = ev.read_ann(_ann(tmp_path), TEXT)
    assert [(TEXT[r["start"]:r["end"]], r["type"]) for r in rows] == [
        ("“We will go. We will win,”", "direct"), ("“Soon.”", "direct")]
    assert rows[0]["source"] == {"start": 27, "end": 34} and rows[0]["speech"] is True


def test_old_mapping_keeps_fragments_as_given(tmp_path):
    rows = ev.read_ann(_ann(tmp_path), TEXT, old=True)
    assert [TEXT[r["start"]:r["end"]] for r in rows] == ["“We will go.", "We will win,”", "“Soon.”"]


def test_doubled_apostrophes_are_a_quotation_mark():
    # the New York Times texts write “ ” as ''
    span = "that the plan was ''a waste of money and time''"
    assert ev._kind(span) == "direct"
    assert ev._kind(span, old=True) == "indirect"
    assert ev._kind("that the plan was a waste, ''he said''") == "indirect"


def test_a_content_filling_a_quoted_paragraph_after_its_label_is_direct(tmp_path):
    text = 'Transcript:\n\n"HOST: Will the quay reopen?\n\nShe said the quay will reopen.'
    s = text.index("Will")
    p = tmp_path / "t.ann"
    p.write_text(f"T1\tSource 14 18\tHOST\nT2\tCue 18 19\t:\nT3\tContent {s} {s + 21}\tWill the "
                 "quay reopen?\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
                 "T4\tSource 43 46\tShe\nT5\tCue 47 51\tsaid\nT6\tContent 52 72\tthe quay will "
                 "reopen\nE2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n", encoding="utf-8")
    assert text[14:18] == "HOST" and text[52:72] == "the quay will reopen"
    rows = ev.read_ann(p, text)
    assert [(text[r["start"]:r["end"]], r["type"]) for r in rows] == [
        ("Will the quay reopen?", "direct"), ("the quay will reopen", "indirect")]
    # without the rule (and in the old mapping) the label keeps the content from the mark
    assert [r["type"] for r in ev.read_ann(p, text, paragraphs=False)] == ["indirect", "indirect"]
    assert [r["type"] for r in ev.read_ann(p, text, old=True)] == ["indirect", "indirect"]
