"""The benchmark's recall bookkeeping: which same-family pairs the candidates missed, and how
long a run of tokens each missed pair shares (the figure README quotes for the 1M run)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import bench_spark  # noqa: E402


def test_family_keys_lists_every_same_family_pair_once():
    family_of = np.array([1, -1, 0, 1, 0, 1], dtype=np.int32)
    n = len(family_of)
    keys = bench_spark._family_keys(family_of)
    assert [(k // n, k % n) for k in keys.tolist()] == [(0, 3), (0, 5), (2, 4), (3, 5)]
    assert len(keys) == bench_spark.truth_pairs(family_of)


def test_missed_pairs_names_the_pair_and_its_longest_shared_run(tmp_path):
    texts = ["the harbour wall fell in the storm last winter and nobody came",
             "unrelated words only here",
             "a red boat sailed out past the harbour wall fell in the night",
             "the harbour wall fell in the storm last winter so the quay shut"]
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": [f"syn{i}" for i in range(4)], "text": texts}), path)
    family_of = np.array([0, -1, 0, 0], dtype=np.int32)
    # proposed: (0, 3) and a cross-family pair (1, 2); missed: (0, 2) and (2, 3)
    a, b = np.array([3, 1]), np.array([0, 2])
    missed = bench_spark.missed_pairs(family_of, a, b, path)
    assert [m["pair"] for m in missed] == [["syn0", "syn2"], ["syn2", "syn3"]]
    # "the harbour wall fell in the" (6 tokens) is the longest run syn2 shares with either
    assert [m["longest_common_run"] for m in missed] == [6, 6]
    assert missed[0]["tokens"] == [12, 13]
