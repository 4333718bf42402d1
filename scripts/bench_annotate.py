"""Throughput and peak memory of clean + pre-annotate (what `annotate --format jsonl` runs per
text) on generated inputs: prose of 1 and 20 MB, and 10k and 100k quotation marks.

Usage: python scripts/bench_annotate.py [--sizes 1,20] [--marks 10000,100000] [--texts DIR]

Seconds are wall time and CPU time (time.process_time) of the one call; on a shared machine the
CPU time is the figure to compare. With --texts DIR, it also prints the throughput of clean +
annotate over every .txt file in DIR (for instance PolNeAR's data/dev/text; nothing of it is
kept): CPU time, best of three passes.

Each case runs in a fresh Python process, so the peak resident memory it prints (ru_maxrss) is
that case's alone. The prose is invented: a few sentence patterns with quotations, indirect
speech and figures, repeated with varying numbers and names, in paragraphs.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def prose(n: int) -> str:
    """About n characters of the invented prose (seed 7); scripts/annotate_digest.py uses it too."""
    rng = random.Random(7)
    names = ["Ann Rowe", "Tom Price", "Ruth Amis", "Sam Okafor", "Lee Hale"]
    pats = ["Det Supt {n} said: “We will not stand by while {k} families wait for an answer.”",
            "The council said that {k} homes were at risk after the storm.",
            "“It is a scandal,” said Mr {s}. “Nobody listened to us for {k} years.”",
            "According to the harbour board, about {k} boats use the quay each week.",
            "Residents met on Tuesday to discuss the plan, which would cost £{k}m."]
    parts, size = ["Harbour row deepens"], 0
    while size < n:
        name = rng.choice(names)
        p = rng.choice(pats).format(n=name, s=name.split()[-1], k=rng.randint(2, 900))
        parts.append(p)
        size += len(p) + 2
    return "\n\n".join(parts) + "\n"


CASE = r"""
import json, resource, sys, time
from polit_corpus.collection import TextRecord
from polit_corpus.preannotate.rows import text_rows

kind, n, here = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == "prose":
    sys.path.insert(0, here)
    from bench_annotate import prose
    text = prose(n)
else:
    text = "Marks everywhere\n\n" + ('"a ' * n) + "\n"
t0, c0 = time.perf_counter(), time.process_time()
row = text_rows(TextRecord("bench", text), {})
dt, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"chars": len(text), "seconds": dt, "cpu": cpu, "quotes": len(row["quotes"]),
                  "figures": len(row["figures"]),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(kind: str, n: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CASE, kind, str(n), str(HERE)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,20", help="prose sizes in MB")
    ap.add_argument("--marks", default="10000,100000", help="numbers of quotation marks")
    ap.add_argument("--texts", default=None, help="a folder of .txt files to time as well")
    args = ap.parse_args()
    cases = [("prose", int(float(s) * 1_000_000), f"{s} MB of prose")
             for s in args.sizes.split(",") if s]
    cases += [("marks", int(m), f"{int(m):,} quotation marks") for m in args.marks.split(",") if m]
    print("| input | chars | quotes | figures | seconds | CPU seconds | chars/s (CPU) "
          "| peak memory (MB) |")
    print("|---|---|---|---|---|---|---|---|")
    for kind, n, label in cases:
        r = run(kind, n)
        print(f"| {label} | {r['chars']:,} | {r['quotes']:,} | {r['figures']:,} | "
              f"{r['seconds']:.1f} | {r['cpu']:.1f} | {r['chars'] / r['cpu']:,.0f} | "
              f"{r['peak_mb']:,.0f} |", flush=True)
    if args.texts is not None:
        texts(args.texts)


def texts(folder) -> None:
    """Clean + annotate throughput over the .txt files of a folder, CPU time, best of three."""
    import time
    from pathlib import Path

    from polit_corpus.collection import TextRecord
    from polit_corpus.preannotate.rows import text_rows

    docs = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.txt"))]
    chars = sum(len(t) for _, t in docs)
    best = min(_pass(docs, text_rows, TextRecord, time) for _ in range(3))
    print(f"{folder}: {len(docs)} texts, {chars:,} chars, clean + annotate {best:.2f} s CPU, "
          f"{chars / best / 1e6:.3f} M chars/s (best of 3)")


def _pass(docs, text_rows, record, time) -> float:
    c0 = time.process_time()
    for i, t in docs:
        text_rows(record(i, t), {})
    return time.process_time() - c0


if __name__ == "__main__":
    main()
