"""text_rows pauses the cyclic garbage collector for one text and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from polit_corpus.collection import TextRecord
from polit_corpus.errors import CorpusError
from polit_corpus.preannotate.rows import text_rows

TEXT = "Harbour row\n\n“It is a scandal,” said Mr Hale. About 40 boats use the quay.\n"


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_state_is_restored(enabled):
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        row = text_rows(TextRecord("t", TEXT), {})
        assert gc.isenabled() is enabled
        assert [q["text"] for q in row["quotes"]] == ["It is a scandal,"]
        assert [f["value"] for f in row["figures"]] == [40.0]
    finally:
        (gc.enable if was else gc.disable)()


def test_collector_is_restored_when_a_text_is_refused():
    assert gc.isenabled()
    with pytest.raises(CorpusError):
        text_rows(TextRecord("t", "```yaml\n[1, 2]\n```\nBody text.\n"), {})  # front matter not a mapping
    assert gc.isenabled()
