"""Score the figure pre-annotator on MeasEval (quantity spans in science text, by other authors),
next to quantulum3 run on the same texts in the same process.

Usage: python scripts/eval_measeval.py DIR [--split train|trial|both] [--json]

DIR is a local copy of github:harperco/MeasEval (it holds data/train/{text,tsv} and
data/trial/{txt,tsv}). MeasEval states no licence: never commit it or anything derived from it.
Its eval split is kept for blind measurement; this script refuses to read it.

Gold: every `Quantity` row of a text's TSV (one span per distinct start/end; MeasEval repeats a
quantity once per annotation set). Only texts that have a TSV are scored, as in MeasEval's own
scorer. Predictions: the `figures` of `polit_corpus.preannotate.rows.text_rows`, the code behind
`polit-corpus annotate --format jsonl` (offsets into the text as given), and quantulum3's
`parser.parse` spans. Both are matched one to one with `polit_corpus.evaluate.score_layer`:
`overlap` pairs spans whose overlap is at least half of the shorter span, `exact` needs identical
offsets. Speed is characters of text per second of that call alone (the pre-annotator also
finds quotations in the same call; quantulum3 finds only quantities).

Needs the `eval` extra: pip install '.[eval]' (quantulum3).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from polit_corpus.collection import TextRecord
from polit_corpus.evaluate import score_layer
from polit_corpus.preannotate.rows import text_rows

STRIDE = 10 ** 9
TEXT_DIRS = {"train": "text", "trial": "txt"}


def read_gold(tsv: Path) -> list[tuple[int, int]]:
    with tsv.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        spans = {(int(r["startOffset"]), int(r["endOffset"])) for r in rows
                 if r["annotType"] == "Quantity"}
    return sorted(spans)


def texts(base: Path, split: str) -> list[tuple[str, str, list[tuple[int, int]]]]:
    folder = base / "data" / split
    out = []
    for tsv in sorted((folder / "tsv").glob("*.tsv")):
        txt = folder / TEXT_DIRS[split] / (tsv.stem + ".txt")
        out.append((tsv.stem, txt.read_text(encoding="utf-8"), read_gold(tsv)))
    return out


def ours(doc_id: str, text: str) -> list[tuple[int, int]]:
    return [(f["start"], f["end"]) for f in text_rows(TextRecord(doc_id, text), {})["figures"]]


def quantulum(text: str) -> list[tuple[int, int]]:
    from quantulum3 import classifier, parser
    # Its optional classifier only chooses between readings of an ambiguous unit; its pickled
    # model does not load under every scikit-learn (pulled in here by seqeval), so it is off.
    classifier.USE_CLF = False
    return [tuple(q.span) for q in parser.parse(text)]


def forget() -> None:
    """Empty our per-string caches, so that a repeated pass is not faster for having seen the
    same texts (pint's registry itself stays loaded, as quantulum3's tables do)."""
    from polit_corpus import annotate, measures
    for fn in (annotate.stated_value, annotate.stated_unit, annotate.stated_approximation,
               measures.known, measures._closed_unit):
        fn.cache_clear()


def run(docs, system, repeat: int, reset=lambda: None) -> dict:
    """Scores of one pass; speed as the fastest of `repeat` passes (the machine's other load
    only ever slows a pass down)."""
    gold, pred, best, chars = [], [], float("inf"), sum(len(d[1]) for d in docs)
    for k in range(repeat):
        reset()
        seconds = 0.0
        for n, (doc_id, text, spans) in enumerate(docs):
            t0 = time.perf_counter()
            found = system(doc_id, text)
            seconds += time.perf_counter() - t0
            if k == 0:
                shift = n * STRIDE
                gold += [{"start": s + shift, "end": e + shift} for s, e in spans]
                pred += [{"start": s + shift, "end": e + shift} for s, e in found]
        best = min(best, seconds)
    scores = score_layer(gold, pred)[0]
    return {**scores, "chars": chars, "seconds": round(best, 3),
            "chars_per_s": round(chars / max(best, 1e-9))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--split", choices=("train", "trial", "both"), default="both")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the fastest is reported")
    args = ap.parse_args()
    splits = ("train", "trial") if args.split == "both" else (args.split,)
    docs = []
    for split in splits:
        if not (args.dir / "data" / split / "tsv").is_dir():
            sys.exit(f"error: {args.dir / 'data' / split}: not a MeasEval {split} folder")
        docs += texts(args.dir, split)
    try:
        import quantulum3  # noqa: F401
    except ImportError:
        sys.exit("error: quantulum3 is not installed: pip install '.[eval]'")
    # Both systems load their unit tables (quantulum3's, pint's registry) before timing: the
    # one-time cost of a process, not a cost per character.
    quantulum(docs[0][1])
    ours("warm-up", "It is 10 MPa.")
    res = {"splits": list(splits), "texts": len(docs),
           "quantities": sum(len(d[2]) for d in docs),
           "polit-corpus": run(docs, ours, args.repeat, forget),
           "quantulum3": run(docs, lambda _id, text: quantulum(text), args.repeat)}
    if args.json:
        print(json.dumps(res, indent=2))
        return
    print(f"MeasEval {'+'.join(splits)}: {res['texts']} texts, {res['quantities']} quantities")
    print(f"{'system':<14}{'overlap P':>10}{'R':>7}{'F1':>7}{'exact P':>9}{'R':>7}{'F1':>7}"
          f"{'chars/s':>10}")
    for name in ("polit-corpus", "quantulum3"):
        r = res[name]
        o, x = r["overlap"], r["exact"]
        print(f"{name:<14}{o['precision']:>10.3f}{o['recall']:>7.3f}{o['f1']:>7.3f}"
              f"{x['precision']:>9.3f}{x['recall']:>7.3f}{x['f1']:>7.3f}{r['chars_per_s']:>10,}")


if __name__ == "__main__":
    main()
