"""Measure the rule-based pre-annotation against the gold annotations.

Usage: python scripts/preannotate_eval.py [--corpus corpus]
Runs `polit_corpus.preannotate.preannotate` on every document's clean text (speakers matched
against speakers.yaml) and prints precision, recall and F1 of quotation and figure spans against
the gold standoff files, by exact offsets and by overlap, per document and over the corpus.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from polit_corpus.corpus import load_documents, load_speakers, load_standoff
from polit_corpus.preannotate import evaluate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    args = ap.parse_args()
    docs = load_documents(args.corpus)
    speakers = load_speakers(args.corpus)
    gold = {d.id: load_standoff(args.corpus, d.id) for d in docs}
    result = evaluate(docs, gold, speakers)
    print("| document | layer | gold | proposed | exact P | exact R | exact F1 | overlap P "
          "| overlap R | overlap F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for doc_id in [d.id for d in docs] + ["all"]:
        for layer in ("quotes", "figures"):
            ex, ov = result[doc_id][layer]["exact"], result[doc_id][layer]["overlap"]
            name = f"**{doc_id}**" if doc_id == "all" else doc_id
            print(f"| {name} | {layer} | {ex.first} | {ex.second} | {ex.precision:.3f} | "
                  f"{ex.recall:.3f} | {ex.f1:.3f} | {ov.precision:.3f} | {ov.recall:.3f} | "
                  f"{ov.f1:.3f} |")
    a = result["all"]["attributes"]
    print()
    print(f"speaker = gold on exactly matched quotes: {a['speaker_same']} of {a['quotes_matched']}")
    print(f"value, bounds, approximation and unit = gold on exactly matched figures: "
          f"{a['value_same']} of {a['figures_matched']}")


if __name__ == "__main__":
    main()
