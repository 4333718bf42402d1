"""`align --input`: collections in, passages.parquet (the alignments config's schema and features)
and reuse.parquet out, on the local engine; bad collections get one error line and exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import error_lines, run_cli
from polit_corpus.features import features_for

# invented texts: a release, a verbatim copy with a new last sentence, an unrelated text
RELEASE = ("A man has been charged after a van was stolen from a yard in the north of the county on "
           "Tuesday night.\n\nOfficers stopped the van on the main road two hours later and the "
           "driver was arrested at the scene.")
COPY = RELEASE + "\n\nHe will appear before magistrates next month."
OTHER = ("The council will open a new library in the spring, with longer opening hours and a "
         "room for local groups to meet in.")


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _rows() -> list[dict]:
    return [{"id": "copy", "text": COPY, "date": "2021-03-04", "time": "09:30"},
            {"id": "release", "text": RELEASE, "date": "2021-03-04", "time": "08:15"},
            {"id": "other", "text": OTHER, "date": "2021-03-01"}]


def test_jsonl_collection_gives_passages_and_reuse(tmp_path):
    out = tmp_path / "out"
    r = run_cli("align", "--input", str(_jsonl(tmp_path / "c.jsonl", _rows())), "--out", str(out))
    assert r.returncode == 0, r.stderr
    table = pq.read_table(out / "passages.parquet")
    assert datasets.Features.from_arrow_schema(table.schema) == features_for("alignment")
    rows = table.to_pylist()
    # the earlier by time (08:15) is the source; both paragraphs come over verbatim, each
    # without its full stop (passages start and end on tokens)
    p2 = RELEASE.index("Officers")
    assert (RELEASE[p2 - 3], p2, len(RELEASE)) == (".", 104, 203)
    assert [(p["source_doc"], p["target_doc"], p["source_start"], p["source_end"],
             p["target_start"], p["target_end"], p["kind"], p["similarity"]) for p in rows] == [
        ("release", "copy", 0, 101, 0, 101, 0, 1.0), ("release", "copy", 104, 202, 104, 202, 0, 1.0)]
    assert rows[0]["target_text"] == COPY[:101] == rows[0]["source_text"]
    reuse = pq.read_table(out / "reuse.parquet").to_pylist()
    assert [r["doc_id"] for r in reuse] == ["other", "release", "copy"]  # publication order
    copy = reuse[2]
    assert copy["reuse_class"] == "wholly_derived" and copy["derived_from"] == ["release"]
    # covered: the release's characters less its two full stops
    share = (sum(not c.isspace() for c in RELEASE) - 2) / sum(not c.isspace() for c in COPY)
    assert copy["reuse_share"] == pytest.approx(share, abs=1e-4)
    assert copy["shares"] == [{"source_doc": "release", "share": copy["reuse_share"]}]
    assert reuse[0] == {"doc_id": "other", "reuse_share": 0.0, "reuse_class": "non_derived",
                        "derived_from": [], "shares": []}


def test_folder_and_parquet_collections_match_jsonl(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for row in _rows():
        (folder / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    r = run_cli("align", "--input", str(folder), "--out", str(tmp_path / "f"))
    assert r.returncode == 0, r.stderr
    # no dates in a folder: order by id, so "copy" is the source of "release"
    rows = pq.read_table(tmp_path / "f" / "passages.parquet").to_pylist()
    assert {(p["source_doc"], p["target_doc"]) for p in rows} == {("copy", "release")}
    pq.write_table(pa.Table.from_pylist(_rows()), tmp_path / "c.parquet")
    r = run_cli("align", "--input", str(tmp_path / "c.parquet"), "--out", str(tmp_path / "p"))
    assert r.returncode == 0, r.stderr
    r = run_cli("align", "--input", str(_jsonl(tmp_path / "c.jsonl", _rows())), "--out",
                str(tmp_path / "j"))
    assert r.returncode == 0, r.stderr
    for name in ("passages.parquet", "reuse.parquet"):
        assert pq.read_table(tmp_path / "p" / name).equals(pq.read_table(tmp_path / "j" / name))


@pytest.mark.parametrize(("rows", "expected"), [
    ([{"id": "a", "body": "x"}], "c.jsonl: line 1: text: no `text` column"),
    ([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], "c.jsonl: a: id: duplicate id"),
    ([{"id": "a", "text": "x", "date": "4 March 2021"}],
     "c.jsonl: a: date: not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): '4 March 2021'"),
    ([{"id": "a", "text": "x", "date": "2021-02-30"}], "c.jsonl: a: date: impossible date"),
    ([], "c.jsonl: empty collection: no records"),
])
def test_bad_collection_one_error_line(tmp_path, rows, expected):
    r = run_cli("align", "--input", str(_jsonl(tmp_path / "c.jsonl", rows)), "--out",
                str(tmp_path / "out"))
    lines = error_lines(r)
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and expected in lines[0], lines[0]
    assert not (tmp_path / "out" / "passages.parquet").exists()


def test_parquet_without_text_column(tmp_path):
    pq.write_table(pa.Table.from_pylist([{"id": "a", "body": "x"}]), tmp_path / "c.parquet")
    lines = error_lines(run_cli("align", "--input", str(tmp_path / "c.parquet")))
    assert len(lines) == 1 and "c.parquet" in lines[0] and "no `text` column" in lines[0], lines


def test_unknown_engine(tmp_path):
    lines = error_lines(run_cli("align", "--engine", "dask"))
    assert lines == ["error: --engine: unknown engine 'dask'; use local or spark"]
