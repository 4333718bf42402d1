"""The Spark engine gives the local engine's answer: the same passages (spans, kind, similarity)
and the same shares on a synthetic collection, and exactly the `alignments` config on the corpus;
the same again through Spark Connect (`--remote`), served from this test session's own Spark.
Plus the ways `--engine spark` can be refused: pyspark missing, no Java, no Connect server."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from conftest import CORPUS, GOLDEN, ROOT, error_lines, run_cli
from polit_corpus.align import AlignParams
from polit_corpus.align_engines import (
    local_align,
    local_batches,
    read_outputs,
    spark_align,
    stage_documents,
    write_outputs,
)
from polit_corpus.corpus import load_documents


def _bench_align():
    spec = importlib.util.spec_from_file_location("bench_align", ROOT / "scripts" / "bench_align.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def synthetic():
    """300 documents from the benchmark's generator (families of 2-8 related texts), with dates
    over five days and times on some, so that order is by date, then time, then id."""
    docs, _truth = _bench_align().collection(300, CORPUS)
    rng = random.Random(15)
    return [SimpleNamespace(id=d.id, text=d.text, date=f"2020-01-0{rng.randint(1, 5)}",
                            time=rng.choice([None, "08:00", "12:30"])) for d in docs]


def _spark_run(spark, docs, tmp: Path, with_paragraphs: bool = False):
    tmp.mkdir(parents=True, exist_ok=True)
    stage_documents(docs, tmp / "docs.parquet", with_paragraphs)
    stats = spark_align(spark, tmp / "docs.parquet", tmp, AlignParams())
    return stats, read_outputs(tmp)


def test_both_engines_give_the_same_passages_and_shares(spark, synthetic, tmp_path):
    params = AlignParams()
    local_stats: dict = {}
    passages, reuse = local_align(synthetic, params, local_stats)
    stats, (s_passages, s_reuse) = _spark_run(spark, synthetic, tmp_path / "spark")
    assert stats["candidate_pairs"] == local_stats["candidate_pairs"] > 300
    assert len(passages) > 1000
    assert {p.kind for p in passages} == {"verbatim", "rewritten"}
    assert s_passages == passages  # every field: spans, texts, kind, similarity, boilerplate
    assert s_reuse == reuse
    assert sum(r["reuse_class"] != "non_derived" for r in reuse.values()) > 100
    # and the two engines' files are the same bytes of content
    order = [d.id for d in sorted(synthetic, key=lambda d: (d.date, d.time or "", d.id))]
    write_outputs(tmp_path / "local", *local_batches(passages, reuse, order))
    for name in ("passages.parquet", "reuse.parquet"):
        assert pq.read_table(tmp_path / "local" / name).equals(pq.read_table(tmp_path / "spark" / name))


def test_spark_on_the_corpus_is_the_alignments_config(spark, tmp_path):
    docs = load_documents(CORPUS)
    _, (passages, reuse) = _spark_run(spark, docs, tmp_path, with_paragraphs=True)
    rows = "".join(json.dumps(asdict(p), ensure_ascii=False, sort_keys=True) + "\n" for p in passages)
    assert rows == (GOLDEN / "rows" / "alignments.jsonl").read_text(encoding="utf-8")
    assert reuse["eadt-2020-01-31"]["derived_from"] == ["essex-release-2020-01-31"]
    assert round(reuse["eadt-2020-01-31"]["shares"]["essex-release-2020-01-31"], 3) == 0.705  # README
    assert reuse == local_align(docs, AlignParams())[1]
    assert reuse["cleveland-2018-12-21"]["reuse_class"] == "non_derived"


def test_cli_spark_engine_writes_the_local_files(tmp_path):
    pytest.importorskip("pyspark")
    rows = [{"id": "b", "date": "2021-05-02",
             "text": "Officers were called to a house in the village after reports of a fire in "
                     "the kitchen late on Sunday evening, and nobody was hurt."},
            {"id": "a", "date": "2021-05-01",
             "text": "A fire broke out. Officers were called to a house in the village after "
                     "reports of a fire in the kitchen late on Sunday evening."}]
    coll = tmp_path / "c.jsonl"
    coll.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for engine in ("local", "spark"):
        r = run_cli("align", "--input", str(coll), "--out", str(tmp_path / engine), "--engine",
                    engine, "--master", "local[1]", "--partitions", "2")
        assert r.returncode == 0, r.stderr
        assert "wrote" in r.stdout and "1 passages" in r.stdout, r.stdout
    for name in ("passages.parquet", "reuse.parquet"):
        assert pq.read_table(tmp_path / "local" / name).equals(pq.read_table(tmp_path / "spark" / name))
    (p,) = pq.read_table(tmp_path / "spark" / "passages.parquet").to_pylist()
    assert (p["source_doc"], p["target_doc"], p["kind"]) == ("a", "b", 0)
    assert p["source_text"].startswith("Officers were called") and p["source_text"].endswith("evening")


def test_spark_engine_without_pyspark_says_how_to_install(tmp_path):
    code = ("import sys; sys.modules['pyspark'] = None; sys.argv = ['polit-corpus', 'align', "
            "'--engine', 'spark']; from polit_corpus.cli import main; main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert error_lines(r) == ["error: --engine spark: pyspark is not installed; run pip install "
                              "'polit-corpus[spark]'"]


def test_spark_engine_without_java_is_one_error(tmp_path):
    pytest.importorskip("pyspark")
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(tmp_path)  # no java here
    r = subprocess.run([sys.executable, "-m", "polit_corpus.cli", "align", "--engine", "spark"],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert error_lines(r) == ["error: --engine spark: Spark cannot start: no Java runtime (no `java` "
                              "on PATH and JAVA_HOME unset); install Java 17, e.g. apt-get install "
                              "default-jre-headless"]


def test_annotate_on_spark_gives_the_local_rows(spark, tmp_path):
    import io

    import yaml

    from polit_corpus.align_engines import annotate_spark
    from polit_corpus.collection import read_collection
    from polit_corpus.corpus import load_speakers
    from polit_corpus.preannotate.rows import text_rows

    docs = yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    coll = tmp_path / "corpus.jsonl"
    coll.write_text("".join(json.dumps({"id": d["id"], "text": (CORPUS / "raw" / Path(
        d["raw_file"]).name).read_text(encoding="utf-8")}) + "\n" for d in docs), encoding="utf-8")
    speakers = load_speakers(CORPUS)
    sink = io.StringIO()
    work = tmp_path / "work"
    work.mkdir()
    assert annotate_spark(lambda: spark, [coll], speakers, work, sink) == len(docs) == 5
    local = "".join(json.dumps(text_rows(r, speakers, str(coll)), ensure_ascii=False) + "\n"
                    for r in read_collection(coll))
    assert sink.getvalue() == local
    assert [json.loads(line)["id"] for line in local.splitlines()] == [d["id"] for d in docs]
    assert sum(len(json.loads(line)["quotes"]) for line in local.splitlines()) > 10


@pytest.fixture(scope="module")
def connect_url(spark):
    """A Spark Connect server in the test session's own Spark (its JVM, its local[2]), on the
    loopback port the session was given: no second JVM to start."""
    spark._jvm.org.apache.spark.sql.connect.service.SparkConnectService.start(spark._jsc.sc())
    return f"sc://127.0.0.1:{spark.sparkContext.getConf().get('spark.connect.grpc.binding.port')}"


def test_align_over_spark_connect_gives_the_local_files(spark, connect_url, synthetic, tmp_path):
    """`align --engine spark --remote sc://...` in a separate client process (a Connect client and
    a classic session cannot share one Python process): the local engine's files, byte for byte."""
    coll = tmp_path / "synthetic.jsonl"
    coll.write_text("".join(json.dumps({"id": d.id, "date": d.date, "time": d.time, "text": d.text})
                            + "\n" for d in synthetic), encoding="utf-8")
    r = run_cli("align", "--input", str(coll), "--out", str(tmp_path / "connect"), "--engine",
                "spark", "--remote", connect_url, "--partitions", "4")
    assert r.returncode == 0, r.stderr
    assert "[spark]" in r.stdout, r.stdout
    passages, reuse = local_align(synthetic, AlignParams())
    order = [d.id for d in sorted(synthetic, key=lambda d: (d.date, d.time or "", d.id))]
    write_outputs(tmp_path / "local", *local_batches(passages, reuse, order))
    for name in ("passages.parquet", "reuse.parquet"):
        assert pq.read_table(tmp_path / "local" / name).equals(
            pq.read_table(tmp_path / "connect" / name))
    c_passages, c_reuse = read_outputs(tmp_path / "connect")
    assert c_passages == passages and len(passages) > 1000
    assert c_reuse == reuse and sum(r["reuse_class"] != "non_derived" for r in reuse.values()) > 100


def test_annotate_over_spark_connect_gives_the_local_rows(spark, connect_url, tmp_path):
    rows = [{"id": "a", "text": "\u201cWe will build the new school next year,\u201d the council "
                                "leader said on Monday.\n\nThe plan costs \u00a34.5m."},
            {"id": "b", "text": "Residents said they were not consulted. Police said 12 people were "
                                "arrested."}]
    coll = tmp_path / "c.jsonl"
    coll.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    outs = {}
    for engine, extra in (("local", []), ("spark", ["--remote", connect_url])):
        r = run_cli("annotate", str(coll), "--format", "jsonl", "--engine", engine,
                    "--out", str(tmp_path / f"{engine}.jsonl"), *extra)
        assert r.returncode == 0, r.stderr
        outs[engine] = (tmp_path / f"{engine}.jsonl").read_text(encoding="utf-8")
    assert outs["spark"] == outs["local"]
    got = [json.loads(line) for line in outs["spark"].splitlines()]
    assert [g["id"] for g in got] == ["a", "b"]
    assert len(got[0]["quotes"]) == 1 and len(got[0]["figures"]) >= 1


def test_remote_without_a_server_is_one_error(tmp_path):
    pytest.importorskip("pyspark")
    import socket

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    coll = tmp_path / "c.jsonl"
    coll.write_text(json.dumps({"id": "a", "text": "Some text here."}) + "\n", encoding="utf-8")
    r = run_cli("align", "--input", str(coll), "--out", str(tmp_path / "o"), "--engine", "spark",
                "--remote", f"sc://127.0.0.1:{port}")
    (line,) = error_lines(r)
    assert line.startswith(f"error: --remote: Spark Connect server sc://127.0.0.1:{port} did not "
                           "answer: failed to connect"), line
    assert "Connection refused" in line, line


def test_remote_needs_the_spark_engine_and_no_master(tmp_path):
    r = run_cli("align", "--input", "x.jsonl", "--remote", "sc://127.0.0.1:1")
    assert error_lines(r) == ["error: --remote: --remote (Spark Connect) needs --engine spark"]
    r = run_cli("annotate", "x.txt", "--format", "jsonl", "--engine", "spark", "--remote",
                "sc://127.0.0.1:1", "--master", "local[1]")
    assert error_lines(r) == ["error: --remote: give either --master or --remote, not both"]
    r = run_cli("align", "--input", str(CORPUS / "raw"), "--out", str(tmp_path / "o"),
                "--engine", "spark", "--remote", "sc://127.0.0.1:1", "--master", "local[1]")
    assert error_lines(r) == ["error: --remote: give either --master or --remote, not both"]
    assert not (tmp_path / "o").exists()


def test_input_splits_are_bounded_so_a_task_cache_stays_small(spark):
    # spark_session's default; a 1M-document collection read in 128 MB splits failed caching
    assert spark.conf.get("spark.sql.files.maxPartitionBytes") in ("16m", str(16 * 2**20))
