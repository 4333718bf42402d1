"""Benchmark: the local and the Spark engine of `align` on synthetic collections (10k-1M documents).

The collection comes from bench_align's generator (families of 2-8 related documents, a fifth
unrelated filler, seed passages recurring as stock text) and is streamed to Parquet as it is
generated: only the last 200 family roots (the donors of spliced passages) and one family
number per document (the ground truth) are kept. Ids are a random permutation, so publication
order (by id: the collection has no dates) is unrelated to family order.

Each (size, engine) runs in a fresh process. Per engine it reports wall time per stage, peak
memory, candidate pairs and family-pair recall (same-family pairs proposed / all same-family
pairs). Peak memory: the Python driver's own resident peak (ru_maxrss); for Spark also the JVM
(driver and, on local[N], the executor threads) and the Python workers, sampled from /proc every
0.2 s (the workers' figure is the peak of their summed RSS).

Then an estimate for 10M and 100M documents on N workers from the largest measured size:
core-seconds per document (fingerprint + shares stages) and per candidate pair (align stage),
candidate pairs per document held at the measured ratio; shuffles and I/O are not modelled.

    python scripts/bench_spark.py                          # 10k and 100k, both engines, local[2]
    python scripts/bench_spark.py --sizes 1000000 --engines spark
    python scripts/bench_spark.py --sizes 10000 --json r.jsonl; python scripts/bench_spark.py --table r.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_align import SEED, Generator, render, seed_material  # noqa: E402
from polit_corpus.align import AlignParams  # noqa: E402
from polit_corpus.align_engines import (  # noqa: E402
    local_align,
    local_batches,
    spark_align,
    spark_session,
    write_outputs,
)
from polit_corpus.collection import read_collection  # noqa: E402

SCHEMA = pa.schema([("id", pa.string()), ("text", pa.string())])


def doc_id(num: int, n: int) -> str:
    """The id of document number num in a collection of n (zero-padded, so ids sort by number)."""
    return f"syn{num:0{len(str(n))}d}"


def generate(n: int, corpus: Path, path: Path) -> np.ndarray:
    """Write n documents to path (Parquet, id + text) as they are generated; return the family
    of each document by id number (-1: filler)."""
    rng = random.Random(SEED + n)
    gen = Generator(*seed_material(corpus), rng)
    perm = np.random.default_rng(SEED + n).permutation(n)
    family_of = np.full(n, -1, dtype=np.int32)
    roots: list = []
    rows: list[dict] = []
    k = family = 0
    with pq.ParquetWriter(path, SCHEMA) as w:
        def emit(fam: int, text: str) -> None:
            nonlocal k
            num = int(perm[k])
            family_of[num] = fam
            rows.append({"id": doc_id(num, n), "text": text})
            k += 1
            if len(rows) >= 2048:
                w.write_batch(pa.RecordBatch.from_pylist(rows, schema=SCHEMA))
                rows.clear()

        target = n - n // 5
        while k < target:
            root = gen.root()
            size = min(rng.randint(2, 8), target - k)
            emit(family, render(root, rng))
            for _ in range(size - 1):
                emit(family, render(gen.member(root, roots), rng))
            roots = [*roots[-199:], root]
            family += 1
        while k < n:
            emit(-1, render([gen.filler_sentence() for _ in range(rng.randint(10, 20))], rng))
        if rows:
            w.write_batch(pa.RecordBatch.from_pylist(rows, schema=SCHEMA))
    return family_of


def truth_pairs(family_of: np.ndarray) -> int:
    sizes = np.bincount(family_of[family_of >= 0])
    return int((sizes * (sizes - 1) // 2).sum())


def same_family(family_of: np.ndarray, a: np.ndarray, b: np.ndarray) -> int:
    fa, fb = family_of[a], family_of[b]
    return int(((fa == fb) & (fa >= 0)).sum())


def _family_keys(family_of: np.ndarray) -> np.ndarray:
    """Every same-family pair as one sorted int64 key, low * n + high (by id number)."""
    n = len(family_of)
    members = np.argsort(family_of, kind="stable")
    members = members[family_of[members] >= 0]
    bounds = np.flatnonzero(np.diff(family_of[members])) + 1
    keys = [a * n + b for fam in np.split(members, bounds)
            for i, a in enumerate(fam) for b in fam[i + 1:]]
    return np.sort(np.array(keys, dtype=np.int64))


def missed_pairs(family_of: np.ndarray, a: np.ndarray, b: np.ndarray, path: Path,
                 limit: int = 50) -> list[dict]:
    """The same-family pairs the candidates missed (a, b: every proposed pair's id numbers),
    each with the longest run of matching tokens its two texts share: winnowing guarantees a
    pair sharing a run of shingle + winnow_window - 1 tokens a fingerprint, so a miss with a
    longer run would be a bug, one with a shorter run is below the method's reach."""
    from difflib import SequenceMatcher

    from polit_corpus.align import tokenize

    n = len(family_of)
    same = (family_of[a] == family_of[b]) & (family_of[a] >= 0)
    lo, hi = np.minimum(a[same], b[same]), np.maximum(a[same], b[same])
    miss = np.setdiff1d(_family_keys(family_of), lo.astype(np.int64) * n + hi)[:limit]
    ids = [(doc_id(k // n, n), doc_id(k % n, n)) for k in miss.tolist()]
    wanted = sorted({i for pair in ids for i in pair})
    texts = {}
    if wanted:
        tab = pq.read_table(path, filters=[("id", "in", wanted)])
        texts = dict(zip(tab.column("id").to_pylist(), tab.column("text").to_pylist(), strict=True))
    out = []
    for x, y in ids:
        nx, ny = tokenize(texts[x]).norms, tokenize(texts[y]).norms
        run = SequenceMatcher(None, nx, ny, autojunk=False).find_longest_match().size
        out.append({"pair": [x, y], "tokens": [len(nx), len(ny)], "longest_common_run": run})
    return out


def _proc_kb(pid: int, file: str, key: str) -> int:
    """A kB field of /proc/PID/FILE (0 once the process is gone)."""
    try:
        with open(f"/proc/{pid}/{file}") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _proc_kb(pid, "status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared between the forked Python workers (and with their
    daemon) counted once in a sum, where summed RSS counts them in every process."""
    return _proc_kb(pid, "smaps_rollup", "Pss:")


def _children(pid: int) -> list[int]:
    """Children of every thread of pid (the JVM starts its Python workers from other threads)."""
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


class Sampler(threading.Thread):
    """Peak RSS of the JVM (child of this process), peak summed RSS and PSS of its Python
    workers, and the peak of the whole run at one instant (driver RSS + JVM RSS + workers'
    PSS), overall and per stage: the separate peaks may fall at different moments, so their sum
    only bounds it. A worker's PSS is read as min(PSS, RSS): at a fork or exit the two files
    are read at different moments and PSS alone once read above RSS.

    timings: the dict spark_align fills; the stage running is the first of STAGES without its
    time yet (spark_align stays free of benchmark hooks)."""

    def __init__(self, timings: dict):
        super().__init__(daemon=True)
        self.timings = timings
        self.jvm_kb = self.workers_kb = self.workers_pss_kb = self.total_kb = 0
        self.stage_kb: dict[str, int] = {}
        self.workers_at_peak: list = []  # (pid, RSS MB) of each worker process at their peak
        self.stop = threading.Event()

    def stage(self) -> str:
        return next((s for s in STAGES if s not in self.timings), "after")

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.2):
            stage = self.stage()
            for jvm in _children(me):
                jvm_kb = _rss_kb(jvm)
                self.jvm_kb = max(self.jvm_kb, jvm_kb)
                stack, rss, pss, seen = list(_children(jvm)), 0, 0, []
                while stack:  # pyspark daemon and its forked workers
                    p = stack.pop()
                    r = _rss_kb(p)
                    rss += r
                    pss += min(r, _pss_kb(p))
                    seen.append((p, r // 1024))
                    stack += _children(p)
                if rss > self.workers_kb:
                    self.workers_at_peak = seen
                self.workers_kb = max(self.workers_kb, rss)
                self.workers_pss_kb = max(self.workers_pss_kb, pss)
                now = _rss_kb(me) + jvm_kb + pss
                self.total_kb = max(self.total_kb, now)
                self.stage_kb[stage] = max(self.stage_kb.get(stage, 0), now)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_local(path: Path, family_of: np.ndarray, out: Path) -> dict:
    params, t = AlignParams(), {}
    t0 = time.perf_counter()
    docs = list(read_collection(path))
    t["read_s"] = time.perf_counter() - t0
    hits: dict = {}

    def on_pairs(ids, pairs):
        num = np.array([int(i[3:]) for i in ids])
        arr = np.array([(a, b) for a, b, _ in pairs], dtype=np.int64).reshape(-1, 2)
        hits["same"] = same_family(family_of, num[arr[:, 0]], num[arr[:, 1]])

    passages, reuse = local_align(docs, params, t, on_pairs)
    t0 = time.perf_counter()
    order = sorted(reuse, key=lambda i: i)  # no dates or times: publication order is by id
    write_outputs(out, *local_batches(passages, reuse, order))
    t["write_s"] = time.perf_counter() - t0
    t.update(passages=len(passages), same_family=hits["same"], driver_peak_mb=_peak_mb())
    return t


def run_spark(path: Path, family_of: np.ndarray, out: Path, master: str, partitions: int) -> dict:
    from polit_corpus.align_engines import stage_documents

    t: dict = {}
    sampler = Sampler(t)
    sampler.start()
    t0 = time.perf_counter()
    staged = out / "staged.parquet"
    stage_documents(read_collection(path), staged)  # the CLI's path: checked records, streamed
    t["read_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    spark = spark_session(master, {"spark.sql.shuffle.partitions": str(partitions),
                                   "spark.driver.memory": os.environ.get("BENCH_HEAP", "3g"),
                                   "spark.sql.execution.arrow.maxRecordsPerBatch":
                                       os.environ.get("BENCH_ARROW_BATCH", "2000"),
                                   "spark.ui.enabled": "false",
                                   "spark.ui.showConsoleProgress": "false"})
    t["start_s"] = time.perf_counter() - t0
    pairs_dir = out / "pairs"
    spark_align(spark, staged, out, AlignParams(), partitions, t, pairs_out=pairs_dir)
    spark.stop()
    sampler.stop.set()
    sampler.join()
    def num(col) -> np.ndarray:  # "syn000123" -> 123, without a Python string per pair
        return pc.cast(pc.utf8_slice_codeunits(col, 3), pa.int64()).to_numpy()

    parts = [pq.read_table(f, columns=["s_id", "t_id"])
             for f in sorted(pairs_dir.glob("part-*.parquet"))]
    a = np.concatenate([num(p.column("s_id")) for p in parts] or [np.empty(0, np.int64)])
    b = np.concatenate([num(p.column("t_id")) for p in parts] or [np.empty(0, np.int64)])
    del parts
    same = same_family(family_of, a, b)
    t["missed"] = missed_pairs(family_of, a, b, path)
    t.update(same_family=same, driver_peak_mb=_peak_mb(), jvm_peak_mb=sampler.jvm_kb / 1024,
             workers_peak_mb=sampler.workers_kb / 1024,
             workers_pss_peak_mb=sampler.workers_pss_kb / 1024, total_peak_mb=sampler.total_kb / 1024,
             workers_at_peak=sampler.workers_at_peak,
             stage_peak_mb={k: round(v / 1024) for k, v in sampler.stage_kb.items()})
    return t


def one(n: int, engine: str, args) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"bench-spark-{n}-", dir=args.work))
    try:
        t0 = time.perf_counter()
        family_of = generate(n, args.corpus, work / "collection.parquet")
        gen_s = time.perf_counter() - t0
        out = work / "out"
        out.mkdir()
        if engine == "local":
            r = run_local(work / "collection.parquet", family_of, out)
        else:
            r = run_spark(work / "collection.parquet", family_of, out, args.master, args.partitions)
        truth = truth_pairs(family_of)
        r.update(docs=n, engine=engine, gen_s=gen_s, truth_pairs=truth,
                 recall=r["same_family"] / max(1, truth),
                 collection_mb=(work / "collection.parquet").stat().st_size / 2**20)
        return r
    finally:
        shutil.rmtree(work, ignore_errors=True)


STAGES = ("read_s", "start_s", "fingerprint_s", "candidates_s", "align_s", "shares_s", "write_s")


def table(rows: list[dict]) -> str:
    head = ("| docs | engine | read s | Spark start s | tokenise + fingerprint s | candidates s "
            "| align s | shares s | write s | total s | candidate pairs | family-pair recall "
            "| passages | driver peak MB | JVM peak MB | Python workers peak MB (RSS sum) "
            "| Python workers peak MB (PSS sum) | whole run peak MB |")
    lines = [head, "|" + "---|" * 18]
    for r in rows:
        total = sum(r.get(s, 0) for s in STAGES)
        cells = [f"{r['docs']:,}", r["engine"], *(f"{r[s]:.1f}" if s in r else "-" for s in STAGES),
                 f"{total:.1f}", f"{r['candidate_pairs']:,}", f"{r['recall']:.6f}",
                 f"{r['passages']:,}", f"{r['driver_peak_mb']:.0f}",
                 f"{r['jvm_peak_mb']:.0f}" if "jvm_peak_mb" in r else "-",
                 *(f"{r[k]:.0f}" if k in r else "-"
                   for k in ("workers_peak_mb", "workers_pss_peak_mb", "total_peak_mb"))]
        lines.append("| " + " | ".join(cells) + " |")
    staged = [r for r in rows if r.get("stage_peak_mb")]
    if staged:
        lines += ["", "Whole run peak MB at one instant, by the stage running then:", "",
                  "| docs | engine | " + " | ".join(s[:-2] for s in STAGES) + " |",
                  "|" + "---|" * (2 + len(STAGES))]
        for r in staged:
            lines.append(f"| {r['docs']:,} | {r['engine']} | " + " | ".join(
                f"{r['stage_peak_mb'][s]:,}" if s in r["stage_peak_mb"] else "-" for s in STAGES)
                + " |")
    return "\n".join(lines)


def estimate(rows: list[dict], cores: int, worker_cores: int) -> str:
    """Wall-time estimate for 10M / 100M documents on N workers, from the largest Spark run."""
    spark = [r for r in rows if r["engine"] == "spark"]
    if not spark:
        return ""
    r = max(spark, key=lambda r: r["docs"])
    per_doc = (r["fingerprint_s"] + r["shares_s"]) * cores / r["docs"]  # core-seconds
    per_pair = r["align_s"] * cores / max(1, r["candidate_pairs"])
    pairs_per_doc = r["candidate_pairs"] / r["docs"]
    lines = [f"From the {r['docs']:,}-document Spark run on {cores} cores: {per_doc * 1e3:.2f} "
             f"core-ms per document (tokenise + fingerprint, shares), {per_pair * 1e3:.3f} core-ms "
             f"per candidate pair (alignment), {pairs_per_doc:.1f} candidate pairs per document.",
             "",
             f"| docs | candidate pairs | core-hours | wall h, 10 workers x {worker_cores} cores "
             f"| wall h, 100 workers x {worker_cores} cores |",
             "|---|---|---|---|---|"]
    for n in (10_000_000, 100_000_000):
        core_s = n * per_doc + n * pairs_per_doc * per_pair
        lines.append(f"| {n:,} | {n * pairs_per_doc:,.0f} | {core_s / 3600:,.0f} | "
                     f"{core_s / 3600 / (10 * worker_cores):,.1f} | "
                     f"{core_s / 3600 / (100 * worker_cores):,.2f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--engines", nargs="+", default=["local", "spark"], choices=["local", "spark"])
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--worker-cores", type=int, default=8)
    ap.add_argument("--json", type=Path, help="also append each result as a JSON line here")
    ap.add_argument("--table", type=Path, help="only print the tables from results saved by --json")
    ap.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # child: size engine
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], args)))
        return
    rows = []
    if args.table:
        rows = [json.loads(line) for line in args.table.read_text().splitlines() if line.strip()]
        rows.sort(key=lambda r: (r["docs"], r["engine"]))
        args.sizes = []
    for n in args.sizes:
        for engine in args.engines:
            cmd = [sys.executable, __file__, "--one", str(n), engine, "--master", args.master,
                   "--partitions", str(args.partitions), "--corpus", str(args.corpus), "--work",
                   str(args.work)]
            log = args.work / f"bench-spark-{n}-{engine}.log"
            with log.open("w") as err:  # the whole log: Spark's cause is often far above the end
                res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
            if res.returncode:
                sys.exit(f"{n} {engine} failed (whole log: {log}):\n"
                         f"{log.read_text(errors='replace')[-3000:]}")
            rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
            if args.json:
                with args.json.open("a") as fh:
                    fh.write(json.dumps(rows[-1]) + "\n")
            print(f"done: {n:,} documents, {engine}", file=sys.stderr, flush=True)
    print(table(rows))
    cores = int(args.master[6:-1]) if args.master.startswith("local[") and args.master[6:-1].isdigit() \
        else os.cpu_count()
    print()
    print(estimate(rows, cores, args.worker_cores))


if __name__ == "__main__":
    main()
