"""Score the quotation pre-annotator on PolNeAR (news attributions by other authors).

Usage: python scripts/eval_polnear.py DIR [--split dev|train] [--old-mapping]
       [--without-quoted-paragraphs] [--json]

DIR is a local copy of github:networkdynamics/PolNeAR (it holds data/<split>/text and
data/<split>/attributions). PolNeAR has no licence: never commit it or anything derived from it.
Its test split is kept for blind measurement; this script refuses to read it.

Mapping PolNeAR to this corpus's quotations (PolNeAR guidelines, and its README):
- an Attribution event links Source, Cue and Content; each Content fragment (a discontinuous
  content is split at ';') is one gold span, except that fragments only spaces separate are
  joined (brat stores a content selected sentence by sentence as pieces with one-space gaps; the
  text is one contiguous span). A multi-annotator text is scored on its first annotation file by
  name;
- a gold span is *direct* when its text opens and closes with a quotation mark, or when marks
  cover most of it, or when it fills a paragraph quoted as a whole (nothing before it but the
  opening mark and its own source and cue: a transcript's "WALLACE: ..." lines, whose label the
  annotators keep out of the content); every other one is *indirect*. PolNeAR also annotates
  beliefs, intentions and other internal states ("X wants to ...", "X believes ..."), which
  this corpus does not annotate as quotations, so the *speech-only* rows keep only events whose
  cue contains a speech or writing verb (the list below);
- PolNeAR gives every content span of one attribution its source ("A," she said. "B." has one
  source for both halves); ours put it on the segment that carries it, so for the source
  measure a quotation without a source takes the previous one's in the same paragraph when both
  have the same speaker;
- a mixed quotation (quoted words inside a reported clause) is one PolNeAR attribution whose
  content is the whole clause; ours is an indirect clause with a fragment per quoted part, so
  the fragments inside a proposed clause are left out and the clause is typed by the same rule
  as the gold spans (direct when marks cover most of it); likewise a quotation nested in another
  (a fragment in our output) is part of the outer one's content;
- PolNeAR content spans include the quotation marks; ours exclude them. Overlap matching
  (one to one, overlap >= half of the shorter span) absorbs that; the exact rows compare both
  sides with marks and edge punctuation stripped.

Predictions come from `polit_corpus.preannotate.rows.text_rows`, the code behind
`polit-corpus annotate --format jsonl`, with an empty speakers.yaml (every speaker is unseen),
and are scored with `polit_corpus.evaluate.score_quotes`, the scorer behind `polit-corpus
evaluate`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from polit_corpus.collection import TextRecord
from polit_corpus.evaluate import score_layer, score_quotes
from polit_corpus.preannotate.rows import text_rows

STRIDE = 10 ** 9
MARKS = "\"“”‘’'«»"
EDGE = MARKS + " \t\n,.;:!?—–-()[]"
# Cue words that make an attribution speech or writing (PolNeAR also annotates beliefs).
SPEECH = {"say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds",
          "added", "state", "states", "stated", "write", "writes", "wrote", "written", "tweet",
          "tweets", "tweeted", "ask", "asks", "asked", "claim", "claims", "claimed", "insist",
          "insists", "insisted", "warn", "warns", "warned", "explain", "explains", "explained",
          "admit", "admits", "admitted", "confirm", "confirms", "confirmed", "announce",
          "announces", "announced", "declare", "declares", "declared", "reply", "replied",
          "respond", "responded", "argue", "argues", "argued", "note", "notes", "noted",
          "report", "reports", "reported", "according", "statement", "suggest",
          "suggested", "suggests", "insisting", "remarked", "quipped", "recalled", "joked",
          "testified", "posted", "interview", "speech", "vowed", "promised", "predicted",
          "acknowledged", "conceded", "denied", "repeated", "continued", "called", "urged"}


def read_ann(path: Path, text: str, old: bool = False, paragraphs: bool = True) -> list[dict]:
    """Gold rows {start, end, type, source, speech} from one brat .ann file. The content
    fragments that only spaces separate are joined (_joined), unless `old` (the mapping before
    2026-12-07: every fragment on its own, and '' not read as a mark by _kind). `paragraphs`
    False leaves out the quoted-paragraph rule (_in_quoted_paragraph, added later that day)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 2:
            tid, info, _ = line.split("\t", 2)
            label, offsets = info.split(" ", 1)
            frags = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[tid] = (label, frags)
        elif line.startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in line.split("\t")[1].split()
                               if ":" in arg))
    rows = []
    for ev in events:
        roles: dict[str, list[tuple[int, int]]] = {}
        for role, tid in ev.items():
            if tid in spans:
                roles.setdefault(re.sub(r"\d+$", "", role), []).extend(spans[tid][1])
        src = roles.get("Source")
        source = {"start": src[0][0], "end": src[0][1]} if src else None
        cue = " ".join(text[s:e] for s, e in roles.get("Cue", [])).lower()
        speech = any(w in SPEECH for w in re.findall(r"[a-z]+", cue))
        content = roles.get("Content", [])
        for s, e in (content if old else _joined(content, text)):
            kind = _kind(text[s:e], old)
            if not old and paragraphs and kind == "indirect" and _in_quoted_paragraph(
                    text, s, roles.get("Source", []) + roles.get("Cue", [])):
                kind = "direct"
            rows.append({"start": s, "end": e, "type": kind, "source": source,
                         "speaker_id": None, "speech": speech})
    return rows


# One quotation mark, as the paragraph's opener (a lone apostrophe does not count; the doubled one does).
_PARAGRAPH_OPENERS = frozenset(MARKS.replace("'", "")) | {"''"}


def _in_quoted_paragraph(text: str, s: int, attribution: list[tuple[int, int]]) -> bool:
    """Does the content at `s` open a paragraph quoted as a whole, after nothing but one
    quotation mark and its own source and cue? A transcript quoted paragraph by paragraph
    ("WALLACE: ...", cue ':') is annotated with the label outside the content, so the content
    does not start with the mark that quotes it (not with `old`)."""
    p = text.rfind("\n", 0, s) + 1
    kept = [c for i, c in enumerate(text[p:s], p)
            if not any(a <= i < b for a, b in attribution)]
    rest = "".join(kept).strip(" :,—–-")
    return rest in _PARAGRAPH_OPENERS


def _joined(frags: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The Content fragments of one attribution, with those that only spaces separate joined:
    brat stores a content selected in pieces ("A. B." as "A." and "B.") as fragments with a
    one-space gap; the text they cover is one contiguous span, as PolNeAR's guidelines draw it
    ("include everything that is within quotes"). Fragments separated by anything else (a cue,
    a source, a paragraph break) stay apart."""
    out: list[list[int]] = []
    for s, e in sorted(frags):
        if out and not text[out[-1][1]:s].strip(" \t"):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(x) for x in out]


def _kind(span: str, old: bool = False) -> str:
    """direct when the span opens and closes with marks, or when marks cover most of it. The
    two-character mark '' (the New York Times texts' quotation mark) counts as one mark, like
    " (not with `old`, the mapping before 2026-12-07)."""
    if not old:
        span = span.replace("''", '"')
    inner = span.strip(" ,.;:!?—–-()")
    quoted = sum(1 for c in span if c in MARKS and c != "'")
    if inner[:1] in MARKS and inner[-1:] in MARKS and len(inner) > 2:
        return "direct"
    return "direct" if quoted >= 2 and _quoted_share(span) >= 0.5 else "indirect"


def _quoted_share(span: str) -> float:
    inside, depth = 0, False
    for c in span:
        if c in "“\"":
            depth = not depth if c == '"' else True
        elif c == "”":
            depth = False
        elif depth:
            inside += 1
    return inside / max(len(span), 1)


def _share_split_sources(quotes: list[dict]) -> None:
    """PolNeAR gives every content span of one attribution its source; our rows put cue and source
    only on the segment that carries them. For the source measure, a quotation with no source
    takes that of the latest earlier quotation in the same paragraph with the same speaker (a
    nested fragment between the two halves does not break the chain)."""
    last: dict[tuple[int, str], dict] = {}  # (paragraph, speaker) -> latest source
    for q in quotes:
        key = (q["paragraph"], q["speaker_id"])
        if q["source"] is None and q["speaker_id"] is not None and key in last:
            q["source"] = last[key]
        elif q["source"] is not None and q["speaker_id"] is not None:
            last[key] = q["source"]


def _mixed_as_one(quotes: list[dict], text: str, old: bool = False) -> list[dict]:
    """A mixed quotation is one PolNeAR attribution whose content is the whole reported clause
    with the quoted words inside; ours is an indirect clause plus a fragment for each quoted
    part. Fragments inside a proposed indirect clause, and those nested in a proposed quotation,
    are left out (they are part of its content), and a proposed indirect clause is typed by the
    rule the gold side uses (_kind: direct when marks cover most of it)."""
    clauses = [(q["start"], q["end"]) for q in quotes if q["type"] == "indirect"]
    out = []
    for q in quotes:
        if q["type"] == "fragment" and (q["nested_in"] is not None or any(
                s <= q["start"] and q["end"] <= e for s, e in clauses)):
            continue
        if q["type"] == "indirect":
            q = {**q, "type": _kind(text[q["start"]:q["end"]], old)}
        out.append(q)
    return out


def _stripped(rows: list[dict], text: str, shift: int) -> list[dict]:
    out = []
    for r in rows:
        s, e = r["start"] - shift, r["end"] - shift
        while s < e and text[s] in EDGE:
            s += 1
        while e > s and text[e - 1] in EDGE:
            e -= 1
        out.append({**r, "start": s + shift, "end": e + shift})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N texts")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--old-mapping", action="store_true",
                    help="the gold mapping before 2026-12-07: every Content fragment its own "
                         "span, and '' not read as a quotation mark when typing spans")
    ap.add_argument("--without-quoted-paragraphs", action="store_true",
                    help="the new mapping without its last rule: a content that fills a quoted "
                         "paragraph after its own source and cue is direct")
    args = ap.parse_args()
    base = args.dir / "data" / args.split
    if not (base / "text").is_dir():
        sys.exit(f"error: {base / 'text'}: not a PolNeAR {args.split} folder")
    gold_q, pred_q, strip_g, strip_p = [], [], [], []
    chars, seconds = 0, 0.0
    texts = sorted((base / "text").glob("*.txt"))[:args.limit]
    for n, txt in enumerate(texts):
        anns = sorted((base / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        shift = n * STRIDE
        t0 = time.perf_counter()
        row = text_rows(TextRecord(txt.stem, text), {}, str(txt))
        seconds += time.perf_counter() - t0
        chars += len(text)
        gold = [{**g, "start": g["start"] + shift, "end": g["end"] + shift,
                 "source": g["source"] and {k: v + shift for k, v in g["source"].items()}}
                for g in read_ann(anns[0], text, args.old_mapping,
                                  not args.without_quoted_paragraphs)]
        _share_split_sources(row["quotes"])
        quotes = _mixed_as_one(row["quotes"], text, args.old_mapping)
        pred = [{"start": q["start"] + shift, "end": q["end"] + shift,
                 "type": "direct" if q["type"] == "fragment" else q["type"],
                 "speaker_id": None, "frag": q["type"] == "fragment",
                 "source": q["source"] and {"start": q["source"]["start"] + shift,
                                            "end": q["source"]["end"] + shift}}
                for q in quotes]
        gold_q += gold
        pred_q += pred
        strip_g += _stripped([g for g in gold if g["type"] == "direct"], text, shift)
        strip_p += _stripped([p for p in pred if p["type"] == "direct" and not p["frag"]],
                             text, shift)
    direct_g = [g for g in gold_q if g["type"] == "direct"]
    direct_p = [p for p in pred_q if p["type"] == "direct" and not p["frag"]]
    speech_g = [g for g in gold_q if g["speech"]]
    res = {
        "texts": len(texts), "chars": chars, "chars_per_s": round(chars / max(seconds, 1e-9)),
        "direct": score_quotes(direct_g, direct_p),
        "direct_exact_stripped": score_layer(strip_g, strip_p)[0]["exact"],
        "all": score_layer(gold_q, pred_q)[0],
        "speech_only": score_layer(speech_g, pred_q)[0],
        "speech_only_direct": score_layer([g for g in speech_g if g["type"] == "direct"],
                                          direct_p)[0],
    }
    if args.json:
        print(json.dumps(res, indent=2))
        return
    d = res["direct"]
    src = d["attributes"]["source overlaps gold source"]
    print(f"PolNeAR {args.split}: {res['texts']} texts, {chars} chars, "
          f"{res['chars_per_s']:,} chars/s (clean + annotate)")
    print("| measure | gold | predicted | P | R | F1 |")
    print("|---|---|---|---|---|---|")

    def line(name: str, s: dict) -> None:
        print(f"| {name} | {s['gold']} | {s['predicted']} | {s['precision']:.3f} | "
              f"{s['recall']:.3f} | {s['f1']:.3f} |")

    line("direct quotations, overlap", d["spans"]["quotes"]["overlap"])
    line("direct quotations, exact (marks and edge punctuation stripped)",
         res["direct_exact_stripped"])
    line("all attributions (direct + indirect), overlap", res["all"]["overlap"])
    line("speech-only attributions, overlap", res["speech_only"]["overlap"])
    line("speech-only direct quotations, overlap", res["speech_only_direct"]["overlap"])
    print(f"\nmatched direct quotes whose proposed source overlaps the gold source: "
          f"{src['agree']} of {src['compared']} ({src['share']})")


if __name__ == "__main__":
    main()
