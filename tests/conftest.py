from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the corpus that a test may break."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None
            ) -> subprocess.CompletedProcess:
    """The CLI in its own process; `env`: variables set on top of this process's."""
    return subprocess.run([sys.executable, "-m", "polit_corpus.cli", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, env={**os.environ, **(env or {})})


def error_lines(r: subprocess.CompletedProcess) -> list[str]:
    """A refused command: exit status 1, no traceback; its error lines."""
    assert r.returncode == 1, r.stdout
    assert "Traceback" not in r.stderr, r.stderr
    return r.stderr.strip().splitlines()


def validate_errors(corpus: Path) -> list[str]:
    """The error lines `polit-corpus validate` prints for a corpus that must fail."""
    return error_lines(run_cli("validate", "--corpus", str(corpus)))


def set_raw(corpus: Path, raw_file: str, data: bytes, update_checksum: bool = True) -> None:
    """Replace a raw file; optionally record its new checksum so later checks are reached."""
    import hashlib

    (corpus / "raw" / raw_file).write_bytes(data)
    if update_checksum:
        reg = yaml.safe_load((corpus / "documents.yaml").read_text(encoding="utf-8"))
        for d in reg["documents"]:
            if d["raw_file"] == raw_file:
                d["sha256"] = hashlib.sha256(data).hexdigest()
        (corpus / "documents.yaml").write_text(yaml.safe_dump(reg, allow_unicode=True),
                                               encoding="utf-8")


# Everything the tests load comes from local folders: no Hub look-ups, no downloads.
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# validate's stored results (validated.py) go to a folder of this run, not the user's cache.
os.environ.setdefault("POLIT_CORPUS_CACHE", tempfile.mkdtemp(prefix="polit-corpus-cache-"))


def build_into(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """Build the real corpus into a fresh temporary folder (once per test module)."""
    from polit_corpus.build import build, default_extras

    out = tmp_path_factory.mktemp(name) / "polit-corpus"
    build(CORPUS, out, default_extras(CORPUS))
    return out


@pytest.fixture(scope="session")
def spark():
    """One local SparkSession for the whole test session (local[2], few shuffle partitions, no UI);
    the tests that use it skip only when pyspark is not importable."""
    pytest.importorskip("pyspark")
    import socket

    from polit_corpus.align_engines import spark_session

    with socket.socket() as sock:  # a free loopback port, should a test serve Spark Connect
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    session = spark_session("local[2]", {"spark.sql.shuffle.partitions": "4",
                                         "spark.default.parallelism": "2",
                                         "spark.ui.enabled": "false",
                                         "spark.ui.showConsoleProgress": "false",
                                         "spark.connect.grpc.binding.address": "127.0.0.1",
                                         "spark.connect.grpc.binding.port": str(port)})
    yield session
    session.stop()
