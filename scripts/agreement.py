"""Agreement between the annotations in corpus/annotations/ (first pass, as adjudicated) and the
blind second pass kept verbatim in corpus/second_pass/ (see its README for what its annotator saw).

Usage: python scripts/agreement.py [--corpus corpus] [--label LABEL] [--write] [--markdown]
Prints the measures and every disagreement; --markdown prints the tables GUIDELINES.md section 5
shows; with --write, stores the result under LABEL in corpus/agreement.json (other labels kept).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

import yaml

from polit_corpus.agreement import compare
from polit_corpus.annotate import Speaker, annotate
from polit_corpus.schemas import schema_errors
from polit_corpus.validate import validate_corpus


def records(doc) -> dict:
    return {"quotes": [asdict(q) for q in doc.quotes], "figures": [asdict(f) for f in doc.figures],
            "mentions": [asdict(m) for m in doc.mentions]}


def second_pass(corpus: Path, docs) -> tuple[dict, list[str]]:
    """The second pass resolved against the same clean texts; problems (lost anchors, coverage
    gaps) are reported, not fixed: the files stay as delivered."""
    folder = corpus / "second_pass"
    raw = yaml.safe_load((folder / "speakers.yaml").read_text(encoding="utf-8"))
    speakers = {s["speaker_id"]: Speaker(s["speaker_id"], s["name"], s["kind"], s["role"],
                                         s["organisation"], tuple(s["aliases"]))
                for s in raw["speakers"]}
    out, problems = {}, []
    for doc in docs:
        path = folder / f"{doc.id}.yaml"
        standoff = yaml.safe_load(path.read_text(encoding="utf-8"))
        errs = schema_errors(standoff, "standoff", str(path))
        if errs:
            raise SystemExit("\n".join(map(str, errs)))
        annotated, _, found = annotate(doc, standoff, speakers)
        problems += [f"{doc.id}: {rec}: {field}: {msg}" for rec, field, msg in found]
        out[doc.id] = records(annotated)
    return out, problems


def _f(x) -> str:
    return "n/a" if x is None else f"{x}"


def markdown(r: dict) -> str:
    lines = ["| span layer | first | second | exact P / R / F1 | overlap P / R / F1 |",
             "|---|---|---|---|---|"]
    for name, s in [*sorted(r["spans"].items()), *sorted(r["spans_per_type"].items())]:
        e, o = s["exact"], s["overlap"]
        lines.append(f"| {name} | {s['first']} | {s['second']} | {e['precision']} / {e['recall']} / "
                     f"{e['f1']} ({e['matched']} matched) | {o['precision']} / {o['recall']} / "
                     f"{o['f1']} ({o['matched']} matched) |")
    lines += ["", "| attribute (overlap-matched pairs) | pairs | both null, excluded | compared | "
              "agree | agreement |", "|---|---|---|---|---|---|"]
    for layer in ("quote_attributes", "figure_attributes"):
        for name, a in sorted(r[layer].items()):
            lines.append(f"| {layer.split('_')[0]} {name} | {a['pairs']} | {a['both_null_excluded']} | "
                         f"{a['compared']} | {a['agree']} | {_f(a['agreement'])} |")
    lines += ["", "| categorical attribute | pairs | observed agreement | Cohen's kappa |",
              "|---|---|---|---|"]
    for name, k in sorted(r["kappa"].items()):
        lines.append(f"| {name} | {k['pairs']} | {_f(k['observed'])} | {_f(k['kappa'])} |")
    sp = r["speakers"]
    lines += ["", f"Speaker entities: {sp['entities_first']} in the first pass, "
              f"{sp['entities_second']} in the second, {sp['mapped']} mapped one to one by "
              "co-occurrence on matched quotations:", "",
              "| second pass id | first pass id | co-occurrences | second id's matched quotes |",
              "|---|---|---|---|"]
    for s2, m in sorted(sp["mapping"].items()):
        lines.append(f"| `{s2}` | `{m['first']}` | {m['cooccurrences']} | {m['second_total']} |")
    for name in ("statistic_groups", "quote_clusters"):
        g = r[name]
        mp = g["member_pairs"]
        lines += ["", f"{name.replace('_', ' ').capitalize()}: {g['groups_first']} groups in the "
                  f"first pass, {g['groups_second']} in the second, {g['identical_groups']} "
                  f"identical; co-membership pairs P {mp['precision']}, R {mp['recall']}, "
                  f"F1 {mp['f1']} ({mp['matched']} of {mp['first']} vs {mp['second']})."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--label", default="after_adjudication")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    docs, errors = validate_corpus(args.corpus)
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    first = {d.id: records(d) for d in docs}
    second, problems = second_pass(args.corpus, docs)
    result = compare(first, second)
    result["second_pass_problems"] = problems
    if args.markdown:
        print(markdown(result))
    else:
        print(json.dumps({k: v for k, v in result.items() if k != "disagreements"}, indent=1,
                         ensure_ascii=False))
        print(f"{len(problems)} problems in the second pass as delivered:")
        for p in problems:
            print("   ", p)
        print(f"{len(result['disagreements'])} disagreements:")
        for d in result["disagreements"]:
            print("   ", json.dumps(d, ensure_ascii=False))
    if args.write:
        path = args.corpus / "agreement.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data[args.label] = result
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
        print(f"wrote {path} [{args.label}]")


if __name__ == "__main__":
    main()
