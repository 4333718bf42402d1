"""The shared edges: reading text collections, and one-to-one span scoring."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polit_corpus.collection import TextRecord, read_collection
from polit_corpus.errors import CorpusError
from polit_corpus.scoring import match_exact, match_overlap, prf, score_spans


def test_jsonl_parquet_folder_and_file_give_the_same_records(tmp_path):
    rows = [{"id": "a", "text": "One “two”.", "date": "2020-01-31", "time": "09:01"},
            {"id": "b", "text": "Three.", "date": "2019"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", "utf-8")
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "c.parquet")
    folder = tmp_path / "f"
    folder.mkdir()
    for r in rows:
        (folder / f"{r['id']}.txt").write_text(r["text"], "utf-8")
    (folder / "notes.md").write_text("ignored", "utf-8")
    want = [TextRecord("a", "One “two”.", "2020-01-31", "09:01"), TextRecord("b", "Three.", "2019")]
    assert list(read_collection(tmp_path / "c.jsonl")) == want
    assert list(read_collection(tmp_path / "c.parquet")) == want
    assert list(read_collection(folder)) == [TextRecord("a", "One “two”."), TextRecord("b", "Three.")]
    assert list(read_collection(folder / "a.txt")) == [TextRecord("a", "One “two”.")]


@pytest.mark.parametrize("content, expected", [
    ('{"id": "a"}\n', "c.jsonl: line 1: text: no `text` column"),
    ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "c.jsonl: a: id: duplicate id"),
    ('{"id": "a", "text": "x", "date": "2019-02-30"}\n', "c.jsonl: a: date: impossible date '2019-02-30'"),
    ('{"id": "a", "text": "x", "date": "31/01/2020"}\n', "c.jsonl: a: date: not an ISO date"),
    ('{"id": "a", "text": "x", "time": "25:00"}\n', "c.jsonl: a: time: impossible time"),
    ("\n\n", "c.jsonl: empty collection: no records"),
    ("[1, 2]\n", "c.jsonl: line 1: expected a JSON object, got list"),
    ('{"id": "a", "text": 3}\n', "c.jsonl: a: text: text must be a string, got int"),
])
def test_bad_jsonl_is_one_located_error(tmp_path, content, expected):
    path = tmp_path / "c.jsonl"
    path.write_text(content, "utf-8")
    with pytest.raises(CorpusError) as exc:
        list(read_collection(path))
    assert str(exc.value).startswith(str(tmp_path / expected)) or expected in str(exc.value)
    assert str(exc.value).startswith(str(path))


def test_bad_bytes_and_files(tmp_path):
    (tmp_path / "latin.jsonl").write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), tmp_path / "nocol.parquet")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bin.txt").write_bytes(b"a\x00b")
    cases = {"latin.jsonl": "line 1: not UTF-8 (byte", "bad.parquet": "not a readable Parquet file",
             "nocol.parquet": "text: no `text` column", "empty": "empty collection",
             "bin.txt": "binary file (NUL byte at offset 1)", "missing.jsonl": "no such file"}
    for name, msg in cases.items():
        with pytest.raises(CorpusError) as exc:
            list(read_collection(tmp_path / name))
        assert msg in str(exc.value), name


def test_exact_and_overlap_matching_is_one_to_one():
    gold = [(0, 10), (20, 30), (40, 44)]
    pred = [(0, 10), (18, 29), (19, 31), (42, 60), (100, 110)]
    assert match_exact(gold, pred) == [(0, 0)]
    # (20,30) overlaps both (18,29) [9 chars] and (19,31) [10 chars]: the larger wins, once.
    # (40,44) vs (42,60): overlap 2 = half of the shorter (4): matched.
    assert match_overlap(gold, pred) == [(0, 0), (1, 2), (2, 3)]
    s = score_spans(gold, pred)
    assert (s["exact"].matched, s["overlap"].matched) == (1, 3)
    assert s["overlap"].precision == 0.6 and s["overlap"].recall == 1.0 and s["overlap"].f1 == 0.75
    assert match_overlap([(0, 10)], [(8, 30)]) == []  # 2 chars < half of 10
    assert prf(0, 0, 0).f1 == 1.0 and prf(0, 3, 0).f1 == 0.0


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda t: (t[0], t[0] + t[1])),
                 max_size=12)


@settings(max_examples=200, derandomize=True)
@given(spans, spans)
def test_overlap_matching_agrees_with_brute_force_candidates(gold, pred):
    pairs = match_overlap(gold, pred)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    for i, j in pairs:
        (a, b), (c, d) = gold[i], pred[j]
        assert min(b, d) - max(a, c) >= 0.5 * min(b - a, d - c)
    # maximality: no unmatched gold/pred pair that still qualifies
    ug = set(range(len(gold))) - {i for i, _ in pairs}
    up = set(range(len(pred))) - {j for _, j in pairs}
    for i in ug:
        for j in up:
            (a, b), (c, d) = gold[i], pred[j]
            assert not (min(b, d) - max(a, c) > 0 and min(b, d) - max(a, c) >= 0.5 * min(b - a, d - c))
