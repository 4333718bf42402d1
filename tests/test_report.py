"""The educators' report, rendered in a real headless Chromium (Debian's chromium package).

Screenshots and the printed PDFs (and their pages as PNG, drawn by poppler's pdftoppm) are kept
as CI artefacts in $POLIT_ARTEFACTS/report (default: test-artefacts/report in the checkout).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, run_cli
from polit_corpus.corpus import load_speakers
from polit_corpus.links import statistics
from polit_corpus.validate import validate_and_link

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTEFACTS = Path(os.environ.get("POLIT_ARTEFACTS", ROOT / "test-artefacts")) / "report"

DOCS, PASSAGES, _ = validate_and_link(CORPUS)
BY_ID = {d.id: d for d in DOCS}
SPEAKERS = load_speakers(CORPUS)
PAIRS = sorted({(p.source_doc, p.target_doc) for p in PASSAGES})
WORD = re.compile(r"\w+(?:['’‘]\w+)*")


def pair_page(s: str, t: str) -> str:
    return f"pair-{s}--{t}.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    r = run_cli("report", "--corpus", str(CORPUS), "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def artefacts() -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        message = "chromium is not installed (apt-get install chromium; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must render the report for real
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    requests: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))
    yield pg
    assert all(u.startswith(("file://", "data:", "about:")) for u in requests), requests
    ctx.close()


def shot(page, artefacts: Path, name: str, full: bool = True) -> None:
    path = artefacts / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    assert path.stat().st_size > 10_000


# --- every page --------------------------------------------------------------------------------


def test_every_page_has_one_visible_legend(site, page):
    pages = sorted(site.glob("*.html"))
    assert len(pages) == 2 + len(DOCS) + len(PAIRS)
    for f in pages:
        page.goto(f.as_uri())
        legend = page.locator(".legend")
        assert legend.count() == 1, f.name
        assert legend.is_visible() and legend.inner_text().startswith("Legend"), f.name


# --- index ------------------------------------------------------------------------------------


def when(d) -> datetime:
    v = d.metadata.values
    date = v["date"] + "-01" * (2 - v["date"].count("-"))
    return datetime.fromisoformat(f"{date}T{v['published_time'] or '00:00'}")


def test_index_names_each_text_from_the_register(site, page, artefacts):
    page.goto((site / "index.html").as_uri())
    rows = page.locator("table.texts tbody tr")
    order = [rows.nth(i).get_attribute("data-doc") for i in range(rows.count())]
    assert order == [d.id for d in sorted(DOCS, key=lambda d: (d.date, d.published_time or ""))]
    for d in DOCS:
        v = d.metadata.values
        row = page.locator(f'table.texts tr[data-doc="{d.id}"]')
        head = row.locator("td.headline").inner_text()
        if v["title"]:
            assert head == v["title"]
        else:
            first = d.cleaned.paragraphs[0].text.split()
            assert head.startswith("no headline") and " ".join(first[:5]) in head
        outlet = row.locator("td.outlet").inner_text()
        assert (v["outlet"] or "not named") in outlet
        assert {"police_press_office": "police press office", "newspaper": "newspaper",
                "unknown": "kind of outlet not known"}[v["outlet_type"]] in outlet
        assert v["date"][:4] in row.locator("td.when").inner_text()
        if v["published_time"]:
            assert v["published_time"] in row.locator("td.when").inner_text()
        cls = row.locator("abbr.reuse-class")
        assert cls.get_attribute("title") == f"technical name: {d.reuse.reuse_class} (METER classes)"
        assert cls.inner_text() == {"wholly_derived": "almost all copied",
                                    "partially_derived": "partly copied",
                                    "non_derived": "original"}[d.reuse.reuse_class]
        assert "_" not in cls.inner_text()
        width = row.locator(".bar > i").evaluate("e => e.getBoundingClientRect().width")
        assert width == pytest.approx(160 * d.reuse.share, abs=1.0)
        links = row.locator("a[href^=pair-]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert sorted(links) == sorted(pair_page(s, t) for s, t in PAIRS if t == d.id)
    shot(page, artefacts, "index")


def test_timeline_is_drawn_to_scale(site, page):
    page.goto((site / "index.html").as_uri())
    panels = page.locator(".timeline figure")
    assert panels.count() >= 2  # the whole period, and a zoom on the three texts of 2020
    for i in range(panels.count()):
        events = panels.nth(i).locator("g.event").evaluate_all(
            "els => els.map(e => [e.dataset.doc, e.dataset.start, e.dataset.end,"
            " parseFloat(e.querySelector('.mark').dataset.x),"
            " e.querySelector('.mark').getBoundingClientRect().x])")
        assert len(events) >= 2
        # x is linear in time: the same number of pixels per second for every text of the panel
        (_, s0, _, x0, px0), *rest = events
        t0 = datetime.fromisoformat(s0)
        slopes = [(x - x0) / (datetime.fromisoformat(s) - t0).total_seconds()
                  for _, s, _, x, _ in rest if datetime.fromisoformat(s) != t0]
        assert max(slopes) == pytest.approx(min(slopes), rel=1e-3)
        assert all(px >= px0 for *_, px in rest)  # drawn left to right in time order
        for doc_id, start, end, *_ in events:
            d = BY_ID[doc_id]
            assert datetime.fromisoformat(start) == when(d)
            if d.metadata.values["date_precision"] == "year":
                assert datetime.fromisoformat(end).year == when(d).year + 1
    zoom = page.locator('.timeline figure[data-zoom="true"] g.event')
    zoomed = zoom.evaluate_all("els => els.map(e => e.dataset.doc)")
    recent = sorted(d.id for d in DOCS if d.date and d.date.startswith("2020"))
    assert sorted(zoomed) == recent
    # gaps in plain words, computed from the register's dates and times
    release, eadt = BY_ID["essex-release-2020-01-31"], BY_ID["eadt-2020-01-31"]
    minutes = int((when(eadt) - when(release)).total_seconds() // 60)
    step = page.locator(f'.steps li[data-after="{eadt.id}"]').inner_text()
    assert step.startswith(f"{minutes // 60} hours {minutes % 60} minutes after")


def quoted_by_speaker(docs) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = {}
    for d in docs:
        for q in d.quotes:
            r = out.setdefault(q.speaker_id or "", [0, 0])  # the report's "nobody named" row
            r[0] += q.continues is None
            r[1] += len(WORD.findall(q.text))
    return {k: tuple(v) for k, v in out.items()}


def check_who_is_quoted(page, docs) -> None:
    expected = quoted_by_speaker(docs)
    rows = page.locator("table.who-quoted tbody tr")
    got = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        sid = rows.nth(i).get_attribute("data-speaker")
        got[sid] = (int(cells[2]), int(cells[4]))
        if sid == "":
            assert (cells[0], cells[1]) == ("nobody named", "not known")
        else:
            assert cells[1] == {"person": "person", "organisation": "organisation",
                                "document": "document or statistics"}[SPEAKERS[sid].kind]
    assert got == expected
    bars = page.locator("figure.chart rect.bar-quotes").evaluate_all(
        "els => els.map(e => [e.closest('g').dataset.speaker, e.getBoundingClientRect().width])")
    assert {s for s, _ in bars} == set(expected)
    top = max(expected.values())[0]
    widest = max(w for _, w in bars)
    for s, w in bars:  # bar lengths proportional to the number of quotations
        assert w == pytest.approx(widest * expected[s][0] / top, rel=0.02)


def test_who_is_quoted_across_the_corpus(site, page):
    page.goto((site / "index.html").as_uri())
    check_who_is_quoted(page, DOCS)
    assert sum(int(c) for c in page.locator("table.who-quoted td:nth-child(4)").all_inner_texts()) \
        == sum(len(d.quotes) for d in DOCS)


# --- document pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", sorted(BY_ID))
def test_document_page_marks_every_span(site, page, doc_id):
    doc = BY_ID[doc_id]
    page.goto((site / f"doc-{doc_id}.html").as_uri())
    assert page.locator(".q[data-first]").count() == len(doc.quotes)
    assert page.locator(".fig[data-first]").count() == len(doc.figures)
    ids = page.locator(".q[data-first]").evaluate_all("els => els.map(e => e.dataset.quoteId)")
    assert sorted(ids) == sorted(q.quote_id for q in doc.quotes)
    texts = page.locator("p.para .fig").evaluate_all(
        "els => { const m = {}; els.forEach(e => { m[e.dataset.figureId] ="
        " (m[e.dataset.figureId] || '') + e.textContent }); return m }")
    assert texts == {f.figure_id: f.text for f in doc.figures}
    assert page.locator("p.para").count() == len(doc.cleaned.paragraphs)
    check_who_is_quoted(page, [doc])


def test_hover_shows_speaker_and_plain_figure(site, page, artefacts):
    doc = BY_ID["guardian-series-2019"]
    quote = next(q for q in doc.quotes if q.speaker_name == "Maria Barnett")
    page.goto((site / "doc-guardian-series-2019.html").as_uri())
    el = page.locator(f'.q[data-quote-id="{quote.quote_id}"][data-first]')
    el.hover()
    tip = el.evaluate("e => getComputedStyle(e, '::after').content")
    assert "Maria Barnett" in tip
    shot(page, artefacts, "document-hover", full=False)
    fig = next(f for f in doc.figures if f.approximation == "more_than")
    tip = page.locator(f'.fig[data-figure-id="{fig.figure_id}"]').get_attribute("data-tip")
    assert tip.startswith(f"figure {fig.figure_id}: more than {fig.value:,.0f}, a count")
    assert "more_than" not in tip and "None" not in tip


# --- side by side ------------------------------------------------------------------------------


def test_side_by_side_scrolls_together(site, page, artefacts):
    page.goto((site / pair_page("essex-release-2020-01-31", "eadt-2020-01-31")).as_uri())
    cols = page.locator(".col")
    assert cols.count() == 2
    assert "09:01 · Essex Police" in cols.nth(0).locator("h3").inner_text()
    assert "13:37 · East Anglian Daily Times" in cols.nth(1).locator("h3").inner_text()
    assert page.locator(".col[data-side=target] .verbatim[data-first]").count() >= 3
    assert page.locator(".col[data-side=target] .rewritten[data-first]").count() >= 1
    cols.nth(0).evaluate("e => { e.scrollTop = e.scrollHeight }")
    page.wait_for_timeout(300)
    right = cols.nth(1).evaluate("e => e.scrollTop / (e.scrollHeight - e.clientHeight)")
    assert right > 0.95
    shot(page, artefacts, "pair-release-eadt")


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{s}--{t}" for s, t in PAIRS])
def test_what_changed_summary(site, page, pair):
    s_id, t_id = pair
    src, tgt = BY_ID[s_id], BY_ID[t_id]
    passages = [p for p in PASSAGES if (p.source_doc, p.target_doc) == pair]
    page.goto((site / pair_page(s_id, t_id)).as_uri())
    summary = page.locator("section.changes")
    # headline, from the register
    old, new = src.metadata.values["title"], tgt.metadata.values["title"]
    kind = page.locator(".headline-change").get_attribute("data-kind")
    assert kind == ("none" if old is None and new is None else "dropped" if new is None else
                    "added" if old is None else "kept" if old == new else "rewritten")
    if kind == "rewritten":
        text = page.locator(".headline-change").inner_text()
        assert old in text and new in text
        assert page.locator(".headline-change .edit-ins").count() >= 1
    # the share copied and the boilerplate part of it, from the alignment
    share = dict(tgt.reuse.source_shares)[s_id]
    assert f"{share:.0%} of" in summary.locator(".share").inner_text()
    covered, boiler = set(), set()
    for p in passages:
        span = {i for i in range(p.target_start, p.target_end) if not tgt.text[i].isspace()}
        covered |= span
        if p.boilerplate:
            boiler |= span
    assert float(summary.locator(".share").get_attribute("data-boilerplate-share")) == \
        pytest.approx(len(boiler) / len(covered), abs=1e-4)
    # new voices: speakers the copy quotes and the source does not
    voices = summary.locator(".new-voice").evaluate_all("els => els.map(e => e.dataset.speaker)")
    assert sorted(voices) == sorted({q.speaker_id for q in tgt.quotes if q.speaker_id}
                                    - {q.speaker_id for q in src.quotes})
    # paragraphs with no aligned passage at all
    bare = [p.index for p in tgt.cleaned.paragraphs
            if not any(a.target_start < p.end and a.target_end > p.start for a in passages)]
    listed = summary.locator(".new-paragraphs li").evaluate_all("els => els.map(e => +e.dataset.paragraph)")
    assert listed == bare
    # every quotation of either text is accounted for exactly once
    counts = summary.locator(".quote-counts span[data-count]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.kind, +e.dataset.count]))")
    listed_t = summary.locator(".quote-changes li").evaluate_all(
        "els => els.flatMap(e => e.dataset.targetIds.split(' ').filter(Boolean))")
    listed_s = summary.locator(".quote-changes li[data-kind=cut]").evaluate_all(
        "els => els.flatMap(e => e.dataset.sourceIds.split(' '))")
    assert counts.get("new", 0) == summary.locator(".quote-changes li[data-kind=new]").count()
    assert counts.get("cut", 0) == len(listed_s)
    assert len(set(listed_t)) == len(listed_t)
    assert set(listed_t) <= {q.quote_id for q in tgt.quotes}
    # word-level edits sit inside rewritten passages, on both sides
    n_edits = 0
    for side, cls in (("source", "edit-del"), ("target", "edit-ins")):
        edits = page.locator(f".col[data-side={side}] .{cls}")
        n_edits += edits.count()
        assert edits.evaluate_all("els => els.every(e => e.closest('.rewritten'))")
    assert (n_edits > 0) == any(p.kind == "rewritten" for p in passages)


def test_hedge_dropped_is_reported(site, page):
    """The release says "Almost one child a day", the EADT headline "One child a day"."""
    src, tgt = BY_ID["essex-release-2020-01-31"], BY_ID["eadt-2020-01-31"]
    dropped = [(f, g) for g in tgt.figures for f in src.figures
               if f.statistic_id and f.statistic_id == g.statistic_id and f.unit == g.unit
               and f.value == g.value and g.approximation == "exact" and f.approximation != "exact"]
    assert dropped
    page.goto((site / pair_page(src.id, tgt.id)).as_uri())
    items = page.locator('.figure-changes li[data-kind="hedge_dropped"]').all_inner_texts()
    for g in {g for _, g in dropped}:  # each unhedged wording, against one hedged source wording
        olds = [f.text for f, g2 in dropped if g2 == g]
        assert any(f"the copy says “{g.text}” (exactly" in t
                   and any(f"where the source says “{o}”" in t for o in olds) for t in items)


# --- figures ------------------------------------------------------------------------------------


def test_figures_page_conflicts_first_in_plain_words(site, page, artefacts):
    stats = statistics([f for d in DOCS for f in d.figures])
    conflicts = [s for s in stats if not s.consistent]
    page.goto((site / "figures.html").as_uri())
    boxes = page.locator("p.conflict")
    assert boxes.count() == len(conflicts) >= 1
    first_rows = page.locator("table.figures tbody tr").evaluate_all(
        "els => els.map(e => e.dataset.statistic)")
    assert first_rows[:len(conflicts[0].mentions)] == [conflicts[0].statistic_id] * len(conflicts[0].mentions)
    assert len(first_rows) == sum(len(s.mentions) for s in stats)
    for s in conflicts:
        sentence = page.locator(f'p.conflict[data-statistic="{s.statistic_id}"]').inner_text()
        assert sentence.endswith("both cannot be true.")
        hi = max(s.mentions, key=lambda m: m.low)
        assert f"says “{hi.text}”" in sentence
        assert (BY_ID[hi.doc_id].metadata.values["outlet"] or "an unnamed") in sentence
    # 312, nearly/almost one a day, hundreds ... and the EADT headline's unhedged "One"
    rows = page.locator('tr[data-statistic="children-safeguarded-2019"]')
    text = " ".join(rows.nth(i).inner_text() for i in range(rows.count()))
    assert "eadt-2020-01-31 'One' cannot be reconciled" in text
    assert "One child a day saved from 'dangerous' online" in text
    assert page.locator("td.wording b").all_inner_texts().count("One") == 1
    # no jargon in what the reader sees: plain approximations and units, rounded ranges
    visible = page.locator("table.figures").inner_text()
    for jargon in ("per_day", "approximately", "more_than", "273.75", "456.25", " .. ", "None"):
        assert jargon not in visible
    # each implied range in whole numbers, on the statistic's count scale
    for s in stats:
        for m in s.mentions:
            row = page.locator(f'tr[data-statistic="{s.statistic_id}"][data-doc="{m.doc_id}"]')
            means = row.locator("td").all_inner_texts()  # a text may report it twice
            if m.high == float("inf"):
                expected = f"{round(m.low):,} or more" if m.low else "any number"
            elif m.low == m.high:
                expected = f"{round(m.low):,}"
            else:
                about = "about " if (m.low % 1 or m.high % 1) else ""
                expected = f"from {about}{round(m.low):,} to {about}{round(m.high):,}"
            assert any(expected in c for c in means), (s.statistic_id, m.doc_id, expected, means)
    for sid in ("warrants-executed-2019", "arrests-2019", "devices-examined-2019"):
        r = page.locator(f'tr[data-statistic="{sid}"]')
        assert r.count() == 3 and "agree" in r.first.inner_text()
    shot(page, artefacts, "figures")


# --- print ----------------------------------------------------------------------------------------


def pdf_words(pdf: Path, raw: bool = False) -> list[str]:
    """The PDF's words; raw=True keeps content-stream order, without pdftotext joining a word
    hyphenated at a line end to the next line (which tables with narrow cells need)."""
    args = ["pdftotext", *(["-raw"] if raw else []), "-enc", "UTF-8", str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return [w.lower() for w in WORD.findall(text)]


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    first = needle[0]
    return any(haystack[i:i + n] == needle for i, w in enumerate(haystack) if w == first)


@pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                    reason="poppler-utils is not installed (.ci/run installs it)")
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: "--".join(p))
def test_print_flows_both_columns_in_full(site, page, artefacts, pair):
    """Print to PDF in Chromium, render the pages with pdftoppm, and find both whole texts."""
    s_id, t_id = pair
    page.goto((site / pair_page(s_id, t_id)).as_uri())
    page.emulate_media(media="print")
    col = page.locator(".col").first
    assert col.evaluate("e => getComputedStyle(e).overflowY") == "visible"
    assert col.evaluate("e => e.scrollHeight <= e.clientHeight + 1")  # no scroll box
    pdf = artefacts / f"print-{s_id}--{t_id}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    words = pdf_words(pdf)
    for doc_id in pair:
        doc_words = [w.lower() for w in WORD.findall(unicodedata.normalize("NFKC", BY_ID[doc_id].text))]
        assert contains_run(words, doc_words), f"{doc_id}: text cut in print"
    assert contains_run(words, ["legend"])
    prefix = artefacts / f"print-{s_id}--{t_id}"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    pngs = sorted(artefacts.glob(f"print-{s_id}--{t_id}-*.png"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert len(pngs) == int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2
    assert all(p.stat().st_size > 1000 for p in pngs)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("name", ["index", "figures"])
def test_print_keeps_tables_and_legend(site, page, artefacts, name):
    page.goto((site / f"{name}.html").as_uri())
    page.emulate_media(media="print")
    pdf = artefacts / f"print-{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    words = Counter(pdf_words(pdf, raw=True))  # tables and wrapped legends: every word, in any order

    def printed(text: str) -> bool:
        return Counter(w.lower() for w in WORD.findall(text)) <= words

    assert printed(page.locator(".legend").inner_text())
    for d in DOCS if name == "index" else ():
        assert printed(d.metadata.values["title"] or "")
        assert printed(d.metadata.values["outlet"] or "")
    if name == "figures":
        assert printed(page.locator("table.figures").inner_text())
        for box in page.locator("p.conflict").all_inner_texts():
            assert printed(box)
