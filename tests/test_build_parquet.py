"""write_parquet and check_parquet: the check reads only the file's footer, and still refuses a
wrong row count or features that did not survive the round trip."""

from __future__ import annotations

import datasets
import pyarrow.parquet as pq
import pytest

from polit_corpus.build import check_parquet, write_parquet
from polit_corpus.errors import CorpusError
from polit_corpus.records import BuiltConfig

FEATURES = datasets.Features({"id": datasets.Value("string"),
                              "kind": datasets.ClassLabel(names=["direct", "indirect"]),
                              "spans": [{"start": datasets.Value("int64"),
                                         "role": datasets.ClassLabel(names=["cue", "source"])}]})
ROWS = [{"id": "q1", "kind": "indirect", "spans": [{"start": 3, "role": "source"}]},
        {"id": "q2", "kind": "direct", "spans": []}]


def test_labels_are_written_as_ints_and_the_check_passes(tmp_path):
    cfg = BuiltConfig("quotes", "quote", FEATURES, ROWS, "data/q.parquet")
    write_parquet(list(ROWS), FEATURES, tmp_path / cfg.path)
    check_parquet(tmp_path, cfg)
    table = pq.read_table(tmp_path / cfg.path)
    assert table.column("kind").to_pylist() == [1, 0]
    assert table.column("spans").to_pylist() == [[{"start": 3, "role": 1}], []]
    assert ROWS[0]["kind"] == "indirect"  # the caller's rows are not changed


def test_the_check_refuses_a_wrong_row_count_and_changed_features(tmp_path):
    write_parquet(list(ROWS), FEATURES, tmp_path / "data/q.parquet")
    with pytest.raises(CorpusError, match="wrote 2 rows, expected 3"):
        check_parquet(tmp_path, BuiltConfig("q", "quote", FEATURES, [*ROWS, ROWS[0]],
                                            "data/q.parquet"))
    other = datasets.Features({**FEATURES, "kind": datasets.ClassLabel(names=["a", "b"])})
    with pytest.raises(CorpusError, match="features did not survive"):
        check_parquet(tmp_path, BuiltConfig("q", "quote", other, ROWS, "data/q.parquet"))
