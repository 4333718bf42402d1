"""Inter-annotator agreement between two independent passes over the same clean texts.

Quotes and figures are matched by exact span; a looser overlap match is reported beside it,
because a one-character boundary difference is a different kind of disagreement from a missed
quotation. Speaker, type and value accuracy are computed over exactly matched pairs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    matched: int
    first: int
    second: int


def prf(matched: int, first: int, second: int) -> PRF:
    p = matched / second if second else 1.0
    r = matched / first if first else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(round(p, 4), round(r, 4), round(f, 4), matched, first, second)


def _overlap_matches(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Greedy one-to-one matching of overlapping spans."""
    used: set[int] = set()
    n = 0
    for s, e in a:
        for j, (s2, e2) in enumerate(b):
            if j not in used and s < e2 and s2 < e:
                used.add(j)
                n += 1
                break
    return n


def compare(first: dict[str, dict], second: dict[str, dict],
            speaker_map: dict[str, str]) -> dict:
    """`first`/`second`: doc_id -> {"quotes": [...], "figures": [...]} as resolved records.
    `speaker_map` maps the second pass's speaker ids to the first's (by canonical name)."""
    q_exact = q_overlap = q_n1 = q_n2 = 0
    f_exact = f_overlap = f_n1 = f_n2 = 0
    spk_same = type_same = val_same = full_same = 0
    disagreements: list[dict] = []
    for doc_id in sorted(set(first) | set(second)):
        a, b = first.get(doc_id, {}), second.get(doc_id, {})
        qa = {(q["start"], q["end"]): q for q in a.get("quotes", [])}
        qb = {(q["start"], q["end"]): q for q in b.get("quotes", [])}
        q_n1, q_n2 = q_n1 + len(qa), q_n2 + len(qb)
        common = set(qa) & set(qb)
        q_exact += len(common)
        q_overlap += _overlap_matches(sorted(qa), sorted(qb))
        for k in sorted(common):
            s1 = qa[k]["speaker_id"]
            s2 = speaker_map.get(qb[k]["speaker_id"], qb[k]["speaker_id"])
            spk_same += s1 == s2
            type_same += qa[k]["type"] == qb[k]["type"]
            if s1 != s2 or qa[k]["type"] != qb[k]["type"]:
                disagreements.append({"doc": doc_id, "layer": "quote", "text": qa[k]["text"][:60],
                                      "first": [qa[k]["type"], s1], "second": [qb[k]["type"], s2]})
        for k in sorted(set(qa) ^ set(qb)):
            side = "first_only" if k in qa else "second_only"
            q = qa.get(k) or qb[k]
            disagreements.append({"doc": doc_id, "layer": "quote", "text": q["text"][:60],
                                  side: [q["type"], k[0], k[1]]})
        fa = {(f["start"], f["end"]): f for f in a.get("figures", [])}
        fb = {(f["start"], f["end"]): f for f in b.get("figures", [])}
        f_n1, f_n2 = f_n1 + len(fa), f_n2 + len(fb)
        common = set(fa) & set(fb)
        f_exact += len(common)
        f_overlap += _overlap_matches(sorted(fa), sorted(fb))
        for k in sorted(common):
            x, y = fa[k], fb[k]
            same_value = (x["value"], x["value_low"], x["value_high"]) == (
                y["value"], y["value_low"], y["value_high"])
            val_same += same_value
            same_all = same_value and all(x[c] == y[c] for c in ("approximation", "unit", "category"))
            full_same += same_all
            if not same_all:
                disagreements.append({
                    "doc": doc_id, "layer": "figure", "text": x["text"],
                    "first": [x["value"], x["value_low"], x["value_high"], x["approximation"],
                              x["unit"], x["category"]],
                    "second": [y["value"], y["value_low"], y["value_high"], y["approximation"],
                               y["unit"], y["category"]]})
        for k in sorted(set(fa) ^ set(fb)):
            side = "first_only" if k in fa else "second_only"
            f = fa.get(k) or fb[k]
            disagreements.append({"doc": doc_id, "layer": "figure", "text": f["text"],
                                  side: [k[0], k[1]]})
    qm = prf(q_exact, q_n1, q_n2)
    parts = _part_agreement(first, second, speaker_map)
    fm = prf(f_exact, f_n1, f_n2)
    return {
        "quotes_exact": qm.__dict__,
        "quotes_overlap": prf(q_overlap, q_n1, q_n2).__dict__,
        "figures_exact": fm.__dict__,
        "figures_overlap": prf(f_overlap, f_n1, f_n2).__dict__,
        "speaker_accuracy": round(spk_same / qm.matched, 4) if qm.matched else None,
        "quote_type_accuracy": round(type_same / qm.matched, 4) if qm.matched else None,
        "value_accuracy": round(val_same / fm.matched, 4) if fm.matched else None,
        "figure_attribute_accuracy": round(full_same / fm.matched, 4) if fm.matched else None,
        **{k: v for k, v in parts.items() if k != "disagreements"},
        "disagreements": disagreements + parts["disagreements"],
    }


def _span(s: dict | None) -> tuple | None:
    return None if s is None else (s["start"], s["end"])


def _part_agreement(first: dict[str, dict], second: dict[str, dict],
                    speaker_map: dict[str, str]) -> dict:
    """Agreement on the parts of exactly matched spans: cue, source, links, counted, period,
    statistic linkage. Each is the share of matched pairs that agree exactly."""
    same = {k: 0 for k in ("cue", "source", "links", "counted", "period", "statistic")}
    nq = nf = 0
    out: list[dict] = []
    for doc_id in sorted(set(first) & set(second)):
        qa = {(q["start"], q["end"]): q for q in first[doc_id].get("quotes", [])}
        qb = {(q["start"], q["end"]): q for q in second[doc_id].get("quotes", [])}
        ids = {qb[k]["quote_id"]: qa[k]["quote_id"] for k in qa if k in qb}
        for k in sorted(set(qa) & set(qb)):
            a, b = qa[k], qb[k]
            nq += 1
            for part in ("cue", "source"):
                ok = _span(a[part]) == _span(b[part])
                same[part] += ok
                if not ok:
                    out.append({"doc": doc_id, "layer": f"quote {part}", "text": a["text"][:40],
                                "first": a[part] and a[part]["text"],
                                "second": b[part] and b[part]["text"]})
            links_a = (a["continues"], a["nested_in"])
            links_b = tuple(ids.get(x, x) if x else None for x in (b["continues"], b["nested_in"]))
            same["links"] += links_a == links_b
            if links_a != links_b:
                out.append({"doc": doc_id, "layer": "quote links", "text": a["text"][:40],
                            "first": list(links_a), "second": list(links_b)})
        fa = {(f["start"], f["end"]): f for f in first[doc_id].get("figures", [])}
        fb = {(f["start"], f["end"]): f for f in second[doc_id].get("figures", [])}
        for k in sorted(set(fa) & set(fb)):
            a, b = fa[k], fb[k]
            nf += 1
            ok = _span(a["counted"]) == _span(b["counted"])
            same["counted"] += ok
            if not ok:
                out.append({"doc": doc_id, "layer": "figure counted", "text": a["text"],
                            "first": a["counted"] and a["counted"]["text"],
                            "second": b["counted"] and b["counted"]["text"]})
            pa, pb = (None if p is None else (p["start"], p["end"], p["iso_start"], p["iso_end"])
                      for p in (a["period"], b["period"]))
            same["period"] += pa == pb
            if pa != pb:
                out.append({"doc": doc_id, "layer": "figure period", "text": a["text"],
                            "first": a["period"] and [a["period"]["text"], a["period"]["iso_start"],
                                                      a["period"]["iso_end"]],
                            "second": b["period"] and [b["period"]["text"],
                                                       b["period"]["iso_start"],
                                                       b["period"]["iso_end"]]})
            same["statistic"] += (a["statistic_id"] is None) == (b["statistic_id"] is None)
    # Statistic ids are names each pass chose; what must agree is which figures they group.
    same["statistic_groups"] = _same_partition(first, second, "figures", "statistic_id")
    same["quote_cluster_groups"] = _same_partition(first, second, "quotes", "quote_cluster")
    return {
        "cue_accuracy": round(same["cue"] / nq, 4) if nq else None,
        "source_accuracy": round(same["source"] / nq, 4) if nq else None,
        "link_accuracy": round(same["links"] / nq, 4) if nq else None,
        "counted_accuracy": round(same["counted"] / nf, 4) if nf else None,
        "period_accuracy": round(same["period"] / nf, 4) if nf else None,
        "statistic_membership_accuracy": round(same["statistic"] / nf, 4) if nf else None,
        "statistic_groups_identical": same["statistic_groups"],
        "quote_cluster_groups_identical": same["quote_cluster_groups"],
        "disagreements": out,
    }


def _same_partition(first: dict, second: dict, layer: str, key: str) -> bool:
    def groups(passes: dict) -> set[frozenset]:
        by: dict[str, set] = {}
        for doc_id, recs in passes.items():
            for r in recs.get(layer, []):
                if r[key]:
                    by.setdefault(r[key], set()).add((doc_id, r["start"], r["end"]))
        return {frozenset(g) for g in by.values()}
    return groups(first) == groups(second)
