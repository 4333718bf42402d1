"""Educators' report: a static HTML site (opens from file://, no server, no network).

Pages: an index with the timeline and each document's copied share; one page per document with
quotations, speakers and figures marked; one side-by-side page per derived pair with copied,
rewritten and new text marked and the two columns scrolled together; the figure consistency table.
Colours come from the Okabe-Ito palette (safe for colour-blind readers) and every layer also has
a non-colour cue (border, underline style, weight), explained in a legend on every page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

CSS = """
:root { --ink:#1a1a1a; --muted:#555; }
body { font: 16px/1.55 system-ui, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1200px;
       padding: 1rem 1.5rem; }
a { color: #0b5394; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.meta { color: var(--muted); }
.para { margin: .6rem 0; } .role { font-size: .75rem; color: var(--muted); text-transform: uppercase;
        letter-spacing: .04em; margin-right: .5rem; }
.para.headline { font-size: 1.25rem; font-weight: 600; }
.para.boilerplate { color: #333; border-left: 3px solid #ccc; padding-left: .5rem; }
.q { background: #d5ebf8; border-bottom: 2px solid #0072b2; }
.q.indirect { background: #e6f3e9; border-bottom: 2px dashed #009e73; }
.q.fragment { background: #f6dcea; border-bottom: 2px dotted #cc79a7; }
.cue { font-weight: 700; color: #8a4b00; text-decoration: underline wavy #e69f00; }
.src { text-decoration: underline double #0072b2; }
.fig { background: #f6eea0; outline: 1px solid #8a7f00; font-weight: 700; }
.counted { font-style: italic; text-decoration: underline dotted #009e73; }
.verbatim { background: #fbdcae; border-bottom: 2px solid #d55e00; }
.rewritten { background: #e3d4f2; border-bottom: 2px dashed #7b3fa0; }
.legend { display: flex; flex-wrap: wrap; gap: .75rem; padding: .5rem .75rem; border: 1px solid #ccc;
          border-radius: 6px; font-size: .9rem; margin: .75rem 0; }
.legend span.key { padding: 0 .3rem; }
[data-tip] { position: relative; cursor: help; }
[data-tip]:hover::after { content: attr(data-tip); position: absolute; left: 0; top: 1.6em; z-index: 10;
    background: #222; color: #fff; font: 13px/1.4 system-ui, sans-serif; font-weight: 400;
    font-style: normal; padding: .35rem .5rem; border-radius: 4px; white-space: pre; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
.bar { background: #eee; width: 160px; height: 14px; display: inline-block; vertical-align: middle; }
.bar > i { display: block; height: 100%; background: #d55e00; }
.ok { color: #006d3c; font-weight: 700; } .bad { color: #a40000; font-weight: 700; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.col { height: 70vh; overflow-y: scroll; border: 1px solid #ccc; padding: 0 .75rem; white-space: pre-wrap; }
.col h3 { position: sticky; top: 0; background: #fff; margin: 0; padding: .5rem 0; }
"""

SYNC_JS = """
(function () {
  var cols = document.querySelectorAll('.col');
  if (cols.length !== 2) return;
  var busy = false;
  function sync(from, to) {
    if (busy) { busy = false; return; }
    var max = from.scrollHeight - from.clientHeight;
    var ratio = max > 0 ? from.scrollTop / max : 0;
    busy = true;
    to.scrollTop = ratio * (to.scrollHeight - to.clientHeight);
  }
  cols[0].addEventListener('scroll', function () { sync(cols[0], cols[1]); });
  cols[1].addEventListener('scroll', function () { sync(cols[1], cols[0]); });
  document.querySelectorAll('[data-passage]').forEach(function (el) {
    el.addEventListener('click', function () {
      var other = document.querySelector('.col:not([data-side="' + el.closest('.col').dataset.side +
        '"]) [data-passage="' + el.dataset.passage + '"]');
      if (other) { busy = true; other.scrollIntoView({block: 'center'}); }
    });
  });
})();
"""

DOC_LEGEND = [
    ("q", "direct quotation (solid underline)"), ("q indirect", "indirect quotation (dashed)"),
    ("q fragment", "quoted fragment (dotted)"), ("cue", "speech verb (cue)"),
    ("src", "source: who is quoted"), ("fig", "figure (number)"), ("counted", "what is counted"),
]
PAIR_LEGEND = [("verbatim", "copied word for word"), ("rewritten", "taken over but reworded"),
               ("", "new in this text (no mark)")]


@dataclass(frozen=True)
class Mark:
    """One highlighted span: CSS class, data attributes and a hover tip."""

    start: int
    end: int
    cls: str
    attrs: tuple[tuple[str, str], ...] = ()
    tip: str = ""


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def render_marked(text: str, marks: Sequence[Mark]) -> str:
    """HTML for `text` with every mark as a <span>; a mark that crosses another is split into
    properly nested pieces, each carrying the same data attributes (the first one `data-first`)."""
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    order = sorted(range(len(marks)), key=lambda i: (marks[i].start, -marks[i].end, i))
    out: list[str] = []
    stack: list[int] = []
    started: set[int] = set()

    def open_tag(i: int) -> str:
        m = marks[i]
        attrs = "".join(f' {k}="{esc(v)}"' for k, v in m.attrs)
        first = "" if i in started else " data-first=\"1\""
        started.add(i)
        tip = f' data-tip="{esc(m.tip)}"' if m.tip else ""
        return f'<span class="{esc(m.cls)}"{attrs}{first}{tip}>'

    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [i for i in order if marks[i].start <= a and b <= marks[i].end]
        # close what is no longer active (and everything opened after it, to keep nesting)
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            out.append("</span>")
        stack = stack[:keep]
        for i in active[keep:]:
            out.append(open_tag(i))
            stack.append(i)
        out.append(esc(text[a:b]))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def page(title: str, body: str, legend: Iterable[tuple[str, str]] = (), script: str = "") -> str:
    legend_html = ""
    items = list(legend)
    if items:
        keys = "".join(f'<span><span class="key {esc(c)}">{esc(label.split(" (")[0])}</span>'
                       f'{esc(" (" + label.split(" (")[1]) if " (" in label else ""}</span>'
                       for c, label in items)
        legend_html = f'<div class="legend" role="note" aria-label="legend"><b>Legend</b>{keys}</div>'
    js = f"<script>{script}</script>" if script else ""
    return (f'<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
            f'<nav><a href="index.html">polit-corpus report</a> · <a href="figures.html">figures</a>'
            f"</nav><h1>{esc(title)}</h1>{legend_html}{body}{js}</body></html>\n")


def document_marks(doc) -> list[Mark]:
    marks: list[Mark] = []
    for q in doc.quotes:
        tip = f"{q.type} quotation {q.quote_id}\nspeaker: {q.speaker_name or 'unknown'}"
        if q.continues:
            tip += f"\ncontinues {q.continues}"
        if q.nested_in:
            tip += f"\nnested in {q.nested_in}"
        cls = "q" if q.type == "direct" else f"q {q.type}"
        marks.append(Mark(q.start, q.end, cls, (("data-quote-id", q.quote_id),
                                                ("data-speaker", q.speaker_id or "")), tip))
        if q.cue:
            marks.append(Mark(q.cue.start, q.cue.end, "cue", (("data-cue-of", q.quote_id),),
                              f"cue of {q.quote_id}"))
        if q.source:
            marks.append(Mark(q.source.start, q.source.end, "src", (("data-source-of", q.quote_id),),
                              f"source of {q.quote_id}: {q.speaker_name}"))
    for f in doc.figures:
        bounds = ""
        if f.value_low is not None or f.value_high is not None:
            bounds = f"\nrange: {_num(f.value_low)} .. {_num(f.value_high)}"
        tip = (f"figure {f.figure_id}: {_num(f.value)} ({f.approximation}, {f.unit})"
               f"\ncategory: {f.category}{bounds}")
        if f.statistic_id:
            tip += f"\nstatistic: {f.statistic_id}"
        marks.append(Mark(f.start, f.end, "fig", (("data-figure-id", f.figure_id),), tip))
        if f.counted:
            marks.append(Mark(f.counted.start, f.counted.end, "counted",
                              (("data-counted-of", f.figure_id),), f"counted by {f.figure_id}"))
    return marks


def _num(v: float | None) -> str:
    if v is None:
        return "open"
    return f"{v:g}"


def render_document(doc) -> str:
    marks = document_marks(doc)
    paras = []
    for p in doc.cleaned.paragraphs:
        local = [Mark(max(m.start, p.start) - p.start, min(m.end, p.end) - p.start, m.cls, m.attrs,
                      m.tip) for m in marks if m.start < p.end and m.end > p.start]
        paras.append(f'<p class="para {p.role}" data-paragraph="{p.index}"><span class="role">'
                     f"{esc(p.role)}</span>{render_marked(p.text, local)}</p>")
    v = doc.metadata.values
    meta = (f'<p class="meta">{esc(v["date"] or "undated")} {esc(v["published_time"] or "")} · '
            f'{esc(v["outlet"] or "outlet not stated")} · {esc(v["force"] or "")} · '
            f"{len(doc.quotes)} quotations · {len(doc.figures)} figures</p>")
    speakers = sorted({(q.speaker_id, q.speaker_name) for q in doc.quotes if q.speaker_id})
    spk = "".join(f"<li>{esc(n)} <code>{esc(i)}</code>: "
                  f"{sum(q.speaker_id == i for q in doc.quotes)} quotations</li>" for i, n in speakers)
    body = meta + "".join(paras) + f"<h2>Speakers</h2><ul>{spk}</ul>"
    return page(doc.metadata.values["title"] or doc.id, body, DOC_LEGEND)


def pair_marks(passages, side: str) -> list[Mark]:
    marks = []
    for n, p in enumerate(passages):
        start, end = (p.source_start, p.source_end) if side == "source" else (p.target_start,
                                                                               p.target_end)
        marks.append(Mark(start, end, p.kind, (("data-passage", str(n)),),
                          f"{p.kind} passage {n}\nsimilarity {p.similarity:.2f}"))
    return marks


def render_pair(source, target, passages, share: float | None) -> str:
    left = render_marked(source.text, pair_marks(passages, "source"))
    right = render_marked(target.text, pair_marks(passages, "target"))
    n_verb = sum(p.kind == "verbatim" for p in passages)
    info = (f'<p class="meta">{len(passages)} aligned passages ({n_verb} verbatim, '
            f"{len(passages) - n_verb} rewritten)"
            + (f"; {share:.0%} of {esc(target.id)} comes from {esc(source.id)}" if share is not None
               else "") + ". Scroll either column: the other follows. Click a passage to jump to "
            "its partner.</p>")
    body = (info + '<div class="pair">'
            f'<div class="col" data-side="source"><h3>Source: {esc(source.id)}'
            f'<br><small class="meta">{_dateline(source)}</small></h3>{left}</div>'
            f'<div class="col" data-side="target"><h3>Copy: {esc(target.id)}'
            f'<br><small class="meta">{_dateline(target)}</small></h3>{right}</div>'
            "</div>")
    return page(f"{target.id} from {source.id}", body, PAIR_LEGEND, SYNC_JS)


def _dateline(doc) -> str:
    v = doc.metadata.values
    when = " ".join(x for x in (v["date"], v["published_time"]) if x) or "undated"
    return esc(f"{when} · {v['outlet'] or 'outlet not stated'}")


def pair_file(source_id: str, target_id: str) -> str:
    return f"pair-{source_id}--{target_id}.html"


def render_index(docs, pairs: list[tuple[str, str]]) -> str:
    rows = []
    for d in sorted(docs, key=lambda d: (d.date or "", d.published_time or "", d.id)):
        v = d.metadata.values
        share = d.reuse.share
        src = ", ".join(d.reuse.derived_from) or "none"
        links = " ".join(f'<a href="{pair_file(s, t)}">from {esc(s)}</a>' for s, t in pairs
                         if t == d.id)
        rows.append(
            f'<tr data-doc="{esc(d.id)}"><td>{esc(v["date"] or "?")}</td>'
            f'<td>{esc(v["published_time"] or "")}</td><td>{esc(v["outlet"] or "not stated")}</td>'
            f'<td><a href="doc-{esc(d.id)}.html">{esc(d.id)}</a></td>'
            f'<td><span class="bar" role="img" aria-label="{share:.0%} copied">'
            f'<i style="width:{share * 100:.1f}%"></i></span> {share:.0%}</td>'
            f'<td>{esc(d.reuse.reuse_class)}</td><td>{esc(src)}</td>'
            f"<td>{links}</td></tr>")
    body = ("<p>How one police press release travels through the press: each text in order of "
            "publication, with the share of its text taken from earlier texts.</p>"
            "<table><thead><tr><th>date</th><th>time</th><th>outlet</th><th>document</th>"
            "<th>copied share</th><th>class</th><th>derived from</th><th>side by side</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>")
    return page("How a press release spreads: POLIT, 2018-2020", body)


def figure_context(doc, figure_id: str, width: int = 45) -> str:
    """The figure in its words, bolded, within its paragraph: how the reader met the number."""
    f = next(x for x in doc.figures if x.figure_id == figure_id)
    p = doc.cleaned.paragraph_at(f.start)
    lo, hi = max(p.start, f.start - width), min(p.end, f.end + width)
    if lo > p.start:
        lo = doc.text.find(" ", lo, f.start) + 1 or lo
    if hi < p.end:
        space = doc.text.rfind(" ", f.end, hi)
        hi = space if space > 0 else hi
    return (("…" if lo > p.start else "") + esc(doc.text[lo:f.start]) + f"<b>{esc(f.text)}</b>"
            + esc(doc.text[f.end:hi]) + ("…" if hi < p.end else ""))


def render_figures(stats, docs=()) -> str:
    by_id = {d.id: d for d in docs}

    def wording(m) -> str:
        if m.doc_id in by_id:
            return figure_context(by_id[m.doc_id], m.figure_id)
        return f"“{esc(m.text)}”"

    rows = []
    for s in stats:
        verdict = '<span class="ok">agree</span>' if s.consistent else '<span class="bad">conflict</span>'
        for n, m in enumerate(s.mentions):
            head = (f'<td rowspan="{len(s.mentions)}">{esc(s.statistic_id)}</td>' if n == 0 else "")
            tail = (f'<td rowspan="{len(s.mentions)}">{verdict}<br>{esc(s.note)}</td>' if n == 0
                    else "")
            rows.append(f'<tr data-statistic="{esc(s.statistic_id)}">{head}'
                        f'<td><a href="doc-{esc(m.doc_id)}.html">{esc(m.doc_id)}</a></td>'
                        f'<td class="wording">{wording(m)}</td><td>{_num(m.value)}</td>'
                        f"<td>{esc(m.approximation)}</td><td>{esc(m.unit)}</td>"
                        f"<td>{_num(m.low)} .. {_num(m.high) if m.high != float('inf') else 'open'}"
                        f"</td>{tail}</tr>")
    body = ("<p>Each statistic that more than one figure reports, the wording each document uses, "
            "and whether the stated values can all be true. Ranges are on the statistic's count "
            "scale: a per-day rate is multiplied by the days of its period; 'nearly' and "
            "'almost' allow 75-125% of the stated number.</p><table><thead><tr><th>statistic</th>"
            "<th>document</th><th>wording</th><th>value</th><th>approximation</th><th>unit</th>"
            "<th>implied range</th><th>verdict</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")
    return page("Figures across documents", body)


def write_report(out_dir: Path, docs, passages, stats) -> list[Path]:
    """Write every page; returns the files written. `docs` carry their reuse summary (the
    cross-document stage), `passages` are that stage's aligned passages."""
    out_dir.mkdir(parents=True, exist_ok=True)
    by_id = {d.id: d for d in docs}
    groups: dict[tuple[str, str], list] = {}
    for p in passages:
        groups.setdefault((p.source_doc, p.target_doc), []).append(p)
    pairs = sorted(groups)
    files = {"index.html": render_index(docs, pairs), "figures.html": render_figures(stats, docs)}
    for d in docs:
        files[f"doc-{d.id}.html"] = render_document(d)
    for s, t in pairs:
        share = dict(by_id[t].reuse.source_shares).get(s)
        files[pair_file(s, t)] = render_pair(by_id[s], by_id[t],
                                             sorted(groups[s, t], key=lambda p: p.target_start),
                                             share)
    written = []
    for name, content in sorted(files.items()):
        path = out_dir / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
