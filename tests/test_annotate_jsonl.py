"""`annotate --format jsonl` (rows for other tools, offsets into the text as given) and
`evaluate` (the one scorer), on invented text and on the corpus; bad input is one error line."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from conftest import CORPUS, error_lines, run_cli

# Invented: no person, place or sentence of the corpus. Leading blank lines and a double space make
# the offsets into the text as given differ from those into the cleaned text.
STORY = ("\n\nCouncil cuts spark row\n\n"
         "Det Supt Ann Rowe said:  “We will not stand by while this happens.”\n\n"
         "“It is a scandal,” said Mr. Briggs, who runs the shop. “Nobody listened.”\n\n"
         "“We have a plan,” she said.\n\n"
         "Rowe added that the inquiry would take months.\n")


def _annotate(tmp_path: Path, rows: list[dict]) -> list[dict]:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = run_cli("annotate", str(src), "--format", "jsonl", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_rows_index_the_text_as_given_and_propose_speakers(tmp_path):
    (row,) = _annotate(tmp_path, [{"id": "story", "text": STORY}])
    assert row["id"] == "story"
    got = [(STORY[q["start"]:q["end"]], q["type"], q["speaker_id"],
            q["source"]["text"] if q["source"] else None) for q in row["quotes"]]
    assert got == [
        ("We will not stand by while this happens.", "direct", "ann-rowe", "Det Supt Ann Rowe"),
        ("It is a scandal,", "direct", "briggs", "Mr. Briggs"),
        # the second half of the split quote: same speaker, cue and source stay on the first
        ("Nobody listened.", "direct", "briggs", None),
        # 'she' skips Mr. Briggs (a title that says 'he') and reaches Det Supt Ann Rowe
        ("We have a plan,", "direct", "ann-rowe", "she"),
        ("the inquiry would take months", "indirect", "ann-rowe", "Rowe"),
    ]
    q0 = row["quotes"][0]
    assert (q0["start"], q0["end"]) == (q0["raw_start"], q0["raw_end"])
    assert q0["clean_start"] < q0["start"]  # the cleaned text lost the leading blank lines
    src = row["quotes"][1]["source"]
    assert STORY[src["start"]:src["end"]] == "Mr. Briggs"
    speakers = {s["speaker_id"]: s for s in row["speakers"]}
    assert speakers["ann-rowe"] == {
        "speaker_id": "ann-rowe", "name": "Ann Rowe", "kind": "person", "role": "Det Supt",
        "organisation": None, "aliases": ["Det Supt Ann Rowe", "she", "Rowe"], "proposed": True}
    assert speakers["briggs"]["name"] == "Briggs" and speakers["briggs"]["role"] == "Mr."
    assert row["figures"] == []


def test_folder_parquet_and_txt_give_the_same_rows(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    pq.write_table(pa.table({"id": ["story"], "text": [STORY]}), tmp_path / "c.parquet")
    outs = []
    for path in (folder, tmp_path / "c.parquet", folder / "story.txt"):
        out = tmp_path / f"out-{len(outs)}.jsonl"
        r = run_cli("annotate", str(path), "--format", "jsonl", "--out", str(out))
        assert r.returncode == 0, r.stderr
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0].splitlines()) == 1


def _corpus_collection(tmp_path: Path) -> Path:
    docs = yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            text = (CORPUS / "raw" / Path(d["raw_file"]).name).read_text(encoding="utf-8")
            fh.write(json.dumps({"id": d["id"], "text": text}) + "\n")
    return path


def test_evaluate_scores_the_pre_annotator_on_the_corpus(tmp_path):
    pred = tmp_path / "pred.jsonl"
    r = run_cli("annotate", str(_corpus_collection(tmp_path)), "--format", "jsonl", "--out",
                str(pred))
    assert r.returncode == 0, r.stderr
    r = run_cli("evaluate", "--gold", str(CORPUS), "--pred", str(pred), "--json")
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    q, f = res["spans"]["quotes"], res["spans"]["figures"]
    # the same counts scripts/preannotate_eval.py prints: 51 of 52 quotations, 40 of 40 figures
    assert (q["exact"]["gold"], q["exact"]["predicted"], q["exact"]["matched"]) == (52, 51, 51)
    assert (f["exact"]["gold"], f["exact"]["predicted"], f["exact"]["matched"]) == (40, 40, 40)
    assert res["spans"]["quotes/indirect"]["exact"]["matched"] == 11
    assert res["attributes"]["speaker id"] == {"agree": 50, "compared": 51, "share": 0.9804}
    assert res["attributes"]["source overlaps gold source"]["compared"] == 23
    assert res["missing"] == [] and res["unknown"] == []


def test_evaluate_gold_against_itself_is_perfect_and_a_shift_is_not(tmp_path):
    rows = [json.loads(line) for line in
            (Path(__file__).parent / "golden" / "rows" / "quotes.jsonl").read_text().splitlines()]
    by_doc: dict[str, list] = {}
    for q in rows:
        src = q["source"]
        by_doc.setdefault(q["doc_id"], []).append(
            {"start": q["raw_start"], "end": q["raw_end"], "type": q["type"],
             "speaker_id": q["speaker_id"],
             "source": src and {"start": src["raw_start"], "end": src["raw_end"]}})
    pred = tmp_path / "gold.jsonl"
    pred.write_text("".join(json.dumps({"id": d, "quotes": qs, "figures": []}) + "\n"
                            for d, qs in by_doc.items()), encoding="utf-8")
    res = json.loads(run_cli("evaluate", "--pred", str(pred), "--json").stdout)
    assert res["spans"]["quotes"]["exact"]["f1"] == 1.0
    assert res["attributes"]["speaker id"]["share"] == 1.0
    assert res["spans"]["figures"]["exact"]["recall"] == 0.0  # none predicted
    for qs in by_doc.values():
        for q in qs:
            q["start"] += 1  # one character off: no exact match, every overlap still found
    pred.write_text("".join(json.dumps({"id": d, "quotes": qs}) + "\n"
                            for d, qs in by_doc.items()), encoding="utf-8")
    res = json.loads(run_cli("evaluate", "--pred", str(pred), "--json").stdout)
    assert res["spans"]["quotes"]["exact"]["matched"] == 0
    assert res["spans"]["quotes"]["overlap"]["matched"] == 52


def test_annotate_bad_collections_are_one_error(tmp_path):
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"id": "a", "text": "caf\u00e9"}\n'.encode("latin-1"))
    no_text = tmp_path / "no_text.jsonl"
    no_text.write_text('{"id": "a", "body": "x"}\n', encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    cases = [(latin, "line 1: not UTF-8"), (no_text, "line 1: text: no `text` column"),
             (empty, "empty collection"), (broken, "not a readable Parquet file")]
    for path, expected in cases:
        out = tmp_path / "out.jsonl"
        lines = error_lines(run_cli("annotate", str(path), "--format", "jsonl", "--out", str(out)))
        assert len(lines) == 1 and str(path) in lines[0] and expected in lines[0], lines
        assert not out.exists()  # nothing half-written
    lines = error_lines(run_cli("annotate", str(latin), "--format", "csv"))
    assert lines == ["error: --format: unknown format 'csv'; use yaml or jsonl"]
    lines = error_lines(run_cli("annotate", str(no_text), "--format", "yaml"))
    assert len(lines) == 1 and "use --format jsonl" in lines[0]


def test_evaluate_bad_predictions_are_one_error(tmp_path):
    cases = {b"\xff\xfe\n": "line 1: not UTF-8", b"{not json\n": "line 1: not JSON",
             b'{"quotes": []}\n': "line 1: id: expected an object",
             b'{"id": "a", "quotes": [{"start": 5}]}\n': "a: quotes[0]: needs integer start",
             b"": "no predictions"}
    for data, expected in cases.items():
        pred = tmp_path / "p.jsonl"
        pred.write_bytes(data)
        lines = error_lines(run_cli("evaluate", "--pred", str(pred)))
        assert len(lines) == 1 and expected in lines[0], (data, lines)


def test_a_refused_annotate_leaves_the_previous_output_file_as_it_was(tmp_path):
    # The Spark path stages and checks every record before it starts Spark, so this bad input is
    # refused there too without Java; both engines once opened --out before the work.
    dup = tmp_path / "dup.jsonl"
    dup.write_text('{"id": "a", "text": "One."}\n{"id": "a", "text": "Two."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for engine in ("local", "spark"):
        out.write_text("previous run\n", encoding="utf-8")
        lines = error_lines(run_cli("annotate", str(dup), "--format", "jsonl", "--engine", engine,
                                    "--out", str(out)))
        assert len(lines) == 1 and "duplicate id" in lines[0] and str(dup) in lines[0], lines
        assert out.read_text(encoding="utf-8") == "previous run\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["dup.jsonl", "out.jsonl"]


def test_a_text_file_over_the_raw_size_limit_is_refused_before_reading(tmp_path):
    from polit_corpus.limits import MAX_RAW_BYTES

    big = tmp_path / "texts" / "big.txt"
    big.parent.mkdir()
    with big.open("wb") as fh:  # sparse: no 64 MiB written
        fh.truncate(MAX_RAW_BYTES + 1)
    for cmd in (["annotate", str(big.parent), "--format", "jsonl"],
                ["align", "--input", str(big.parent), "--out", str(tmp_path / "al")]):
        lines = error_lines(run_cli(*cmd))
        assert lines == [f"error: {big}: text file is {MAX_RAW_BYTES + 1:,} bytes; the limit is "
                         f"{MAX_RAW_BYTES:,} (limits.py)"], lines


def test_annotate_yaml_checks_its_out_before_reading_the_text(tmp_path):
    # the text is binary: were it read first, its error would be the one reported
    text = tmp_path / "story.txt"
    text.write_bytes(b"A\x00B")
    lines = error_lines(run_cli("annotate", str(text), "--out", str(tmp_path)))
    assert lines == [f"error: {tmp_path}: --out is a folder; give a file name"], lines
