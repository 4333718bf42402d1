"""Time and peak memory of validate, build and annotate at sizes far beyond the corpus.

Usage: python scripts/bench_scale.py [--sizes 1,10,50] [--marks 1000,10000,100000] [--keep DIR]
       python scripts/bench_scale.py --reuse DIR[,DIR...]   (re-time folders kept by --keep)

For each generated input the script copies the corpus to a temporary folder, adds the input as a
seventh document with `polit-corpus add` (which pre-annotates it), accepts the pre-annotation as
it is (deletes the `auto:` review notes), then times `validate`, `build` and, on the same text,
`annotate --format jsonl`. Every stage runs as its own `polit-corpus` process, so the peak
resident memory printed (from wait4's rusage, in MiB) is that stage's alone. build runs twice:
right after validate, when it takes validate's stored result (validated.py), and alone, with
the store off, when it validates everything itself.

The prose is invented news-like text: sentences without quotations or numbers, and one in four
with a quotation, reported speech or a figure (400 names, numbers up to a million, so that, as in
real news, a sentence with a figure is rarely repeated word for word), in paragraphs of three
sentences. The marks cases
are a headline and N straight double quotation marks ("a "a "a ...), the worst case for pairing.
Goals (issue 13): validate + build of a 50 MB raw file under 60 s and 2 GB; annotate of 20 MB
under 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLAIN = ["The harbour committee met again on a wet evening to go through the plans line by line.",
         "Residents along the sea front have asked for a clearer timetable for the works.",
         "The quay has been closed to traffic since the storm damaged the old wall last winter.",
         "Fishing crews say the delay has pushed some of them to land their catch further along "
         "the coast.",
         "A public meeting is expected before the council takes its final decision."]
MARKED = ["Det Supt {n} said: “We will not stand by while {k} families wait for an answer.”",
          "The council said that {k} homes were at risk after the storm.",
          "“It is a scandal,” said Mr {s}. “Nobody listened to us for {k} years.”",
          "According to the harbour board, about {k} boats use the quay each week.",
          "Residents met on Tuesday to discuss the plan, which would cost £{k}m."]
FIRST = ["Ann", "Tom", "Ruth", "Sam", "Lee", "Maya", "Omar", "Ines", "Karl", "Beth", "Dev",
         "Lena", "Iain", "Rosa", "Theo", "Nina", "Abel", "Cora", "Finn", "Zara"]
LAST = ["Rowe", "Price", "Amis", "Okafor", "Hale", "Marsh", "Quill", "Benn", "Tarrant", "Ives",
        "Lomax", "Fenn", "Doyle", "Achebe", "Kerr", "Pryce", "Moss", "Vance", "Ridley", "Hart"]


def prose(n_chars: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    paras, size = ["Harbour row deepens as repairs stall"], 0
    while size < n_chars:
        sents = []
        for _ in range(3):
            if rng.random() < 0.25:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                sents.append(rng.choice(MARKED).format(n=f"{first} {last}", s=last,
                                                       k=rng.randint(2, 999_999)))
            else:
                sents.append(rng.choice(PLAIN))
        p = " ".join(sents)
        paras.append(p)
        size += len(p) + 2
    return "\n\n".join(paras) + "\n"


def marks(n: int) -> str:
    return "Marks everywhere\n\n" + ('"a ' * n).rstrip() + "\n"


def stage(*args: str, cwd: Path, cache: str | None = None) -> dict:
    """One `polit-corpus` run: wall seconds, peak RSS in MiB, exit status, first error line.
    `cache`: POLIT_CORPUS_CACHE for the run (validate's stored results; "off": none)."""
    env = {**os.environ, "POLIT_CORPUS_CACHE": cache or str(cwd / "validated-cache")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "polit_corpus.cli", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": time.perf_counter() - t0, "peak_mb": usage.ru_maxrss / 1024,
            "rc": proc.returncode, "error": (err.strip().splitlines() or [""])[0][:160]}


def accept_preannotation(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n[ \t]*note: (?:'auto:(?:[^']|'')*'|\"auto:(?:[^\"\\]|\\.)*\")", "", text)
    path.write_text(text, encoding="utf-8")


def run_case(label: str, text: str, keep: Path | None) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix="bench-scale-", dir=keep))
    try:
        corpus = work / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        src = work / "bench-input.txt"
        src.write_text(text, encoding="utf-8")
        chars = len(text)
        del text  # not held while the stages run (see main)
        add = stage("add", str(src), "--id", "bench-doc", "--date", "2021-05-04", "--corpus",
                    str(corpus), cwd=work)
        if add["rc"] == 0:
            accept_preannotation(corpus / "annotations" / "bench-doc.yaml")
        timed = time_stages(work, add["rc"] == 0)
        rows = [{"stage": "add (pre-annotate + register)", **add,
                 "quotes": timed[0]["quotes"], "figures": timed[0]["figures"]}, *timed]
        for r in rows:
            r.update(label=label, chars=chars)
        return rows
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def rerun_kept(work: Path) -> list[dict]:
    """validate, build and annotate again on a folder an earlier run kept (--keep): its corpus,
    with the generated document added and accepted, and its input text."""
    chars = len((work / "bench-input.txt").read_text(encoding="utf-8"))
    label = f"{chars / 1e6:.0f} MB of prose (kept)"
    rows = time_stages(work, True)
    for r in rows:
        r.update(label=label, chars=chars)
    return rows


def time_stages(work: Path, added: bool) -> list[dict]:
    """validate and build (when the document was added) and annotate, each timed; every row
    carries the quote and figure counts of the document's annotation file."""
    corpus, src = work / "corpus", work / "bench-input.txt"
    rows = []
    counts = {"quotes": None, "figures": None}
    if added:
        standoff = (corpus / "annotations" / "bench-doc.yaml").read_text(encoding="utf-8")
        counts = {"quotes": standoff.count("\n- id: q"), "figures": standoff.count("\n- id: f")}
        del standoff
        rows.append({"stage": "validate", **stage("validate", "--corpus", str(corpus), cwd=work)})
        rows.append({"stage": "build (after validate)", **stage(
            "build", "--corpus", str(corpus), "--out", str(work / "out"), cwd=work)})
        rows.append({"stage": "build (alone: validates)", **stage(
            "build", "--corpus", str(corpus), "--out", str(work / "out"), cwd=work, cache="off")})
    rows.append({"stage": "annotate --format jsonl",
                 **stage("annotate", str(src), "--format", "jsonl", "--out",
                         str(work / "rows.jsonl"), "--corpus", str(corpus), cwd=work)})
    for r in rows:
        r.update(counts)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,50", help="prose sizes in MB")
    ap.add_argument("--marks", default="1000,10000,100000", help="numbers of quotation marks")
    ap.add_argument("--keep", type=Path, default=None, help="keep the work folders here")
    ap.add_argument("--reuse", default="", help="comma-separated work folders kept by --keep: "
                    "re-time validate, build and annotate on them (no add; --sizes and --marks "
                    "are ignored)")
    ap.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = ap.parse_args()
    # texts are made one case at a time: a child's peak RSS (wait4) starts from this process's
    # size when it forks, so holding every case's text would inflate the small cases' figures
    # and the small cases run first: after making 50 MB of prose this process stays large, and
    # the marks cases' peaks read as its size (seen: 674 MiB for every one of them)
    cases = [(f"{int(m):,} quotation marks", lambda m=m: marks(int(m)))
             for m in args.marks.split(",") if m]
    cases += [(f"{s} MB of prose", lambda s=s: prose(int(float(s) * 1_000_000)))
              for s in args.sizes.split(",") if s]
    if not args.json:
        print("| input | chars | quotes | figures | stage | seconds | peak memory (MiB) | result |")
        print("|---|---|---|---|---|---|---|---|")
    runs = ((lambda label=label, make=make: run_case(label, make(), args.keep))
            for label, make in cases)
    if args.reuse:
        runs = ((lambda w=Path(w): rerun_kept(w)) for w in args.reuse.split(",") if w)
    for run in runs:
        for r in run():
            if args.json:
                print(json.dumps(r), flush=True)
                continue
            q = "-" if r["quotes"] is None else f"{r['quotes']:,}"
            f = "-" if r["figures"] is None else f"{r['figures']:,}"
            result = "ok" if r["rc"] == 0 else f"exit {r['rc']}: {r['error']}"
            print(f"| {r['label']} | {r['chars']:,} | {q} | {f} | {r['stage']} | {r['seconds']:.1f} | "
                  f"{r['peak_mb']:,.0f} | {result} |", flush=True)


if __name__ == "__main__":
    main()
