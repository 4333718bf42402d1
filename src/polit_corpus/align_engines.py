"""Engines for the aligner: they only move data between the pure functions of align_batches.

* ``local_align``: one process; every document's tokens stay in memory (the path the corpus
  build uses; fine up to some hundred thousand documents).
* ``spark_align``: Apache Spark (optional extra ``polit-corpus[spark]``). Documents are read from
  Parquet; each document is tokenised once (``mapInArrow``; tokens kept in a Parquet file of
  the work folder, as is each later stage's result) and fingerprinted from its tokens; stock
  fingerprints (document frequency over ``max_df``) are dropped before a join on
  fingerprints; the join's pairs are deduplicated
  by a group-by that also counts their shared fingerprints, and each pair is oriented and ordered
  by (date, time, id); each pair goes to its source's partition, and each document (text and
  tokens) once to every partition whose pairs need it, ahead of the pairs, which are aligned
  in ``mapInArrow`` (``align_routed``); shares come from an aggregation of each target's
  passage spans, again in ``mapInArrow``.

Both engines write the same two Parquet files: ``passages.parquet`` (the ``alignments`` config's
schema and Hugging Face features, rows by target, source, target offset in publication order)
and ``reuse.parquet`` (one row per document in publication order: reuse_share, reuse_class,
derived_from, shares).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .align import AlignParams, Passage, order_key, paragraphs_of, token_norms, tokenize
from .align_batches import (
    DOC_SCHEMA,
    PASSAGE_SCHEMA,
    REUSE_SCHEMA,
    ROUTED_SCHEMA,
    align_pairs,
    align_routed,
    fingerprint_rows,
    passage_batch,
    reuse_as_dict,
    reuse_row,
    reuse_rows,
    token_rows,
)
from .candidates import chunked_fingerprints, pairs_from_fingerprints
from .errors import CorpusError

PASSAGES_FILE = "passages.parquet"
REUSE_FILE = "reuse.parquet"
BATCH_ROWS = 1024
INSTALL_HINT = "pip install 'polit-corpus[spark]'"


# --- local engine -------------------------------------------------------------------------------


def local_align(docs: Sequence, params: AlignParams, timings: dict | None = None,
                on_pairs: Callable | None = None) -> tuple[list[Passage], dict[str, dict]]:
    """Passages (by target, source, target offset in publication order) and reuse per document.
    on_pairs(ids, pairs): called with the ids in publication order and the candidate pairs
    (a, b, shared) as indices into them (for benchmarks)."""
    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    ordered = sorted(docs, key=order_key)
    paras = [paragraphs_of(d) for d in ordered]
    # Fingerprints need only the tokens' matching forms; the full tokens (offsets, paragraphs,
    # sentence starts) are made below only for the documents some candidate pair needs.
    fps = [chunked_fingerprints(token_norms(d.text, p), params.shingle, params.winnow_window)
           for d, p in zip(ordered, paras, strict=True)]
    timings["fingerprint_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pairs = pairs_from_fingerprints(fps, params.max_df, params.min_shared)
    del fps
    timings["candidates_s"] = time.perf_counter() - t0
    timings["candidate_pairs"] = len(pairs)
    if on_pairs is not None:
        on_pairs([d.id for d in ordered], pairs)
    t0 = time.perf_counter()
    paired = sorted({i for a, b, _ in pairs for i in (a, b)})
    cache = {ordered[i].id: tokenize(ordered[i].text, paras[i]) for i in paired}
    rows = ((ordered[a].id, ordered[a].text, None, ordered[b].id, ordered[b].text, None)
            for a, b, _ in pairs)
    passages = list(align_pairs(rows, params, cache))
    del cache
    timings["align_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    covers: dict[str, list] = {d.id: [] for d in ordered}
    for p in passages:
        covers[p.target_doc].append((p.source_doc, p.target_start, p.target_end))
    reuse = {d.id: reuse_as_dict(reuse_row(d.id, d.text, p, covers[d.id], params))
             for d, p in zip(ordered, paras, strict=True)}
    rank = {d.id: n for n, d in enumerate(ordered)}
    passages.sort(key=lambda p: (rank[p.target_doc], rank[p.source_doc], p.target_start))
    timings["shares_s"] = time.perf_counter() - t0
    return passages, reuse


def align_corpus(docs: Sequence, params: AlignParams | None = None
                 ) -> tuple[list[Passage], dict[str, dict]]:
    """Align every candidate pair (source = earlier by order_key) and measure reuse per document,
    in this process.

    Returns the passages (by target, then source, then target offset) and, for every document,
    {"derived_from": [ids], "reuse_share": float, "reuse_class": str, "shares": {id: float}}.
    """
    return local_align(docs, params or AlignParams())


# --- output files -------------------------------------------------------------------------------


def passages_arrow_schema() -> pa.Schema:
    """The alignments config's Arrow schema, with its Hugging Face features as metadata."""
    from .features import features_for

    return features_for("alignment").arrow_schema


def _kind_names() -> list[str]:
    from .features import features_for

    return features_for("alignment")["kind"].names


def encode_passages(batch: pa.RecordBatch | pa.Table, schema: pa.Schema, kinds: list[str]
                    ) -> pa.Table:
    """A PASSAGE_SCHEMA batch in the alignments config's encoding (kind as its ClassLabel int)."""
    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    index = {k: n for n, k in enumerate(kinds)}
    kind = pa.array([index[k] for k in table.column("kind").to_pylist()], pa.int64())
    cols = [kind if f.name == "kind" else table.column(f.name).cast(f.type) for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)


def write_outputs(out_dir: Path, passage_batches: Iterable, reuse_batches: Iterable) -> tuple[int, int]:
    """Write passages.parquet and reuse.parquet under temporary names, rename when both are whole.
    Returns (passages, documents) written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    schema, kinds = passages_arrow_schema(), _kind_names()
    counts = []
    for name, batches, sch in ((PASSAGES_FILE, passage_batches, schema),
                               (REUSE_FILE, reuse_batches, REUSE_SCHEMA)):
        tmp = out_dir / f".{name}.tmp-{os.getpid()}"
        n = 0
        try:
            with pq.ParquetWriter(tmp, sch) as w:
                for b in batches:
                    t = encode_passages(b, sch, kinds) if name == PASSAGES_FILE else (
                        pa.Table.from_batches([b]) if isinstance(b, pa.RecordBatch) else b)
                    if t.num_rows:
                        w.write_table(t.cast(sch) if name == REUSE_FILE else t)
                        n += t.num_rows
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        counts.append((tmp, out_dir / name, n))
    for tmp, final, _ in counts:
        os.replace(tmp, final)
    return counts[0][2], counts[1][2]


def local_batches(passages: Sequence[Passage], reuse: dict[str, dict], ordered_ids: Sequence[str]
                  ) -> tuple[Iterator[pa.RecordBatch], Iterator[pa.RecordBatch]]:
    def pb():
        for n in range(0, len(passages), 10_000):
            yield passage_batch(passages[n:n + 10_000])

    def rb():
        rows = [{"doc_id": i, "reuse_share": reuse[i]["reuse_share"],
                 "reuse_class": reuse[i]["reuse_class"], "derived_from": reuse[i]["derived_from"],
                 "shares": [{"source_doc": s, "share": v} for s, v in reuse[i]["shares"].items()]}
                for i in ordered_ids]
        for n in range(0, len(rows), 10_000):
            yield pa.RecordBatch.from_pylist(rows[n:n + 10_000], schema=REUSE_SCHEMA)

    return pb(), rb()


def read_outputs(out_dir: Path) -> tuple[list[Passage], dict[str, dict]]:
    """passages.parquet and reuse.parquet back as align_corpus's (passages, reuse)."""
    kinds = _kind_names()
    passages = [Passage(**{**r, "kind": kinds[r["kind"]]})
                for r in pq.read_table(out_dir / PASSAGES_FILE).to_pylist()]
    reuse = {r["doc_id"]: reuse_as_dict(r) for r in pq.read_table(out_dir / REUSE_FILE).to_pylist()}
    return passages, reuse


def stage_documents(docs: Iterable, path: Path, with_paragraphs: bool = False) -> int:
    """Stream documents (id, text, date, time) to a DOC_SCHEMA Parquet file; paragraphs are
    written for corpus documents (their cleaned paragraphs), else left null for the workers."""
    n = 0
    rows: list[dict] = []
    with pq.ParquetWriter(path, DOC_SCHEMA) as w:
        def flush():
            if rows:
                w.write_batch(pa.RecordBatch.from_pylist(rows, schema=DOC_SCHEMA))
                rows.clear()

        for d in docs:
            t = getattr(d, "published_time", None) or getattr(d, "time", None)
            paras = ([{"start": s, "end": e, "role": r} for s, e, r in paragraphs_of(d)]
                     if with_paragraphs else None)
            rows.append({"id": d.id, "text": d.text, "date": getattr(d, "date", None), "time": t,
                         "paragraphs": paras})
            n += 1
            if len(rows) >= BATCH_ROWS:
                flush()
        flush()
    return n


# --- Spark engine -------------------------------------------------------------------------------

FP_DDL = "fp bigint, id string, date string, time string"
TOKENS_DDL = "id string, date string, time string, toks binary"
PASSAGE_DDL = ("source_doc string, target_doc string, source_start int, source_end int, "
               "target_start int, target_end int, source_text string, target_text string, "
               "kind string, similarity double, boilerplate boolean")
REUSE_DDL = ("doc_id string, reuse_share double, reuse_class string, derived_from array<string>, "
             "shares array<struct<source_doc: string, share: double>>")


def java_available() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return True
    return shutil.which("java") is not None


CONNECT_MODULES = ("grpc", "grpc_status", "google.rpc", "zstandard", "pandas")


def spark_session(master: str | None = None, conf: dict[str, str] | None = None,
                  app: str = "polit-corpus", remote: str | None = None):
    """A SparkSession, or one clear CorpusError: pyspark missing, no Java, or Spark not starting.
    master None: the one spark-submit set, else local[*]. remote (sc://host:port): a Spark
    Connect session instead (no local JVM: the server runs the engine; see connect_session)."""
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError:
        raise CorpusError("--engine spark", f"pyspark is not installed; run {INSTALL_HINT}") from None
    if remote is not None:
        if master is not None:
            raise CorpusError("--remote", "give either --master or --remote, not both")
        return connect_session(remote, conf)
    if not java_available():
        raise CorpusError("--engine spark", "Spark cannot start: no Java runtime (no `java` on PATH "
                          "and JAVA_HOME unset); install Java 17, e.g. apt-get install "
                          "default-jre-headless") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers: this interpreter
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    given = SparkConf()  # what spark-submit set
    builder = SparkSession.builder.appName(app)
    if master is not None:
        builder = builder.master(master)
    elif not given.contains("spark.master"):
        builder = builder.master("local[*]")
    # Input splits of at most 16 MB, so a task's cached tokens stay small at any collection
    # size: with Spark's default (128 MB, or the collection over the cores) a 1M-document
    # collection (415 MB) is four tasks of ~250k documents, and the benchmark's 1M run on
    # local[2] (4 GB heap) failed while caching one task's tokens in the fingerprint stage.
    # (spark-submit --conf spark.sql.files.maxPartitionBytes=... keeps its own value.)
    defaults = {"spark.ui.showConsoleProgress": "false"}
    if not given.contains("spark.sql.files.maxPartitionBytes"):
        defaults["spark.sql.files.maxPartitionBytes"] = "16m"
    for k, v in {**defaults, **(conf or {})}.items():
        builder = builder.config(k, v)
    builder = builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
    _quiet_pyspark()
    try:
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        return spark
    except Exception as exc:  # noqa: BLE001 - Py4J / launcher errors of every kind
        raise CorpusError("--engine spark", f"Spark could not start: {_first_line(exc)}") from None


def _quiet_pyspark() -> None:
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark\..*")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def connect_session(remote: str, conf: dict[str, str] | None = None):
    """A Spark Connect session on `remote` (sc://host:port), checked with one round trip.
    Only runtime SQL settings can be set from a Connect client (spark.sql.*); the server's
    Python workers must have polit-corpus installed, and the input's staged copy and the output
    folder must be on storage the server sees (the engine reads and writes them by path)."""
    import importlib

    missing = []
    for mod in CONNECT_MODULES:
        try:
            importlib.import_module(mod)
        except ImportError:
            missing.append(mod)
    if missing:
        raise CorpusError("--remote", f"the Spark Connect client needs {', '.join(missing)}; run "
                          f"{INSTALL_HINT}") from None
    if not remote.startswith("sc://"):
        raise CorpusError("--remote", f"not a Spark Connect URL: {remote!r} (use sc://host:port)")
    from pyspark.sql import SparkSession

    _quiet_pyspark()
    try:
        spark = SparkSession.builder.remote(remote).getOrCreate()
        # the client retries a refused connection with backoff for ten minutes: the first round
        # trip gets a few quick retries, the job itself the default policy again
        from pyspark.sql.connect.client.retries import DefaultPolicy

        policies = spark._client.get_retry_policies()
        spark._client.set_retry_policies([DefaultPolicy(max_retries=3, max_backoff=1000)])
        import warnings

        # the retries' own warning (the error line below says it)
        warnings.filterwarnings("ignore", message=r"\[RETRIES_EXCEEDED\]")
        spark.version  # noqa: B018 - the round trip that proves the server answers
        spark._client.set_retry_policies(policies)
        for k, v in {"spark.sql.execution.arrow.pyspark.enabled": "true", **(conf or {})}.items():
            if k.startswith("spark.sql."):
                spark.conf.set(k, v)
        return spark
    except Exception as exc:  # noqa: BLE001 - gRPC errors of every kind
        grpc_error = exc.__cause__ or exc.__context__
        why = (grpc_error.details() if callable(getattr(grpc_error, "details", None))
               else _first_line(exc))
        raise CorpusError("--remote", f"Spark Connect server {remote} did not answer: "
                          f"{_first_line(RuntimeError(why))}") from None


def _map(fn: Callable, params: AlignParams) -> Callable:
    def run(batches):
        for b in batches:
            if b.num_rows:
                yield fn(b, params)
    return run


def _routed(params: AlignParams) -> Callable:
    def run(batches):
        yield from align_routed(batches, params)
    return run


def _token_rows(batch: pa.RecordBatch, _params: AlignParams) -> pa.RecordBatch:
    return token_rows(batch)


def _earlier(a: str, b: str):
    """Spark condition: document a comes before document b by (date, time, id)."""
    from pyspark.sql import functions as F

    da, db, ta, tb = F.col(f"{a}_date"), F.col(f"{b}_date"), F.col(f"{a}_time"), F.col(f"{b}_time")
    ia, ib = F.col(f"{a}_id"), F.col(f"{b}_id")
    return (da < db) | ((da == db) & ((ta < tb) | ((ta == tb) & (ia < ib))))


def spark_align(spark, docs_path: Path, out_dir: Path, params: AlignParams,
                partitions: int | None = None, timings: dict | None = None,
                pairs_out: Path | None = None) -> dict:
    """Run the Spark engine over a DOC_SCHEMA Parquet file; write out_dir's two files.
    Returns the stage timings and counts (each stage is materialised to be timed). pairs_out:
    also write the candidate pairs (s_id, t_id, shared) there, as Parquet (for benchmarks)."""
    from pyspark.sql import functions as F

    timings = {} if timings is None else timings
    parts = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    work = Path(tempfile.mkdtemp(prefix=".spark-", dir=out_dir))
    try:
        docs = spark.read.parquet(str(docs_path))
        keys = docs.select("id", F.coalesce("date", F.lit("")).alias("date"),
                           F.coalesce("time", F.lit("")).alias("time"))

        t0 = time.perf_counter()
        toks = _stored(spark, docs.select("id", "text", "date", "time", "paragraphs")
                       .mapInArrow(_map(_token_rows, params), TOKENS_DDL), work / "tokens")
        fps = _stored(spark, toks.mapInArrow(_map(fingerprint_rows, params), FP_DDL)
                      .select("fp", "id", F.coalesce("date", F.lit("")).alias("date"),
                              F.coalesce("time", F.lit("")).alias("time")), work / "fps")
        timings["fingerprints"] = fps.count()
        timings["fingerprint_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        df = fps.groupBy("fp").count()
        kept = fps.join(df.filter((F.col("count") >= 2) & (F.col("count") <= params.max_df))
                        .select("fp"), "fp", "left_semi")
        s = kept.select("fp", *(F.col(c).alias(f"s_{c}") for c in ("id", "date", "time")))
        t = kept.select("fp", *(F.col(c).alias(f"t_{c}") for c in ("id", "date", "time")))
        pairs = (s.join(t, "fp").filter(_earlier("s", "t"))
                 .groupBy("s_id", "s_date", "s_time", "t_id", "t_date", "t_time")
                 .agg(F.count("*").alias("shared"))
                 .filter(F.col("shared") >= params.min_shared))
        pairs = _stored(spark, pairs, work / "pairs")
        timings["candidate_pairs"] = pairs.count()
        timings["candidates_s"] = time.perf_counter() - t0
        if pairs_out is not None:
            pairs.select("s_id", "t_id", "shared").write.parquet(str(pairs_out))

        t0 = time.perf_counter()
        # each pair goes to its source's partition (Spark's own hash partitioning of s_id); each
        # document goes once to every partition that has it in a pair, ahead of the pairs, with
        # its text and tokens: a document travels once per partition, not once per pair
        part = F.pmod(F.hash("s_id"), F.lit(parts)).alias("part")
        p = pairs.select("s_id", "s_date", "s_time", "t_id", "t_date", "t_time", part)
        ends = (p.select(F.col("s_id").alias("id"), "part", F.col("s_id").alias("route"))
                .unionByName(p.select(F.col("t_id").alias("id"), "part",
                                      F.col("s_id").alias("route")))
                .groupBy("id", "part").agg(F.min("route").alias("route")))
        none = F.lit(None).cast("string")
        doc_rows = (ends.join(toks.select("id", "toks"), "id").join(docs.select("id", "text"), "id")
                    .select(F.lit(0).cast("tinyint").alias("kind"), "route", "id", "text", "toks",
                            none.alias("s_id"), none.alias("t_id"), *(none.alias(c) for c in (
                                "s_date", "s_time", "t_date", "t_time"))))
        pair_rows = p.select(F.lit(1).cast("tinyint").alias("kind"), F.col("s_id").alias("route"),
                             none.alias("id"), none.alias("text"), F.lit(None).cast("binary")
                             .alias("toks"), "s_id", "t_id", "s_date", "s_time", "t_date", "t_time")
        batches = (doc_rows.unionByName(pair_rows)
                   .repartition(parts, "route")
                   .sortWithinPartitions("kind", "s_date", "s_time", "s_id", "t_date", "t_time",
                                         "t_id")
                   .select(*ROUTED_SCHEMA.names))
        passages = _stored(spark, batches.mapInArrow(_routed(params), PASSAGE_DDL),
                           work / "aligned")
        timings["passages"] = passages.count()
        timings["align_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        covers = (passages.groupBy("target_doc")
                  .agg(F.collect_list(F.struct("source_doc", "target_start", "target_end"))
                       .alias("covers")))
        reuse = (docs.join(covers, docs.id == covers.target_doc, "left")
                 .select("id", "text", "paragraphs", "covers")
                 .mapInArrow(_map(reuse_rows, params), REUSE_DDL))
        (reuse.join(keys, reuse.doc_id == keys.id).orderBy("date", "time", "doc_id")
         .drop("id", "date", "time").write.parquet(str(work / "reuse")))
        timings["shares_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        sk = keys.select(*(F.col(c).alias(f"sk_{c}") for c in keys.columns))
        tk = keys.select(*(F.col(c).alias(f"tk_{c}") for c in keys.columns))
        (passages.join(tk, passages.target_doc == tk.tk_id).join(sk, passages.source_doc == sk.sk_id)
         .orderBy("tk_date", "tk_time", "target_doc", "sk_date", "sk_time", "source_doc",
                  "target_start")
         .select(*PASSAGE_SCHEMA.names).write.parquet(str(work / "passages")))
        n_passages, n_docs = write_outputs(out_dir, _parts(work / "passages"), _parts(work / "reuse"))
        timings["write_s"] = time.perf_counter() - t0
        timings["documents"] = n_docs
        timings["passages"] = n_passages
        return timings
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _stored(spark, df, path: Path):
    """Write an intermediate result to Parquet and read it back. Spark's own cache built each
    task's columnar batches on the JVM heap, outside its memory accounting, and a 1M-document
    collection's tokens ran the heap out; a file streams at any size and is read lazily."""
    df.write.parquet(str(path))
    return spark.read.parquet(str(path))


def _parts(folder: Path) -> Iterator[pa.RecordBatch]:
    """The part files Spark wrote, in part order (the order of a global sort), batch by batch."""
    for f in sorted(folder.glob("part-*.parquet")):
        yield from pq.ParquetFile(f).iter_batches(batch_size=10_000)


# --- annotate on Spark --------------------------------------------------------------------------

ANNOTATE_SCHEMA = pa.schema([("n", pa.int64()), ("file", pa.string()), ("id", pa.string()),
                             ("text", pa.string()), ("date", pa.string()), ("time", pa.string())])


def annotate_rows(batch: pa.RecordBatch, speakers: dict) -> pa.RecordBatch:
    """A batch of staged records -> (n, row, error): row is the JSON line `annotate --format
    jsonl` writes for that record; error the record's one-line error (the driver raises it)."""
    import json

    from .collection import TextRecord
    from .preannotate.rows import text_rows

    c = batch.to_pydict()
    rows, errors = [], []
    for f, i, t, d, tm in zip(c["file"], c["id"], c["text"], c["date"], c["time"], strict=True):
        try:
            rows.append(json.dumps(text_rows(TextRecord(i, t, d, tm), speakers, f),
                                   ensure_ascii=False))
            errors.append(None)
        except CorpusError as exc:
            rows.append(None)
            errors.append(json.dumps([exc.file, exc.message, exc.record, exc.field]))
    return pa.RecordBatch.from_arrays([batch.column("n"), pa.array(rows, pa.string()),
                                       pa.array(errors, pa.string())], names=["n", "row", "error"])


def annotate_spark(session: Callable, paths: Sequence[Path], speakers: dict, work: Path,
                   sink) -> int:
    """Stage every record of `paths` (read_collection's checks), then map the annotator over
    Spark partitions; write the rows to `sink` in input order. Returns the number of texts."""
    from .collection import read_collection

    staged = work / "records.parquet"
    n = 0
    with pq.ParquetWriter(staged, ANNOTATE_SCHEMA) as w:
        rows: list[dict] = []
        for path in paths:
            for rec in read_collection(path):
                rows.append({"n": n, "file": str(path), "id": rec.id, "text": rec.text,
                             "date": rec.date, "time": rec.time})
                n += 1
                if len(rows) >= BATCH_ROWS:
                    w.write_batch(pa.RecordBatch.from_pylist(rows, schema=ANNOTATE_SCHEMA))
                    rows.clear()
        if rows:
            w.write_batch(pa.RecordBatch.from_pylist(rows, schema=ANNOTATE_SCHEMA))
    spark = session()

    def run(batches):
        for b in batches:
            if b.num_rows:
                yield annotate_rows(b, speakers)

    import json

    done = spark.read.parquet(str(staged)).mapInArrow(run, "n bigint, row string, error string")
    done.orderBy("n").write.parquet(str(work / "rows"))
    for b in _parts(work / "rows"):  # the first failing record in input order, as the local engine
        for e in b.column("error").drop_null().to_pylist():
            file, message, record, field = json.loads(e)
            raise CorpusError(file, message, record, field)
    for b in _parts(work / "rows"):
        for line in b.column("row").to_pylist():
            sink.write(line + "\n")
    return n
