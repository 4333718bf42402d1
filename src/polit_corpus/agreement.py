"""Inter-annotator agreement between two independent passes over the same clean texts.

Honest by construction:
- spans are matched one to one with `polit_corpus.scoring` (exact, and overlap >= 50% of the
  shorter span), per layer (quotes, figures, cues, sources, counted nouns, mentions) and per type
  (quotation type, figure category);
- attributes are compared on overlap-matched pairs; a pair where both passes leave the attribute
  null is *excluded* (agreeing on nothing is not agreement) and the counts are shown;
- Cohen's kappa is given for the categorical attributes (quotation type, approximation, unit,
  category);
- the two passes name their speaker entities independently, so speakers are compared through a
  one-to-one mapping between the entities, chosen by maximum co-occurrence on matched quotations,
  never by id equality; the same holds for statistic ids and quote clusters, which are compared
  as groupings (pairwise co-membership), not as names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from .scoring import match_exact, match_overlap, prf

QUOTE_TYPES = ("direct", "indirect", "fragment")
KAPPA_ATTRIBUTES = {"quotes": ("type",), "figures": ("approximation", "unit", "category")}


def _key(s: dict | None) -> tuple[int, int] | None:
    return None if s is None else (s["start"], s["end"])


def _spans(records: Iterable[dict], get: Callable[[dict], dict | None] = lambda r: r
           ) -> list[tuple[int, int]]:
    """Distinct spans (a cue shared by two quotations is one cue)."""
    return sorted({_key(get(r)) for r in records if get(r) is not None})


def span_scores(first: dict[str, dict], second: dict[str, dict], layer: str,
                get: Callable[[dict], dict | None] = lambda r: r,
                keep: Callable[[dict], bool] = lambda r: True) -> dict:
    """Exact and overlap P/R/F1 of one span layer, summed over documents (first = reference)."""
    m_exact = m_overlap = n1 = n2 = 0
    for doc_id in sorted(set(first) | set(second)):
        a = _spans([r for r in first.get(doc_id, {}).get(layer, []) if keep(r)], get)
        b = _spans([r for r in second.get(doc_id, {}).get(layer, []) if keep(r)], get)
        m_exact += len(match_exact(a, b))
        m_overlap += len(match_overlap(a, b))
        n1, n2 = n1 + len(a), n2 + len(b)
    exact, overlap = prf(m_exact, n1, n2), prf(m_overlap, n1, n2)
    return {"first": n1, "second": n2,
            "exact": {"precision": exact.precision, "recall": exact.recall, "f1": exact.f1,
                      "matched": exact.matched},
            "overlap": {"precision": overlap.precision, "recall": overlap.recall,
                        "f1": overlap.f1, "matched": overlap.matched}}


def matched_pairs(first: dict[str, dict], second: dict[str, dict], layer: str
                  ) -> list[tuple[str, dict, dict]]:
    """(doc_id, first record, second record) for every overlap-matched pair of a layer."""
    out = []
    for doc_id in sorted(set(first) & set(second)):
        a, b = first[doc_id].get(layer, []), second[doc_id].get(layer, [])
        for i, j in match_overlap([_key(r) for r in a], [_key(r) for r in b]):
            out.append((doc_id, a[i], b[j]))
    return out


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two label sequences; None when chance agreement is 1 (one label only)."""
    n = len(pairs)
    if not n:
        return None
    po = sum(x == y for x, y in pairs) / n
    ca, cb = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return None if pe == 1 else round((po - pe) / (1 - pe), 4)


def speaker_mapping(pairs: list[tuple[str, dict, dict]]) -> dict[str, dict]:
    """One-to-one map from the second pass's speaker ids to the first's, by maximum
    co-occurrence on matched quotations (greedy, largest count first, ties by id)."""
    counts = Counter((b["speaker_id"], a["speaker_id"]) for _, a, b in pairs
                     if a["speaker_id"] and b["speaker_id"])
    mapping: dict[str, dict] = {}
    used: set[str] = set()
    for (s2, s1), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if s2 not in mapping and s1 not in used:
            mapping[s2] = {"first": s1, "cooccurrences": n,
                           "second_total": sum(c for (x, _), c in counts.items() if x == s2)}
            used.add(s1)
    return mapping


def _attr(name: str, pairs: list[tuple[str, dict, dict]], get: Callable[[dict], object],
          layer: str, disagreements: list[dict], show: Callable[[dict], str]) -> dict:
    both_null = agree = 0
    for doc_id, a, b in pairs:
        x, y = get(a), get(b)
        if x is None and y is None:
            both_null += 1
            continue
        if x == y:
            agree += 1
        else:
            disagreements.append({"doc": doc_id, "layer": layer, "attribute": name,
                                  "span": a["text"][:70], "first": _plain(x), "second": _plain(y),
                                  "at": show(a)})
    compared = len(pairs) - both_null
    return {"pairs": len(pairs), "both_null_excluded": both_null, "compared": compared,
            "agree": agree, "agreement": round(agree / compared, 4) if compared else None}


def _plain(v: object) -> object:
    return list(v) if isinstance(v, tuple) else v


def _groups(passes: dict[str, dict], layer: str, key: str, canon: Callable) -> set[frozenset]:
    by: dict[str, set] = {}
    for doc_id, recs in passes.items():
        for r in recs.get(layer, []):
            if r[key]:
                by.setdefault(r[key], set()).add(canon(doc_id, r))
    return {frozenset(g) for g in by.values()}


def _co_pairs(groups: set[frozenset]) -> set[frozenset]:
    return {frozenset((x, y)) for g in groups for x in g for y in g if x != y}


def grouping_agreement(first: dict, second: dict, layer: str, key: str,
                       pairs: list[tuple[str, dict, dict]]) -> dict:
    """Statistic ids / quote clusters as groupings: second-pass members are translated to their
    matched first-pass span, then co-membership pairs are scored (P/R/F1) and the groups compared."""
    to_first = {(d, _key(b)): (d, _key(a)) for d, a, b in pairs}

    def canon_first(doc_id, r):
        return (doc_id, _key(r))

    def canon_second(doc_id, r):
        return to_first.get((doc_id, _key(r)), ("second-only", doc_id, _key(r)))

    ga = _groups(first, layer, key, canon_first)
    gb = _groups(second, layer, key, canon_second)
    pa, pb = _co_pairs(ga), _co_pairs(gb)
    s = prf(len(pa & pb), len(pa), len(pb))
    return {"groups_first": len(ga), "groups_second": len(gb), "identical_groups": len(ga & gb),
            "member_pairs": {"first": len(pa), "second": len(pb), "matched": s.matched,
                             "precision": s.precision, "recall": s.recall, "f1": s.f1},
            "only_first": sorted([sorted(map(str, g)) for g in ga - gb]),
            "only_second": sorted([sorted(map(str, g)) for g in gb - ga])}


def compare(first: dict[str, dict], second: dict[str, dict]) -> dict:
    """`first`/`second`: doc_id -> {"quotes": [...], "figures": [...], "mentions": [...]} as
    resolved records (dicts of annotate.Quote / Figure / Mention). The first pass is the
    reference side of P/R (its counts are `first`)."""
    disagreements: list[dict] = []
    spans = {
        "quotes": span_scores(first, second, "quotes"),
        "figures": span_scores(first, second, "figures"),
        "cues": span_scores(first, second, "quotes", lambda q: q["cue"]),
        "sources": span_scores(first, second, "quotes", lambda q: q["source"]),
        "counted": span_scores(first, second, "figures", lambda f: f["counted"]),
        "mentions": span_scores(first, second, "mentions"),
    }
    per_type = {f"quotes/{t}": span_scores(first, second, "quotes", keep=lambda q, t=t: q["type"] == t)
                for t in QUOTE_TYPES}
    cats = sorted({f["category"] for p in (first, second) for d in p.values()
                   for f in d.get("figures", [])})
    per_type.update({f"figures/{c}": span_scores(first, second, "figures",
                                                 keep=lambda f, c=c: f["category"] == c)
                     for c in cats})

    qpairs = matched_pairs(first, second, "quotes")
    fpairs = matched_pairs(first, second, "figures")
    for layer, layer_pairs in (("quotes", qpairs), ("figures", fpairs)):
        for doc_id, a, b in layer_pairs:
            if _key(a) != _key(b):
                disagreements.append({"doc": doc_id, "layer": layer, "attribute": "span boundary",
                                      "span": a["text"][:70], "first": a["text"][:120],
                                      "second": b["text"][:120], "at": str(_key(a))})
    for layer in ("quotes", "figures"):
        a_keys = {(d, _key(a)) for d, a, _ in (qpairs if layer == "quotes" else fpairs)}
        b_keys = {(d, _key(b)) for d, _, b in (qpairs if layer == "quotes" else fpairs)}
        for side, passes, seen in (("first_only", first, a_keys), ("second_only", second, b_keys)):
            for doc_id, recs in sorted(passes.items()):
                for r in recs.get(layer, []):
                    if (doc_id, _key(r)) not in seen:
                        disagreements.append({"doc": doc_id, "layer": layer,
                                              "attribute": side, "span": r["text"][:70],
                                              "first": r["text"][:120] if side == "first_only" else None,
                                              "second": r["text"][:120] if side == "second_only" else None,
                                              "at": str(_key(r))})

    mapping = speaker_mapping(qpairs)
    first_speakers = {q["speaker_id"] for d in first.values() for q in d.get("quotes", [])
                      if q["speaker_id"]}
    second_speakers = {q["speaker_id"] for d in second.values() for q in d.get("quotes", [])
                       if q["speaker_id"]}
    # Links point at quote ids; translate the second pass's ids to the matched first-pass ids.
    id_map = {(d, b["quote_id"]): a["quote_id"] for d, a, b in qpairs}

    def at(r: dict) -> str:
        return f"{r['figure_id'] if 'figure_id' in r else r['quote_id']} {_key(r)}"

    q_attr = {}
    for name, ga, gb in (
        ("type", lambda q: q["type"], lambda q: q["type"]),
        ("speaker", lambda q: q["speaker_id"],
         lambda q: mapping.get(q["speaker_id"], {}).get("first", f"(unmapped) {q['speaker_id']}")
         if q["speaker_id"] else None),
        ("cue span", lambda q: _key(q["cue"]), lambda q: _key(q["cue"])),
        ("source span", lambda q: _key(q["source"]), lambda q: _key(q["source"])),
    ):
        q_attr[name] = _attr(name, [(d, {**a, "_v": ga(a)}, {**b, "_v": gb(b)}) for d, a, b in qpairs],
                             lambda r: r["_v"], "quotes", disagreements, at)
    for field in ("continues", "nested_in"):
        q_attr[field] = _attr(field, [(d, {**a, "_v": a[field]},
                                       {**b, "_v": id_map.get((d, b[field]), f"(unmatched) {b[field]}")
                                        if b[field] else None}) for d, a, b in qpairs],
                              lambda r: r["_v"], "quotes", disagreements, at)
    q_attr["in a cluster"] = _attr("in a cluster", qpairs,
                                   lambda r: True if r["quote_cluster"] else None, "quotes",
                                   disagreements, at)

    f_attr = {}
    for name in ("value", "value_low", "value_high", "approximation", "unit", "category"):
        f_attr[name] = _attr(name, fpairs, lambda r, n=name: r[n], "figures", disagreements, at)
    f_attr["counted span"] = _attr("counted span", fpairs, lambda r: _key(r["counted"]), "figures",
                                   disagreements, at)
    f_attr["period"] = _attr("period", fpairs, lambda r: None if r["period"] is None else (
        r["period"]["start"], r["period"]["end"], r["period"]["iso_start"], r["period"]["iso_end"]),
        "figures", disagreements, at)
    f_attr["in a statistic"] = _attr("in a statistic", fpairs,
                                     lambda r: True if r["statistic_id"] else None, "figures",
                                     disagreements, at)

    kappa = {}
    for layer, names in KAPPA_ATTRIBUTES.items():
        pairs = qpairs if layer == "quotes" else fpairs
        for n in names:
            labels = [(a[n], b[n]) for _, a, b in pairs]
            kappa[f"{layer}.{n}"] = {"pairs": len(labels), "kappa": cohen_kappa(labels),
                                     "observed": round(sum(x == y for x, y in labels) / len(labels), 4)
                                     if labels else None}

    return {
        "matching": "one-to-one; exact = same offsets; overlap = overlap >= 50% of the shorter "
                    "span (polit_corpus.scoring). Attributes are compared on overlap-matched "
                    "pairs; pairs where both passes leave an attribute null are excluded.",
        "spans": spans,
        "spans_per_type": per_type,
        "quote_attributes": q_attr,
        "figure_attributes": f_attr,
        "kappa": kappa,
        "speakers": {
            "entities_first": len(first_speakers), "entities_second": len(second_speakers),
            "mapped": len(mapping),
            "mapping": {k: mapping[k] for k in sorted(mapping)},
            "unmapped_second": sorted(second_speakers - set(mapping)),
            "unmapped_first": sorted(first_speakers - {m["first"] for m in mapping.values()}),
        },
        "statistic_groups": grouping_agreement(first, second, "figures", "statistic_id", fpairs),
        "quote_clusters": grouping_agreement(first, second, "quotes", "quote_cluster", qpairs),
        "disagreements": disagreements,
    }


# ---- kept for preannotate.score until it moves to polit_corpus.scoring (issue 11) ----------

class LegacyPRF:
    """The P/R/F1 record preannotate.score and scripts/preannotate_eval.py read (first/second)."""

    def __init__(self, matched: int, first: int, second: int) -> None:
        s = prf(matched, first, second)
        self.precision, self.recall, self.f1, self.matched = s.precision, s.recall, s.f1, matched
        self.first, self.second = first, second


def legacy_prf(matched: int, first: int, second: int) -> LegacyPRF:
    return LegacyPRF(matched, first, second)


def _overlap_matches(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Greedy one-to-one matching of any-overlap spans (the pre-annotator's published measure)."""
    used: set[int] = set()
    n = 0
    for s, e in a:
        for j, (s2, e2) in enumerate(b):
            if j not in used and s < e2 and s2 < e:
                used.add(j)
                n += 1
                break
    return n
