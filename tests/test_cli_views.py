"""stats and show as a new user sees them: a 120-column terminal, a basic 16-colour terminal."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import CORPUS, ROOT
from polit_corpus.validate import validate_corpus

DOCS, _ = validate_corpus(CORPUS)


def run_in_terminal(*args: str, width: int = 120, color_system: str | None = None) -> str:
    """Run a command with its console set as a terminal of this width and colour system."""
    code = ("import sys; from rich.console import Console; import polit_corpus.cli as c; "
            f"c.out = Console(width={width}, force_terminal=True, color_system={color_system!r}); "
            f"sys.argv = ['polit-corpus', *{list(args)!r}]; c.main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_stats_at_120_columns_sorted_by_date_ids_whole():
    text = run_in_terminal("stats", "--corpus", str(CORPUS))
    first_cells = [line.split("│")[1].strip() for line in text.splitlines()
                   if line.startswith("│") and line.split("│")[1].strip()]
    order = sorted(DOCS, key=lambda d: (d.date or "", d.published_time or "", d.id))
    assert first_cells == [d.id for d in order]  # every id whole, in order of publication
    assert "…" not in "".join(first_cells)
    assert max(len(line) for line in text.splitlines()) <= 120


def test_show_prints_bounds_in_words():
    doc = next(d for d in DOCS if any(f.value is None for f in d.figures))
    text = run_in_terminal("show", doc.id, "--corpus", str(CORPUS), width=200)
    assert "None" not in text
    for f in doc.figures:
        line = next(x for x in text.splitlines() if x.startswith(f"  {f.figure_id} "))
        if f.value is None:
            assert "no single value" in line
        else:
            assert f"value {f.value:g}" in line
        if f.value_low is not None and f.value_high is not None:
            assert f"range {f.value_low:g} to {f.value_high:g}" in line
        elif f.value_low is not None:
            assert f"range {f.value_low:g} or more" in line
        elif f.value_high is not None:
            assert f"range up to {f.value_high:g}" in line


def test_show_on_a_basic_terminal_uses_no_background_colours():
    """TERM=xterm gives 16 colours; pale backgrounds become unreadable there, so none are used."""
    doc = DOCS[0]
    text = run_in_terminal("show", doc.id, "--corpus", str(CORPUS), color_system="standard")
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", text))
    params = {p for c in codes for p in c.split(";") if p}
    assert not {p for p in params if re.fullmatch(r"4[0-7]|10[0-7]|48", p)}  # no backgrounds
    assert {"4", "7"} <= params  # quotations underlined, figures in reverse video
    quote = doc.quotes[0]
    assert "\x1b[4m" in text and quote.text.split()[0] in text
