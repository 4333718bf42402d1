"""Benchmark: candidate generation and alignment on synthetic collections of 1k-50k documents.

Collections are built from the corpus's clean texts with a fixed random seed:

* unrelated filler (a fifth of the collection): words of the seed vocabulary in random order;
* families of 2-8 related documents: a root made of filler sentences, in 15% of families with
  passages spliced from one or two seed texts (lightly mutated), and members derived from the
  root by word substitutions, deletions, sentence shuffles, dropped sentences, and (one in
  three) a passage spliced from another, recent family's root.

Seed passages recur in many families, as stock text does in a news archive: above max_df
documents their fingerprints propose no pairs. Ground truth for recall: two documents of one
family (they share the root's filler sentences, so they must be proposed).

Each size runs in a fresh process so that peak memory (ru_maxrss, the process's resident peak,
read after each stage) belongs to that size alone. Timings are wall-clock on this machine.

    python scripts/bench_align.py                 # 1k, 10k and 50k documents
    python scripts/bench_align.py --sizes 1000    # one size
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from polit_corpus.align import AlignParams, align_tokens, tokenize
from polit_corpus.candidates import candidate_pairs
from polit_corpus.corpus import load_documents

SEED = 20200131
SEED_SPLICE = 0.15  # share of family roots that splice passages from the seed texts
SENTENCE = re.compile(r"(?<=[.!?”\"])\s+")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def seed_material(corpus: Path) -> tuple[list[list[str]], list[str]]:
    """Sentences (as word lists) of each seed text, and the seed vocabulary."""
    seeds, vocab = [], []
    for d in load_documents(corpus):
        sents = [s.split() for p in d.cleaned.paragraphs for s in SENTENCE.split(p.text)]
        seeds.append([s for s in sents if s])
        vocab += [w for s in sents for w in s]
    return seeds, vocab


class Generator:
    def __init__(self, seeds: list[list[str]], vocab: list[str], rng: random.Random):
        self.seeds, self.vocab, self.rng = seeds, vocab, rng

    def filler_sentence(self) -> list[str]:
        words = self.rng.choices(self.vocab, k=self.rng.randint(8, 24))
        return [*words[:-1], words[-1] + "."]

    def seed_passage(self) -> list[list[str]]:
        seed = self.rng.choice(self.seeds)
        n = self.rng.randint(2, 4)
        start = self.rng.randrange(max(1, len(seed) - n))
        return [self.mutate(s, subst=0.08, delete=0.03) for s in seed[start:start + n]]

    def mutate(self, sent: list[str], subst: float, delete: float) -> list[str]:
        out = []
        for w in sent:
            r = self.rng.random()
            if r < delete:
                continue
            out.append(self.rng.choice(self.vocab) if r < delete + subst else w)
        return out or sent

    def root(self) -> list[list[str]]:
        sents = [self.filler_sentence() for _ in range(self.rng.randint(8, 16))]
        if self.rng.random() < SEED_SPLICE:
            for _ in range(self.rng.randint(1, 2)):  # passages from one or two seeds
                at = self.rng.randrange(len(sents) + 1)
                sents[at:at] = self.seed_passage()
        return sents

    def member(self, root: list[list[str]], donors: list[list[list[str]]]) -> list[list[str]]:
        sents = [self.mutate(s, subst=0.03, delete=0.02) for s in root]
        for _ in range(self.rng.randint(0, 2)):
            if len(sents) > 4:
                del sents[self.rng.randrange(len(sents))]
        for _ in range(2):  # sentence shuffle: swap two sentences
            a, b = self.rng.randrange(len(sents)), self.rng.randrange(len(sents))
            sents[a], sents[b] = sents[b], sents[a]
        if donors and self.rng.random() < 1 / 3:  # a passage from another family's root
            donor = self.rng.choice(donors)
            start = self.rng.randrange(len(donor))
            at = self.rng.randrange(len(sents) + 1)
            sents[at:at] = donor[start:start + self.rng.randint(2, 4)]
        return sents


def render(sents: list[list[str]], rng: random.Random) -> str:
    paras, cur = [], []
    for s in sents:
        cur.append(" ".join(s))
        if rng.random() < 0.35:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return "\n\n".join(paras)


def collection(n: int, corpus: Path) -> tuple[list[SimpleNamespace], set[tuple[int, int]]]:
    rng = random.Random(SEED + n)
    gen = Generator(*seed_material(corpus), rng)
    texts: list[tuple[int, str]] = []  # (family or -1, text)
    roots: list[list[list[str]]] = []
    family = 0
    while len(texts) < n - n // 5:
        root = gen.root()
        size = min(rng.randint(2, 8), n - n // 5 - len(texts))
        texts.append((family, render(root, rng)))
        for _ in range(size - 1):
            texts.append((family, render(gen.member(root, roots[-200:]), rng)))
        roots.append(root)
        family += 1
    while len(texts) < n:
        texts.append((-1, render([gen.filler_sentence() for _ in range(rng.randint(10, 20))], rng)))
    rng.shuffle(texts)
    docs = [SimpleNamespace(id=f"syn{i:06d}", text=t) for i, (_, t) in enumerate(texts)]
    members: dict[int, list[int]] = {}
    for i, (f, _) in enumerate(texts):
        if f >= 0:
            members.setdefault(f, []).append(i)
    truth = {(a, b) for ids in members.values() for x, a in enumerate(ids) for b in ids[x + 1:]}
    return docs, truth


def paragraphs(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for chunk in text.split("\n\n"):
        out.append((pos, pos + len(chunk), "body"))
        pos += len(chunk) + 2
    return out


def run_one(n: int, corpus: Path) -> dict:
    params = AlignParams()
    t0 = time.perf_counter()
    docs, truth = collection(n, corpus)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    toks = [tokenize(d.text, paragraphs(d.text)) for d in docs]
    t_tok = time.perf_counter() - t0
    mem_tok = _peak_mb()
    t0 = time.perf_counter()
    pairs = candidate_pairs([t.norms for t in toks], params)
    t_cand = time.perf_counter() - t0
    mem_cand = _peak_mb()
    t0 = time.perf_counter()
    n_passages = aligned_pairs = 0
    for a, b, _ in pairs:
        found = align_tokens(docs[a].id, docs[a].text, toks[a], docs[b].id, docs[b].text, toks[b],
                             params)
        n_passages += len(found)
        aligned_pairs += bool(found)
    t_align = time.perf_counter() - t0
    mem_align = _peak_mb()
    proposed = {(a, b) for a, b, _ in pairs}
    return {
        "docs": n, "tokens": sum(len(t.norms) for t in toks), "all_pairs": n * (n - 1) // 2,
        "candidates": len(pairs), "family_recall": len(truth & proposed) / max(1, len(truth)),
        "aligned_pairs": aligned_pairs, "passages": n_passages,
        "gen_s": t_gen, "tokenize_s": t_tok, "candidates_s": t_cand, "align_s": t_align,
        "peak_mb_tokenize": mem_tok, "peak_mb_candidates": mem_cand, "peak_mb_align": mem_align,
    }


def table(rows: list[dict]) -> str:
    head = ("| docs | tokens | all pairs | candidate pairs | share of all pairs | family-pair recall "
            "| pairs with passages | passages | tokenize s | candidates s | align s "
            "| peak MB after candidates | peak MB after align |")
    lines = [head, "|" + "---|" * 13]
    for r in rows:
        lines.append(
            f"| {r['docs']:,} | {r['tokens']:,} | {r['all_pairs']:,} | {r['candidates']:,} | "
            f"{r['candidates'] / r['all_pairs']:.4%} | {r['family_recall']:.3f} | "
            f"{r['aligned_pairs']:,} | {r['passages']:,} | {r['tokenize_s']:.1f} | "
            f"{r['candidates_s']:.1f} | {r['align_s']:.1f} | {r['peak_mb_candidates']:.0f} | "
            f"{r['peak_mb_align']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size, JSON out
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus)))
        return
    rows = []
    for n in args.sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n), "--corpus",
                              str(args.corpus)], capture_output=True, text=True, check=True)
        rows.append(json.loads(res.stdout))
        print(f"done: {n:,} documents", file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
