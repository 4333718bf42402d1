"""Generated bad input over the CLI (issue 13): random corruptions of a copy of the corpus, in
bytes, YAML structure, anchors, values, paths and dates. Every run must end with exit 0, or with
exit 1 and only located `error:` lines; never a traceback, and a refused `add` changes nothing.

The CLI runs in-process through `cli.main` (the same entry point as the installed command) so
that each example costs a validation, not an interpreter start. A fixed seed and a bounded
number of examples keep it fast and repeatable in CI."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from polit_corpus import cli

TARGETS = ["documents.yaml", "speakers.yaml", "annotations/guardian-series-2019.yaml",
           "annotations/cleveland-2018-12-21.yaml", "raw/003_2b80cf36df6ca91d.txt"]

BAD_VALUES = ["9" * 5000, "1.0e+400", ".nan", "-1", "''", "null", "[]", "{}", "&x 1", "*x",
              "2019-02-30", "2019-13-01", "'2019-02-30'", "'../speakers.yaml'", "'/etc/passwd'",
              "'raw/x.txt'", "\"\\ufeff\"", "!!python/object:os.system ls", "a" * 300, "~",
              "{a: &b [1], c: *b}", "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - -"
              " - - - - - -"]


@st.composite
def corruption(draw):
    target = draw(st.sampled_from(TARGETS))
    kind = draw(st.sampled_from(["bytes", "line", "value", "anchor", "path", "date", "bom",
                                 "truncate"]))
    return target, kind, draw(st.randoms(use_true_random=False)), draw(st.booleans())


def corrupt(corpus: Path, target: str, kind: str, rnd, recheck: bool = False) -> None:
    """Apply one corruption; with `recheck`, a changed raw file gets its new checksum recorded,
    so that cleaning, anchoring and the coverage checks see it (not only the checksum test)."""
    _corrupt(corpus / target, kind, rnd)
    if recheck and target.startswith("raw/"):
        import hashlib

        reg = corpus / "documents.yaml"
        old = hashlib.sha256((CORPUS / target).read_bytes()).hexdigest()
        new = hashlib.sha256((corpus / target).read_bytes()).hexdigest()
        reg.write_text(reg.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _corrupt(path: Path, kind: str, rnd) -> None:
    data = path.read_bytes()
    if kind == "bytes":
        data = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            i = rnd.randrange(len(data))
            op = rnd.choice(["flip", "insert", "delete"])
            if op == "flip":
                data[i] = rnd.randrange(256)
            elif op == "insert":
                data[i:i] = bytes([rnd.randrange(256)])
            else:
                del data[i]
        path.write_bytes(bytes(data))
        return
    if kind == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + data)
        return
    if kind == "truncate":
        path.write_bytes(data[:rnd.randrange(len(data))])
        return
    lines = data.decode("utf-8").split("\n")
    i = rnd.randrange(len(lines))
    if kind == "line":
        op = rnd.choice(["delete", "duplicate", "indent", "dedent", "garbage"])
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = "   " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        else:
            lines[i] = rnd.choice(["{", "]", ": :", "- [", "'", "key: value: other", "\t"])
    elif kind in ("value", "anchor", "path", "date"):
        keyed = [n for n, line in enumerate(lines) if ": " in line] or [i]
        n = rnd.choice(keyed)
        key = lines[n].split(": ", 1)[0]
        if kind == "value":
            new = rnd.choice(BAD_VALUES)
        elif kind == "anchor":
            new = rnd.choice(["&a " + lines[n].split(": ", 1)[-1], "*a", "*undefined"])
        elif kind == "path":
            key = key.split("raw_file")[0] + "raw_file" if "raw_file" in data.decode() else key
            new = rnd.choice(["'../speakers.yaml'", "/etc/hostname", "'a/b.txt'", "'..'",
                              "000_924c3bbeb742ac3a.txt", "'x' * 10"])
        else:
            new = rnd.choice(["2019-02-30", "'2019-13'", "'2020-00-10'", "'0000-01-01'",
                              "'2019-2-3'", "2019-02-28T25:00:00"])
        lines[n] = f"{key}: {new}"
    path.write_text("\n".join(lines), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def run_main(args: list[str], capsys) -> tuple[int, str]:
    """`polit-corpus ARGS` in this process; any exception other than SystemExit fails the test."""
    argv = sys.argv
    sys.argv = ["polit-corpus", *args]
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = argv
    return code, capsys.readouterr().err


def check_refusal(code: int, stderr: str, corpus: Path) -> None:
    assert code in (0, 1), (code, stderr)
    assert "Traceback" not in stderr
    if code == 1:
        lines = [ln for ln in stderr.splitlines() if ln.strip()]
        assert lines, "exit 1 without a message"
        for ln in lines:
            assert ln.startswith("error: "), ln
            assert "internal error" not in ln, ln
            assert str(corpus) in ln or ln.startswith("error: --"), ln


SETTINGS = settings(max_examples=40, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("fuzz") / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@SETTINGS
@given(corruption())
def test_validate_on_a_corrupted_corpus(template, capsys, case):
    target, kind, rnd, recheck = case
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(template, corpus)
        corrupt(corpus, target, kind, rnd, recheck)
        code, stderr = run_main(["validate", "--corpus", str(corpus)], capsys)
        check_refusal(code, stderr, corpus)


@SETTINGS
@given(corruption(), st.sampled_from(["raw", "corpus"]))
def test_refused_add_changes_nothing(template, capsys, case, which):
    """Corrupt either the text being added or the corpus it is added to."""
    target, kind, rnd, recheck = case
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(template, corpus)
        new = Path(tmp) / "incoming" / "new-text.txt"
        new.parent.mkdir()
        new.write_bytes((template / "raw" / "004_ce5079f8c8741432.txt").read_bytes()
                        .replace(b"Cleveland", b"Northshire"))
        if which == "raw":
            shutil.copy(new, corpus / "scratch.txt")
            _corrupt(corpus / "scratch.txt", kind if kind != "path" else "bytes", rnd)
            shutil.move(corpus / "scratch.txt", new)
        else:
            corrupt(corpus, target, kind, rnd, recheck)
        before = snapshot(corpus)
        code, stderr = run_main(["add", str(new), "--id", "fuzz-doc", "--corpus", str(corpus)],
                                capsys)
        assert code in (0, 1), stderr
        assert "Traceback" not in stderr
        if code == 1:
            for ln in (x for x in stderr.splitlines() if x.strip()):
                assert ln.startswith("error: ") and "internal error" not in ln, ln
            assert snapshot(corpus) == before
