"""Regenerate the golden files under tests/golden/ (clean texts, the rows of every config, and the
built dataset card) on
purpose; review the diff before committing.

Usage: python scripts/update_golden.py [--corpus corpus]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from polit_corpus.build import build, default_extras, golden_rows
from polit_corpus.corpus import load_documents

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    args = ap.parse_args()
    (GOLDEN / "clean").mkdir(parents=True, exist_ok=True)
    for doc in load_documents(args.corpus):
        (GOLDEN / "clean" / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
        print(f"wrote tests/golden/clean/{doc.id}.txt")
    (GOLDEN / "rows").mkdir(parents=True, exist_ok=True)
    for config, text in golden_rows(args.corpus).items():
        (GOLDEN / "rows" / f"{config}.jsonl").write_text(text, encoding="utf-8")
        print(f"wrote tests/golden/rows/{config}.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "polit-corpus"
        build(args.corpus, out, default_extras(args.corpus))
        card = (out / "README.md").read_text(encoding="utf-8")
    (GOLDEN / "card.md").write_text(card, encoding="utf-8")
    print("wrote tests/golden/card.md")


if __name__ == "__main__":
    main()
