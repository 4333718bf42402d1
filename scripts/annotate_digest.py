"""Digest of the full pre-annotation output, to prove a speed change leaves it byte for byte.

Usage: python scripts/annotate_digest.py OUT_DIR [--polnear DIR] [--measeval DIR] [--against DIR]

Writes, per input set, the JSON Lines `annotate --format jsonl` would write (`text_rows`, one
object per text) and the review standoff YAML of each text (`preannotate` with anchors searched,
what `annotate --format yaml` and `add` write) to OUT_DIR/<set>.jsonl and prints their SHA-256.
With --against, compares each file with the one of the same name in that folder and exits 1 on
the first difference, naming the text.

Sets: the corpus's own raw texts (with its speakers.yaml); generated bench prose (1 MB, the
generator of scripts/bench_annotate.py) and 10,000 marks; and, when given, local copies of
PolNeAR (dev and train texts) and MeasEval (train and trial texts). Those two have no licence:
OUT_DIR must be outside the repository, and nothing it holds may be committed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from bench_annotate import prose  # scripts/ is on sys.path when this runs as a script

ROOT = Path(__file__).resolve().parents[1]


def sets(args) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    raw = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
    out["corpus"] = [(p.stem, p.read_text(encoding="utf-8")) for p in raw]
    out["bench"] = [("prose-1mb", prose(1_000_000)),
                    ("marks-10k", "Marks everywhere\n\n" + ('"a ' * 10_000) + "\n"),
                    ("mixed-marks", "Mixed\n\n" + "“a ‘b’ c” 'd' \"e ”f‘ 12 g’s " * 2000 + "\n")]
    if args.polnear:
        for split in ("dev", "train"):
            files = sorted((args.polnear / "data" / split / "text").glob("*.txt"))
            out[f"polnear-{split}"] = [(p.stem, p.read_text(encoding="utf-8")) for p in files]
    if args.measeval:
        files = sorted((args.measeval / "data" / "train" / "text").glob("*.txt"))
        files += sorted((args.measeval / "data" / "trial" / "txt").glob("*.txt"))
        out["measeval"] = [(p.stem, p.read_text(encoding="utf-8")) for p in files]
    return out


def main() -> None:
    from polit_corpus.clean import clean
    from polit_corpus.collection import TextRecord
    from polit_corpus.corpus import load_speakers
    from polit_corpus.ingest import standoff_yaml
    from polit_corpus.preannotate import preannotate
    from polit_corpus.preannotate.rows import text_rows

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--polnear", type=Path)
    ap.add_argument("--measeval", type=Path)
    ap.add_argument("--against", type=Path)
    ap.add_argument("--no-yaml", action="store_true", help="JSON Lines only (faster)")
    args = ap.parse_args()
    if args.out.resolve().is_relative_to(ROOT):
        sys.exit("error: OUT_DIR must be outside the repository (it may hold third-party data)")
    args.out.mkdir(parents=True, exist_ok=True)
    corpus_speakers = load_speakers(ROOT / "corpus")
    bad = 0
    for name, texts in sets(args).items():
        speakers = corpus_speakers if name in ("corpus", "bench") else {}
        t0, c0 = time.perf_counter(), time.process_time()
        lines = [json.dumps(text_rows(TextRecord(i, t), speakers), ensure_ascii=False) + "\n"
                 for i, t in texts]
        cpu = time.process_time() - c0
        files = {f"{name}.jsonl": lines}
        if not args.no_yaml and name != "bench":  # searched anchors on 1 MB are slow by design
            docs = []
            for i, t in texts:
                c = clean(t)
                docs.append(f"# {i}\n" + standoff_yaml(preannotate(c.text, c.paragraphs,
                                                                    speakers, doc_id=i), ""))
            files[f"{name}.yaml"] = docs
        for fname, chunks in files.items():
            data = "".join(chunks).encode("utf-8")
            (args.out / fname).write_bytes(data)
            line = f"{fname}: {len(texts)} texts, sha256 {hashlib.sha256(data).hexdigest()[:16]}"
            if fname.endswith(".jsonl"):
                chars = sum(len(t) for _, t in texts)
                line += (f", text_rows {cpu:.1f} s CPU ({chars / cpu / 1e6:.3f} M chars/s), "
                         f"{time.perf_counter() - t0:.1f} s wall")
            if args.against is not None:
                old = (args.against / fname).read_bytes().decode("utf-8").splitlines(True)
                if old == data.decode("utf-8").splitlines(True):
                    line += "  SAME"
                else:
                    new = data.decode("utf-8").splitlines(True)
                    k = next((k for k, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                             min(len(old), len(new)))
                    line += f"  DIFFERENT at line {k + 1}"
                    bad += 1
            print(line, flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
