"""The prose quotes the data: counts in README.md must be the corpus's own."""

from __future__ import annotations

from collections import Counter

from conftest import CORPUS, ROOT
from polit_corpus.corpus import load_speakers
from polit_corpus.validate import validate_corpus

DOCS, _ = validate_corpus(CORPUS)


def test_readme_counts_are_the_corpus_counts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quotes = [q for d in DOCS for q in d.quotes]
    types = Counter(q.type for q in quotes)
    assert (f"{len(quotes)} quotations ({types['direct']} direct, {types['indirect']} indirect, "
            f"{types['fragment']} fragments)") in readme
    assert f"one of {len(load_speakers(CORPUS))} speaker" in readme
    assert f"{sum(len(d.figures) for d in DOCS)} figures with values" in readme


def test_readme_quick_start_is_two_commands_build_then_tests():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").split("```bash\n", 1)[1]
    block = lines.split("```", 1)[0].strip().splitlines()
    assert block == ["python3 -m pip install . && polit-corpus build",
                     "python3 -m pip install '.[test]' && python3 -m pytest -q"]
