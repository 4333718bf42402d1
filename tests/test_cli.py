"""The commands on the real corpus."""

from __future__ import annotations

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
    r = run_cli("show", "essex-release-2019", "--corpus", str(CORPUS))
    assert r.returncode == 0, r.stderr
    assert "[ 7 list_item] execute 204 search warrants" in r.stdout
    assert "line_break" in r.stdout


def test_show_unknown_document():
    r = run_cli("show", "nope", "--corpus", str(CORPUS))
    assert r.returncode == 1 and "no document 'nope'" in r.stderr


def test_every_command_has_help():
    for cmd in ("validate", "stats", "show"):
        r = run_cli(cmd, "--help")
        assert r.returncode == 0 and "--corpus" in r.stdout
