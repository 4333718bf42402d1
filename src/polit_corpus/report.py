"""Educators' report: a static HTML site (opens from file://, no server, no network).

Python prepares what each page shows; the pages themselves are Jinja2 templates with their CSS and
script, package data under ``templates/report/``. Plain words for technical labels come from
``templates/report/words.yaml``. Pages: an index (headline, outlet and date per text, a timeline
drawn to scale, plain-language reuse classes, who is quoted across the corpus); one page per
document with quotations, speakers and figures marked and a who-is-quoted chart; one side-by-side
page per derived pair that opens with what the copy changed; the figures page, conflicts first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .changes import Changes, pair_changes, word_diff, words

TEMPLATES = "templates/report"


@lru_cache(maxsize=1)
def _env() -> Environment:
    folder = resources.files("polit_corpus").joinpath(TEMPLATES)
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.globals["css"] = folder.joinpath("report.css").read_text(encoding="utf-8")
    env.globals["sync_js"] = folder.joinpath("sync.js").read_text(encoding="utf-8")
    env.filters["plain"] = plain
    env.filters["pct"] = lambda v: f"{v:.0%}"
    env.filters["num"] = fmt_num
    return env


@lru_cache(maxsize=1)
def plain_words() -> dict[str, dict[str, str]]:
    path = resources.files("polit_corpus").joinpath(TEMPLATES, "words.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def plain(value: str | None, table: str) -> str:
    """The plain-language name of a technical label; unknown labels read with spaces."""
    if value is None:
        return "not known"
    return plain_words().get(table, {}).get(value, value.replace("_", " "))


def fmt_num(v: float | None) -> str:
    """A number as a reader writes it: 312, 1,400, 273.75 -> 274 (with 'about' added by callers)."""
    if v is None:
        return "no number"
    if math.isinf(v):
        return "no upper limit"
    if abs(v - round(v)) < 1e-9:
        return f"{round(v):,}"
    if abs(v) >= 10:
        return f"{round(v):,}"
    return f"{v:.2g}"


# --- marked text: Python computes the nesting, the template writes the tags ---------------------


@dataclass(frozen=True)
class Mark:
    """One highlighted span: CSS class, data attributes and a hover tip."""

    start: int
    end: int
    cls: str
    attrs: tuple[tuple[str, str], ...] = ()
    tip: str = ""


def marked_events(text: str, marks: Sequence[Mark]) -> list[dict]:
    """`text` cut at every mark boundary into open/text/close events, properly nested: a mark
    that crosses another is split into pieces that carry the same attributes (the first one
    `data-first`). The `marked` macro turns the events into spans."""
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    order = sorted(range(len(marks)), key=lambda i: (marks[i].start, -marks[i].end, i))
    out: list[dict] = []
    stack: list[int] = []
    started: set[int] = set()
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [i for i in order if marks[i].start <= a and b <= marks[i].end]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        out.extend({"kind": "close"} for _ in range(len(stack) - keep))
        stack = stack[:keep]
        for i in active[keep:]:
            m = marks[i]
            out.append({"kind": "open", "cls": m.cls, "attrs": m.attrs, "tip": m.tip,
                        "first": i not in started})
            started.add(i)
            stack.append(i)
        out.append({"kind": "text", "text": text[a:b]})
    out.extend({"kind": "close"} for _ in stack)
    return out


# --- documents ----------------------------------------------------------------------------------


def describe(doc) -> dict:
    """How the report names a text: from the register's metadata, never typed by hand."""
    v = doc.metadata.values
    first = doc.cleaned.paragraphs[0].text if doc.cleaned.paragraphs else ""
    opening = " ".join(first.split()[:12]) + ("…" if len(first.split()) > 12 else "")
    when = " ".join(x for x in (_date_words(v["date"], v["date_precision"]), v["published_time"])
                    if x) or "undated"
    return {
        "id": doc.id, "headline": v["title"], "opening": opening,
        "outlet": v["outlet"], "outlet_type": v["outlet_type"],
        "outlet_type_plain": plain(v["outlet_type"], "outlet_type"),
        "outlet_label": outlet_label(v["outlet"], v["outlet_type"]),
        "date": v["date"], "date_precision": v["date_precision"], "time": v["published_time"],
        "when": when, "force": v["force"],
        "reuse_class": doc.reuse.reuse_class, "reuse_plain": plain(doc.reuse.reuse_class, "reuse_class"),
        "share": doc.reuse.share, "derived_from": list(doc.reuse.derived_from),
    }


def outlet_label(outlet: str | None, outlet_type: str | None) -> str:
    """The outlet's name, or what kind of outlet it is when the text does not name it."""
    if outlet:
        return outlet
    if outlet_type and outlet_type != "unknown":
        return f"an unnamed {plain(outlet_type, 'outlet_type')}"
    return "an unnamed outlet"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _date_words(date: str | None, precision: str | None) -> str:
    if not date:
        return ""
    parts = date.split("-")
    if precision == "year" or len(parts) == 1:
        return f"{parts[0]} (year only)"
    if precision == "month" or len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"


def figure_tip(f) -> str:
    what = (f"{plain(f.approximation, 'approximation')} {fmt_num(f.value)}" if f.value is not None
            else plain(f.approximation, "approximation"))
    tip = f"figure {f.figure_id}: {what}, {plain(f.unit, 'unit')}"
    lo, hi = f.value_low, f.value_high
    if (lo is not None or hi is not None) and f.value is None:
        tip += f"\nsomewhere from {fmt_num(lo) if lo is not None else 'zero'} to " \
               f"{fmt_num(hi) if hi is not None else 'no upper limit'}"
    tip += f"\nwhat it counts: {plain(f.category, 'category')}"
    if f.statistic_id:
        tip += f"\nsame statistic in other texts: {f.statistic_id}"
    return tip


def document_marks(doc) -> list[Mark]:
    marks: list[Mark] = []
    for q in doc.quotes:
        tip = f"{plain(q.type, 'quote_type')} {q.quote_id}\nspeaker: {q.speaker_name or 'unknown'}"
        if q.continues:
            tip += f"\ncontinues {q.continues}"
        if q.nested_in:
            tip += f"\nnested in {q.nested_in}"
        cls = "q" if q.type == "direct" else f"q {q.type}"
        marks.append(Mark(q.start, q.end, cls, (("data-quote-id", q.quote_id),
                                                ("data-speaker", q.speaker_id or "")), tip))
        if q.cue:
            marks.append(Mark(q.cue.start, q.cue.end, "cue", (("data-cue-of", q.quote_id),),
                              f"speech verb of {q.quote_id}"))
        if q.source:
            marks.append(Mark(q.source.start, q.source.end, "src", (("data-source-of", q.quote_id),),
                              f"who says {q.quote_id}: {q.speaker_name}"))
    for f in doc.figures:
        marks.append(Mark(f.start, f.end, "fig", (("data-figure-id", f.figure_id),), figure_tip(f)))
        if f.counted:
            marks.append(Mark(f.counted.start, f.counted.end, "counted",
                              (("data-counted-of", f.figure_id),), f"counted by {f.figure_id}"))
    return marks


@dataclass(frozen=True)
class SpeakerRow:
    speaker_id: str
    name: str
    kind: str
    quotations: int  # quotations, a multi-paragraph one counted once
    segments: int  # quoted spans (one per paragraph)
    words: int  # words inside the quoted spans
    documents: int


def who_is_quoted(docs) -> list[SpeakerRow]:
    """Each speaker's quotations and quoted words over `docs`, most quoted first."""
    rows: dict[str, dict] = {}
    for d in docs:
        for q in d.quotes:
            key = q.speaker_id or ""
            r = rows.setdefault(key, {"name": q.speaker_name or "nobody named", "q": 0, "s": 0,
                                      "w": 0, "docs": set()})
            r["q"] += q.continues is None
            r["s"] += 1
            r["w"] += len(words(q.text))
            r["docs"].add(d.id)
    return sorted((SpeakerRow(k, r["name"], "", r["q"], r["s"], r["w"], len(r["docs"]))
                   for k, r in rows.items()), key=lambda r: (-r.quotations, -r.words, r.speaker_id))


def speaker_chart(rows: list[SpeakerRow], kinds: dict[str, str]) -> dict:
    """Geometry of the who-is-quoted bar chart (SVG): one row per speaker, two bars each."""
    max_q = max((r.quotations for r in rows), default=1) or 1
    max_w = max((r.words for r in rows), default=1) or 1
    row_h, label_w, bar_w = 40, 260, 380
    bars = []
    for n, r in enumerate(rows):
        bars.append({"row": r, "kind": plain(kinds.get(r.speaker_id), "speaker_kind"),
                     "y": 10 + n * row_h, "w_quotes": round(bar_w * r.quotations / max_q, 2),
                     "w_words": round(bar_w * r.words / max_w, 2)})
    return {"bars": bars, "label_w": label_w, "bar_w": bar_w,
            "height": 20 + len(rows) * row_h, "width": label_w + bar_w + 90}


# --- timeline -----------------------------------------------------------------------------------


def time_span(date: str | None, precision: str | None, time: str | None
              ) -> tuple[datetime, datetime] | None:
    """The stretch of time a date of the given precision covers (a minute for a known time)."""
    if not date:
        return None
    parts = [int(x) for x in date.split("-")]
    if len(parts) == 1 or precision == "year":
        return datetime(parts[0], 1, 1), datetime(parts[0] + 1, 1, 1)
    if len(parts) == 2 or precision == "month":
        y, m = parts[0], parts[1]
        return datetime(y, m, 1), datetime(y + (m == 12), m % 12 + 1, 1)
    day = datetime(*parts[:3])
    if time:
        hh, mm = (int(x) for x in time.split(":")[:2])
        start = day + timedelta(hours=hh, minutes=mm)
        return start, start
    return day, day + timedelta(days=1)


def gap_words(delta: timedelta) -> str:
    """A time difference as a reader says it: 4 hours 36 minutes, 4 days, about 13 months."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60 * 24:
        h, m = divmod(minutes, 60)
        return " ".join(x for x in (f"{h} hour{'s' * (h != 1)}" if h else "",
                                    f"{m} minute{'s' * (m != 1)}" if m else "") if x) or "0 minutes"
    days = delta.days
    if days < 60:
        return f"{days} day{'s' * (days != 1)}"
    months = round(days / 30.44)
    return f"about {months} months" if months < 24 else f"about {days / 365.25:.0f} years"


def _panel(items: list[dict], t0: datetime, t1: datetime, width: int, x0: int) -> list[dict]:
    total = (t1 - t0).total_seconds() or 1.0
    out = []
    for it in items:
        a = x0 + width * (it["start"] - t0).total_seconds() / total
        b = x0 + width * (it["end"] - t0).total_seconds() / total
        label = f"{it['doc']['outlet_label']} · {it['doc']['when']}"
        need = 6.5 * len(label)  # about 6.5 px a character at the 12 px label font
        if b + 10 + need <= x0 + width + 40:
            label_x, anchor = b + 10, "start"  # after the mark
        elif a - 10 - need >= 0:
            label_x, anchor = a - 10, "end"  # before it
        else:
            label_x, anchor = a + 4, "start"  # inside a long stretch of time
        out.append({**it, "x": round(a, 2), "x_end": round(b, 2), "w": round(max(b - a, 0), 2),
                    "point": it["start"] == it["end"], "label": label,
                    "label_x": round(label_x, 2), "anchor": anchor})
    return out


def timeline(docs) -> dict:
    """Every dated text placed on a time axis to scale; a text dated only to the day, month or year
    is drawn as the stretch of time it could be in. Texts published close together (within a few
    percent of the whole period) also get a zoomed panel, to scale in hours."""
    items = []
    for d in docs:
        info = describe(d)
        span = time_span(info["date"], info["date_precision"], info["time"])
        if span:
            items.append({"doc": info, "start": span[0], "end": span[1]})
    items.sort(key=lambda it: (it["start"], it["end"], it["doc"]["id"]))
    if not items:
        return {"panels": [], "steps": [], "undated": [describe(d) for d in docs]}
    t0, t1 = items[0]["start"], max(it["end"] for it in items)
    pad = (t1 - t0) * 0.04 or timedelta(days=1)
    width, x0 = 900, 50
    panels = [{"title": "the whole period", "start": t0 - pad, "end": t1 + pad,
               "items": _panel(items, t0 - pad, t1 + pad, width, x0), "zoom": False,
               "ticks": _ticks(t0 - pad, t1 + pad, width, x0)}]
    whole = t1 - t0
    cluster = [items[0]]
    clusters = []
    for it in items[1:]:
        if it["start"] - cluster[-1]["start"] > whole * 0.1:
            clusters.append(cluster)
            cluster = []
        cluster.append(it)
    clusters.append(cluster)
    for c in clusters:
        c0, c1 = c[0]["start"], max(it["end"] for it in c)
        if len(c) > 1 and c1 - c0 < whole * 0.05:
            zpad = (c1 - c0) * 0.06 or timedelta(hours=6)
            panels.append({"title": f"zoomed in: {_date_words(c0.date().isoformat(), 'day')} to "
                                    f"{_date_words(c1.date().isoformat(), 'day')}",
                           "start": c0 - zpad, "end": c1 + zpad, "zoom": True,
                           "items": _panel(c, c0 - zpad, c1 + zpad, width, x0),
                           "ticks": _ticks(c0 - zpad, c1 + zpad, width, x0)})
    steps = []
    precise = None  # the last text whose date is known to the day or better
    for a, b in zip(items, items[1:], strict=False):
        is_coarse = b["end"] - b["start"] > timedelta(days=1)
        before = a if a["end"] - a["start"] <= timedelta(days=1) else precise
        if is_coarse or before is None:
            coarse = [x["doc"] for x in (a, b) if x["end"] - x["start"] > timedelta(days=1)]
            steps.append({"before": a["doc"], "after": b["doc"], "gap": None, "coarse": coarse})
        else:
            steps.append({"before": before["doc"], "after": b["doc"],
                          "gap": gap_words(_gap(before, b)), "coarse": []})
        if not is_coarse:
            precise = b
        elif a["end"] - a["start"] <= timedelta(days=1):
            precise = a
    undated = [describe(d) for d in docs if not d.metadata.values["date"]]
    return {"panels": panels, "steps": steps, "undated": undated}


def _gap(a: dict, b: dict) -> timedelta:
    """Time between two texts; by calendar days when either has no time of day."""
    if a["start"] == a["end"] and b["start"] == b["end"]:
        return b["start"] - a["start"]
    return timedelta(days=(b["start"].date() - a["start"].date()).days)


def _ticks(t0: datetime, t1: datetime, width: int, x0: int) -> list[dict]:
    """Calendar ticks: months for a long axis, days for a short one."""
    total = (t1 - t0).total_seconds()
    ticks = []
    if t1 - t0 > timedelta(days=60):
        t = datetime(t0.year, t0.month, 1)
        step_months = 1 if t1 - t0 < timedelta(days=500) else 3
        while t <= t1:
            if t >= t0:
                label = f"{MONTHS[t.month - 1][:3]} {t.year}" if t.month in (1, 4, 7, 10) or \
                    step_months == 1 and t.month == 1 else ""
                ticks.append({"x": round(x0 + width * (t - t0).total_seconds() / total, 2),
                              "label": label})
            m = t.month - 1 + step_months
            t = datetime(t.year + m // 12, m % 12 + 1, 1)
    else:
        t = datetime(t0.year, t0.month, t0.day)
        while t <= t1:
            if t >= t0:
                ticks.append({"x": round(x0 + width * (t - t0).total_seconds() / total, 2),
                              "label": f"{t.day} {MONTHS[t.month - 1][:3]}"})
            t += timedelta(days=1)
    return ticks


# --- pairs --------------------------------------------------------------------------------------


def pair_marks(passages, side: str) -> list[Mark]:
    """Passage marks and, inside each rewritten passage, the words that differ."""
    marks = []
    for n, p in enumerate(passages):
        start, end = (p.source_start, p.source_end) if side == "source" else (p.target_start,
                                                                               p.target_end)
        marks.append(Mark(start, end, p.kind, (("data-passage", str(n)),),
                          f"{plain(p.kind, 'passage_kind')} (passage {n}, "
                          f"{p.similarity:.0%} of words shared)"))
        if p.kind == "rewritten":
            diff = word_diff(p.source_text, p.target_text)
            spans = diff.removed if side == "source" else diff.added
            cls = "edit-del" if side == "source" else "edit-ins"
            tip = "left out or changed in the copy" if side == "source" else "new wording in the copy"
            marks += [Mark(start + a, start + b, cls, (("data-edit-of", str(n)),), tip)
                      for a, b in spans]
    return marks


def _diff_events(old: str, new: str) -> tuple[list[dict], list[dict]]:
    d = word_diff(old, new)
    return (marked_events(old, [Mark(a, b, "edit-del") for a, b in d.removed]),
            marked_events(new, [Mark(a, b, "edit-ins") for a, b in d.added]))


def changes_view(ch: Changes, source, target, other_passages) -> dict:
    """What the pair page's summary shows, with each wording change as marked events."""
    head = ch.headline
    head_events = _diff_events(head.old, head.new) if head.kind == "rewritten" else None
    elsewhere = bytearray(len(target.text))
    for p in other_passages:
        elsewhere[p.target_start:p.target_end] = b"\x01" * (p.target_end - p.target_start)
    paragraphs = []
    for np in ch.new_paragraphs:
        para = target.cleaned.paragraphs[np.index]
        others = sorted({p.source_doc for p in other_passages
                         if p.target_start < para.end and p.target_end > para.start})
        paragraphs.append({"p": np, "role": np.role, "from_others": others,
                           "preview": " ".join(np.text.split()[:25])
                           + ("…" if len(np.text.split()) > 25 else "")})
    quotes = []
    for q in ch.quotes:
        ev = _diff_events(q.old_text, q.text) if q.diff else None
        quotes.append({"c": q, "events": ev,
                       "attribution_changed": bool(q.source_ids and q.target_ids and
                                                   [w.lower() for w in q.source_words_before]
                                                   != [w.lower() for w in q.source_words_after]),
                       "type_changed": bool(q.types_before and q.types_after
                                            and q.types_before != q.types_after)})
    counts = [(k, n) for k in ("kept", "shortened", "lengthened", "reworded", "cut", "new")
              if (n := sum(q.kind == k for q in ch.quotes))]
    return {"c": ch, "head_events": head_events, "paragraphs": paragraphs, "quotes": quotes,
            "counts": counts, "source": describe(source), "target": describe(target),
            "quotes_changed": [q for q in quotes if q["c"].kind not in ("kept",)
                               or q["attribution_changed"] or q["c"].reattributed]}


def pair_file(source_id: str, target_id: str) -> str:
    return f"pair-{source_id}--{target_id}.html"


# --- figures ------------------------------------------------------------------------------------


def statement(m) -> str:
    """What one figure's wording claims, in plain words."""
    approx = plain(m.approximation, "approximation")
    if m.value is None:
        return approx
    return f"{approx} {fmt_num(m.value)} ({plain(m.unit, 'unit')})"


def range_words(low: float, high: float) -> str:
    """The implied range on the statistic's count scale, in plain words."""
    rounded = any(not math.isinf(v) and abs(v - round(v)) > 1e-9 for v in (low, high))
    about = "about " if rounded else ""
    if math.isinf(high):
        return f"{fmt_num(low)} or more" if low else "any number"
    if low == high:
        return f"{about}{fmt_num(low)}"
    return f"from {about}{fmt_num(low)} to {about}{fmt_num(high)}"


def conflict_sentence(s, labels: dict[str, str]) -> str:
    """One sentence that says which wordings cannot both be true, and why."""
    hi = max(s.mentions, key=lambda m: m.low)
    # the wording it contradicts, from another text when there is one
    against = [m for m in s.mentions if m.high < hi.low]
    lo = min(against, key=lambda m: (m.doc_id == hi.doc_id, m.high))
    return (f"{labels.get(hi.doc_id, hi.doc_id)} says “{hi.text}” ({statement(hi)}, which over the "
            f"period means {range_words(hi.low, hi.high)}), but {labels.get(lo.doc_id, lo.doc_id)} "
            f"says “{lo.text}” ({statement(lo)}, {range_words(lo.low, lo.high)}): both cannot be "
            "true.")


def figure_context(doc, figure_id: str, width: int = 45) -> tuple[str, str, str, str, str]:
    """The figure in its words within its paragraph: (ellipsis, before, figure, after, ellipsis)."""
    f = next(x for x in doc.figures if x.figure_id == figure_id)
    p = doc.cleaned.paragraph_at(f.start)
    lo, hi = max(p.start, f.start - width), min(p.end, f.end + width)
    if lo > p.start:
        lo = doc.text.find(" ", lo, f.start) + 1 or lo
    if hi < p.end:
        space = doc.text.rfind(" ", f.end, hi)
        hi = space if space > 0 else hi
    return ("…" if lo > p.start else "", doc.text[lo:f.start], f.text, doc.text[f.end:hi],
            "…" if hi < p.end else "")


def figures_view(stats, docs) -> list[dict]:
    by_id = {d.id: d for d in docs}
    labels = {d.id: f"{describe(d)['outlet_label']} ({describe(d)['when']})" for d in docs}
    out = []
    for s in sorted(stats, key=lambda s: (s.consistent, s.statistic_id)):
        rows = []
        for m in s.mentions:
            ctx = figure_context(by_id[m.doc_id], m.figure_id) if m.doc_id in by_id else \
                ("", "", m.text, "", "")
            rows.append({"m": m, "label": labels.get(m.doc_id, m.doc_id), "context": ctx,
                         "statement": statement(m), "range": range_words(m.low, m.high)})
        out.append({"s": s, "rows": rows,
                    "sentence": None if s.consistent else conflict_sentence(s, labels)})
    return out


# --- pages --------------------------------------------------------------------------------------


def render_index(docs, pairs: list[tuple[str, str]], kinds: dict[str, str] | None = None) -> str:
    kinds = kinds or {}
    ordered = sorted(docs, key=lambda d: (d.date or "", d.published_time or "", d.id))
    rows = [{"d": describe(d), "pairs": [s for s, t in pairs if t == d.id]} for d in ordered]
    quoted = who_is_quoted(docs)
    return _env().get_template("index.html").render(
        title="How a press release spreads", rows=rows, timeline=timeline(docs),
        chart=speaker_chart(quoted, kinds), quoted=quoted, kinds=kinds, pair_file=pair_file,
        classes=plain_words()["reuse_class"])


def render_document(doc, kinds: dict[str, str] | None = None) -> str:
    kinds = kinds or {}
    marks = document_marks(doc)
    paras = []
    for p in doc.cleaned.paragraphs:
        local = [Mark(max(m.start, p.start) - p.start, min(m.end, p.end) - p.start, m.cls, m.attrs,
                      m.tip) for m in marks if m.start < p.end and m.end > p.start]
        paras.append({"p": p, "events": marked_events(p.text, local)})
    quoted = who_is_quoted([doc])
    info = describe(doc)
    return _env().get_template("document.html").render(
        title=info["headline"] or f"{info['outlet_label']}, {info['when']}", d=info, doc=doc,
        paras=paras, quoted=quoted, chart=speaker_chart(quoted, kinds), kinds=kinds)


def render_pair(source, target, passages, share: float | None, other_passages=()) -> str:
    ch = pair_changes(source, target, passages, share)
    view = changes_view(ch, source, target, list(other_passages))
    s, t = describe(source), describe(target)
    return _env().get_template("pair.html").render(
        title=f"What {t['outlet_label']} ({t['when']}) took from {s['outlet_label']} ({s['when']})",
        s=s, t=t, v=view, left=marked_events(source.text, pair_marks(passages, "source")),
        right=marked_events(target.text, pair_marks(passages, "target")))


def render_figures(stats, docs=()) -> str:
    view = figures_view(stats, docs)
    return _env().get_template("figures.html").render(
        title="Figures across documents", stats=view,
        conflicts=[x for x in view if x["sentence"]],
        approximations=plain_words()["approximation"], units=plain_words()["unit"])


def write_report(out_dir: Path, docs, passages, stats, speakers: dict | None = None) -> list[Path]:
    """Write every page; returns the files written. `docs` carry their reuse summary (the
    cross-document stage), `passages` are that stage's aligned passages, `speakers` the register
    (for each speaker's kind)."""
    kinds = {k: s.kind for k, s in (speakers or {}).items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    by_id = {d.id: d for d in docs}
    groups: dict[tuple[str, str], list] = {}
    for p in passages:
        groups.setdefault((p.source_doc, p.target_doc), []).append(p)
    pairs = sorted(groups)
    files = {"index.html": render_index(docs, pairs, kinds), "figures.html": render_figures(stats, docs)}
    for d in docs:
        files[f"doc-{d.id}.html"] = render_document(d, kinds)
    for s, t in pairs:
        share = dict(by_id[t].reuse.source_shares).get(s)
        others = [p for (s2, t2), ps in groups.items() if t2 == t and s2 != s for p in ps]
        files[pair_file(s, t)] = render_pair(by_id[s], by_id[t],
                                             sorted(groups[s, t], key=lambda p: p.target_start),
                                             share, others)
    written = []
    for name, content in sorted(files.items()):
        path = out_dir / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
