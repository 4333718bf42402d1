"""Compute agreement between the gold annotations and the independent second pass.

Usage: python scripts/agreement.py [--corpus corpus] [--label gold_vs_second_pass] [--write]
Prints the figures; with --write, stores them under the label in corpus/agreement.json (other
labels, such as the first pass as delivered, are kept).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

import yaml

from polit_corpus.agreement import compare
from polit_corpus.annotate import Speaker, annotate
from polit_corpus.corpus import load_speakers
from polit_corpus.schemas import schema_errors
from polit_corpus.validate import validate_corpus


def second_pass(corpus: Path, docs) -> tuple[dict, dict]:
    folder = corpus / "second_pass"
    raw = yaml.safe_load((folder / "speakers.yaml").read_text(encoding="utf-8"))
    speakers = {s["speaker_id"]: Speaker(s["speaker_id"], s["name"], s["kind"], s["role"],
                                         s["organisation"], tuple(s["aliases"]))
                for s in raw["speakers"]}
    out = {}
    for doc in docs:
        path = folder / f"{doc.id}.yaml"
        standoff = yaml.safe_load(path.read_text(encoding="utf-8"))
        errs = schema_errors(standoff, "standoff", str(path))
        if errs:
            raise SystemExit("\n".join(map(str, errs)))
        annotated, _, problems = annotate(doc, standoff, speakers)
        for p in problems:
            print(f"second pass {doc.id}: {p}")
        out[doc.id] = {"quotes": [asdict(q) for q in annotated.quotes],
                       "figures": [asdict(f) for f in annotated.figures]}
    return out, speakers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--label", default="gold_vs_second_pass")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    docs, errors = validate_corpus(args.corpus)
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    gold = {d.id: {"quotes": [asdict(q) for q in d.quotes],
                   "figures": [asdict(f) for f in d.figures]} for d in docs}
    second, second_speakers = second_pass(args.corpus, docs)
    first_speakers = load_speakers(args.corpus)
    by_name = {s.name.lower(): s.speaker_id for s in first_speakers.values()}
    speaker_map = {sid: by_name.get(s.name.lower(), sid) for sid, s in second_speakers.items()}
    result = compare(gold, second, speaker_map)
    summary = {k: v for k, v in result.items() if k != "disagreements"}
    print(json.dumps(summary, indent=2))
    print(f"{len(result['disagreements'])} disagreements:")
    for d in result["disagreements"]:
        print("  ", json.dumps(d, ensure_ascii=False))
    if args.write:
        path = args.corpus / "agreement.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data[args.label] = result
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
        print(f"wrote {path} [{args.label}]")


if __name__ == "__main__":
    main()
