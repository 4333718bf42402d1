"""Golden records: the rows every config publishes are reviewed files under tests/golden/rows/
(regenerate on purpose with scripts/update_golden.py and read the diff), and what
`load_dataset` reads back from the built folder is exactly those rows."""

from __future__ import annotations

import json

import datasets
import pytest

from conftest import CORPUS, GOLDEN, build_into
from polit_corpus.build import CONFIGS, golden_rows

CURRENT = golden_rows(CORPUS)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_into(tmp_path_factory, "golden")


@pytest.mark.parametrize("config", list(CONFIGS))
def test_rows_equal_the_reviewed_golden_file(config):
    expected = (GOLDEN / "rows" / f"{config}.jsonl").read_text(encoding="utf-8")
    assert CURRENT[config] == expected, f"run scripts/update_golden.py and review the {config} diff"


def test_built_card_equals_the_reviewed_golden_card(built):
    """The card is rendered from templates; any change to it is a reviewed diff."""
    expected = (GOLDEN / "card.md").read_text(encoding="utf-8")
    assert (built / "README.md").read_text(encoding="utf-8") == expected, \
        "run scripts/update_golden.py and review the card diff"


def decode(value, feature):
    """ClassLabel ints back to their names, through nested lists and structs."""
    if isinstance(feature, datasets.ClassLabel):
        return feature.int2str(value)
    if isinstance(feature, dict) and value is not None:
        return {k: decode(value[k], f) for k, f in feature.items()}
    inner = getattr(feature, "feature", None)
    if inner is not None and isinstance(value, list):
        return [decode(v, inner) for v in value]
    if isinstance(feature, list) and isinstance(value, list):
        return [decode(v, feature[0]) for v in value]
    return value


@pytest.mark.parametrize("config", list(CONFIGS))
def test_load_dataset_reads_back_exactly_the_golden_rows(built, config):
    ds = datasets.load_dataset(str(built), config, split="train")
    got = [decode(row, ds.features) for row in ds]
    expected = [json.loads(line) for line in CURRENT[config].splitlines()]
    assert got == expected
