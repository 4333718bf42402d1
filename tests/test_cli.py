"""The commands on the real corpus."""

from __future__ import annotations

import re

from conftest import CORPUS, run_cli


def test_validate_ok():
    r = run_cli("validate", "--corpus", str(CORPUS))
    assert r.returncode == 0, r.stderr
    assert "5 documents valid" in r.stdout


def test_stats_table():
    r = run_cli("stats", "--corpus", str(CORPUS))
    assert r.returncode == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if "eadt-2020-01-31" in line)
    assert "East Anglian Daily Times" in row and "416" in row and "caption 1" in row
    assert "site_chrome 1" in row and "picture_credit 1" in row


def test_show_document():
    r = run_cli("show", "guardian-series-2019", "--corpus", str(CORPUS))
    assert r.returncode == 0, r.stderr
    assert "[ 7 list_item] execute 204 search warrants" in r.stdout
    assert "line_break" in r.stdout


def test_show_unknown_document():
    r = run_cli("show", "nope", "--corpus", str(CORPUS))
    assert r.returncode == 1 and "no document 'nope'" in r.stderr


def test_every_command_has_help_and_takes_corpus():
    from polit_corpus.cli import app

    names = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
    assert names == ["add", "align", "annotate", "build", "evaluate", "export", "publish", "report",
                     "show", "stats", "validate"]
    writers = {"align", "annotate", "build", "export", "publish", "report"}
    for cmd in names:
        r = run_cli(cmd, "--help")
        assert r.returncode == 0 and "--corpus" in r.stdout, cmd
        assert bool(re.search(r"--out\b(?!let)", r.stdout)) == (cmd in writers), cmd


def test_show_colours_spans_with_a_legend():
    import os

    from rich.color import ColorSystem
    from rich.style import Style

    from polit_corpus.cli import STYLES

    env = {**os.environ, "FORCE_COLOR": "1", "COLORTERM": "truecolor"}
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "polit_corpus.cli", "show", "cleveland-2018-12-21",
                        "--corpus", str(CORPUS)], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr

    def styled(name: str, text: str) -> str:
        return Style.parse(STYLES[name]).render(text, color_system=ColorSystem.TRUECOLOR)

    assert "legend:" in r.stdout and styled("figure", " figure ") in r.stdout
    # 'Police say that over 700 children ...': source, cue, figure
    assert styled("source", "Police") in r.stdout
    assert styled("cue", "say") in r.stdout
    assert styled("figure", "over 700") in r.stdout
    assert styled("source", "Detective Inspector Steve Bell") in r.stdout
    assert "q7   direct   jason-harwin" in r.stdout and "continues=q6" in r.stdout


def test_stats_counts_quotes_and_figures():
    r = run_cli("stats", "--corpus", str(CORPUS))
    row = next(line for line in r.stdout.splitlines() if "cleveland-2018-12-21" in line)
    assert "direct 5, indirect 2" in row
    assert "children_safeguarded 1, duration 2, people_charged 1, warrants_executed 1" in row
