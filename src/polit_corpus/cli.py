"""Command line: argument handling only; every command calls a stage module."""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import CorpusError, CorpusErrors, cap
from .outputs import writable_dir, writable_file
from .validate import validate_corpus

app = typer.Typer(help="Build, check and explore the polit-corpus dataset.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
out = Console()
if not out.is_terminal:
    out = Console(width=400)  # tables stay readable when piped or captured
err = Console(stderr=True, highlight=False, soft_wrap=True)

CorpusOpt = typer.Option(Path("corpus"), "--corpus", help="Corpus folder (documents.yaml, raw/, ...).")


def fail(errors: list[CorpusError]) -> None:
    for e in errors:
        err.print(Text(f"error: {e}"))
    raise typer.Exit(1)


def load_valid(corpus: Path):
    """The corpus's documents, validated (or recalled from a clean validate of the same bytes:
    validated.py); any problem ends the command."""
    from .validated import validate_or_recall

    docs, _, errors = validate_or_recall(corpus)
    if errors:
        fail(errors)
    return docs


@app.command()
def validate(corpus: Path = CorpusOpt) -> None:
    """Check schemas, checksums, offsets and span texts; exit 1 with one line per problem."""
    from .corpus import SPEAKERS, load_speakers
    from .validate import speaker_warnings
    from .validated import validate_and_store

    docs, _, errors = validate_and_store(corpus)  # what the build after it need not prove again
    if errors:
        fail(errors)
    for w in speaker_warnings(load_speakers(corpus), str(corpus / SPEAKERS)):
        err.print(Text(f"warning: {w}"))
    out.print(f"[green]ok[/green]: {len(docs)} documents valid in {corpus}")


def _counts(c: Counter, sep: str = ", ") -> str:
    return sep.join(f"{k} {n}" for k, n in sorted(c.items())) or "-"


@app.command()
def stats(corpus: Path = CorpusOpt) -> None:
    """A table of documents in order of publication: date, force, outlet, words, paragraphs by
    role, removed pieces, quotes and figures."""
    from .align import order_key
    from .records import word_count

    docs = sorted(load_valid(corpus), key=order_key)
    table = Table(title=f"polit-corpus: {len(docs)} documents, in order of publication")
    # ids are never cut: two ids may share a long prefix (essex-release-2019 / -2020-01-31)
    table.add_column("id", no_wrap=True, min_width=max((len(d.id) for d in docs), default=2))
    table.add_column("date", no_wrap=True)
    for col in ("force", "outlet", "words", "paragraphs by role", "removed", "quotes by type",
                "figures by category"):
        table.add_column(col)
    # one line per document when there is room (piped output is 400 wide); on a narrow terminal
    # one count per line, so columns wrap between items, not inside words
    sep = ", " if out.width >= 200 else "\n"
    for d in docs:
        v = d.metadata.values
        roles = Counter(p.role for p in d.cleaned.paragraphs)
        removed = Counter(r.role for r in d.cleaned.removed if r.role != "whitespace")
        table.add_row(
            d.id, " ".join(x for x in (v["date"], v["published_time"]) if x) or "-",
            v["force"] or "-", v["outlet"] or "unknown",
            str(word_count(d.text)), _counts(roles, sep), _counts(removed, sep),
            _counts(Counter(q.type for q in d.quotes), sep),
            _counts(Counter(f.category for f in d.figures), sep),
        )
    out.print(table)


# Colour-blind-safe styles (Okabe-Ito hues) with a second cue (underline/bold) per layer.
ADD_PROBLEMS_SHOWN = 50  # problems `add` prints; validate prints every one

STYLES = {
    "quote": "#000000 on #b9dcf2",
    "cue": "bold #e69f00",
    "source": "underline #56b4e9",
    "figure": "bold #000000 on #f0e442",
    "counted": "italic #009e73",
}
# On an 8/16-colour terminal (TERM=xterm) the pale backgrounds above fall back to basic colours
# that are unreadable on light or dark themes; there every layer is marked by attributes alone.
BASIC_STYLES = {
    "quote": "underline",
    "cue": "bold",
    "source": "bold underline",
    "figure": "reverse bold",
    "counted": "italic",
}


def styles() -> dict[str, str]:
    return BASIC_STYLES if out.color_system in ("standard", "windows") else STYLES


def legend() -> Text:
    parts = [("legend: ", "bold")]
    for name, style in styles().items():
        parts += [(f" {name} ", style), ("  ", "")]
    return Text.assemble(*parts)


def bounds_words(f) -> str:
    """A figure's value and bounds as words: 'value 312', 'no single value, range 200 to 999'."""
    def n(v: float) -> str:
        return f"{v:g}"

    parts = [f"value {n(f.value)}" if f.value is not None else "no single value"]
    lo, hi = f.value_low, f.value_high
    if lo is not None and hi is not None:
        parts.append(f"range {n(lo)} to {n(hi)}")
    elif lo is not None:
        parts.append(f"range {n(lo)} or more")
    elif hi is not None:
        parts.append(f"range up to {n(hi)}")
    return ", ".join(parts)


@app.command()
def show(doc: str = typer.Argument(..., help="Document id."), corpus: Path = CorpusOpt) -> None:
    """The clean text with paragraph numbers and roles, spans coloured, then the removed pieces."""
    docs = {d.id: d for d in load_valid(corpus)}
    if doc not in docs:
        fail([CorpusError(str(corpus / "documents.yaml"), f"no document {doc!r}; known: "
                          + ", ".join(sorted(docs)), doc)])
    d = docs[doc]
    style = styles()
    text = Text(d.text)
    for q in d.quotes:
        text.stylize(style["quote"], q.start, q.end)
    for f in d.figures:
        if f.counted:
            text.stylize(style["counted"], f.counted.start, f.counted.end)
        text.stylize(style["figure"], f.start, f.end)
    for q in d.quotes:
        for kind in ("cue", "source"):
            span = getattr(q, kind)
            if span:
                text.stylize(style[kind], span.start, span.end)
    out.print(Text.assemble((d.id, "bold"), f"  {d.date or 'undated'}  "
                            f"{d.metadata.values['outlet'] or 'outlet not named'}"))
    out.print(legend())
    for p in d.cleaned.paragraphs:
        out.print(Text.assemble((f"[{p.index:>2} {p.role}] ", "dim"), text[p.start:p.end]))
    if d.quotes:
        out.print("[bold]quotations[/bold]")
        for q in d.quotes:
            extra = "".join(f" {k}={getattr(q, k)}" for k in ("continues", "nested_in")
                            if getattr(q, k))
            out.print(Text(f"  {q.quote_id:<4} {q.type:<8} {q.speaker_id or '-':<22}"
                           f" {q.text[:70]!r}{extra}"))
    if d.figures:
        out.print("[bold]figures[/bold]")
        for f in d.figures:
            out.print(Text(f"  {f.figure_id:<4} {f.text!r:<24} {bounds_words(f)}; {f.approximation}, "
                           f"unit {f.unit}, {f.category}" + (f", in {f.quote_id}" if f.quote_id else "")))
    out.print("[bold]removed pieces[/bold]")
    for r in d.cleaned.removed:
        out.print(Text(f"  {r.role:<17} raw {r.raw_start}:{r.raw_end}  {r.text!r}"))


@app.command()
def build(corpus: Path = CorpusOpt,
          out_dir: Path = typer.Option(Path("dist/polit-corpus"), "--out",
                                       help="Output folder (replaced atomically).")) -> None:
    """Validate, then write the Hub-ready dataset folder (Parquet configs, card, Croissant)."""
    from .build import build as run_build
    from .build import default_extras

    with out.status("validating, aligning and writing the dataset folder"):
        built = run_build(corpus, out_dir, default_extras(corpus))
    for name, cfg in built.items():
        out.print(f"  {name:<10} {len(cfg.rows):>4} rows  {cfg.path}")
    out.print(f"[green]built[/green] {out_dir}")


@app.command()
def publish(repo_id: str = typer.Option(..., "--repo-id", help="Hub dataset repo, ORG/NAME."),
            private: bool = typer.Option(False, "--private", help="Create the repo as private."),
            dry_run: bool = typer.Option(False, "--dry-run",
                                         help="Offline: list the files and check card and Croissant."),
            skip_build: bool = typer.Option(False, "--skip-build",
                                            help="Upload the folder as built, without rebuilding."),
            corpus: Path = CorpusOpt,
            out_dir: Path = typer.Option(Path("dist/polit-corpus"), "--out",
                                         help="The built folder (rebuilt first unless --skip-build).")
            ) -> None:
    """Build, check, and upload the dataset folder to the Hugging Face Hub (HF_TOKEN needed)."""
    from . import publish as pub

    pub.check_repo_id(repo_id)
    hf_token = pub.token()
    if not dry_run and hf_token is None:
        err.print("error: HF_TOKEN is not set; set it to a Hub token with write access, "
                  "or use --dry-run")
        raise typer.Exit(1)
    if not skip_build:
        from .build import build as run_build
        from .build import default_extras

        run_build(corpus, out_dir, default_extras(corpus))
    pub.check_folder(out_dir)
    files = pub.files_to_upload(out_dir)
    verb = "would upload" if dry_run else "uploading"
    out.print(f"{verb} {len(files)} files to datasets/{repo_id} ({'private' if private else 'public'}):")
    for f in files:
        out.print(Text(f"  {f.path}  {f.size} B  sha256:{f.sha256}"))
    out.print("[green]ok[/green]: dataset card and Croissant metadata checked")
    if dry_run:
        return
    url = pub.upload(out_dir, repo_id, private, hf_token)
    out.print(f"[green]uploaded[/green] {url}")


@app.command()
def export(fmt: str = typer.Option("all", "--format",
                                   help="brat, conll, measeval, jsonl, or all (the default)."),
           corpus: Path = CorpusOpt,
           out_dir: Path = typer.Option(Path("dist/export"), "--out",
                                        help="Output folder; each format goes in its own subfolder.")
           ) -> None:
    """Export the gold layers: brat (PolNeAR attribution convention), CoNLL IOB2, MeasEval TSV, JSONL."""
    from .export import FORMATS
    from .export import export as run_export

    if fmt != "all" and fmt not in FORMATS:
        fail([CorpusError("--format", f"unknown format {fmt!r}; choose one of "
                          f"{', '.join(FORMATS)} or all")])
    writable_dir(out_dir)
    docs = load_valid(corpus)
    fmts = FORMATS if fmt == "all" else (fmt,)
    written = run_export(docs, fmts, out_dir)
    for f in fmts:
        out.print(f"[green]exported[/green] {len(docs)} documents as {f} in {out_dir / f}")
    out.print(f"{len(written)} files written")


@app.command()
def report(corpus: Path = CorpusOpt,
           out_dir: Path = typer.Option(Path("report"), "--out", help="Folder for the HTML site.")
           ) -> None:
    """Static HTML for educators: texts on a timeline, spans coloured, what each copy changed side
    by side, who is quoted, figures with conflicts first; printable, a legend on every page."""
    from .links import statistics
    from .report import write_report
    from .validated import validate_or_recall

    writable_dir(out_dir)
    with out.status("validating and aligning documents"):
        docs, passages, errors = validate_or_recall(corpus)
    if errors:
        fail(errors)
    from .corpus import load_speakers

    files = write_report(out_dir, docs, passages, statistics([f for d in docs for f in d.figures]),
                         load_speakers(corpus))
    out.print(f"[green]wrote[/green] {len(files)} pages to {out_dir} (open index.html)")


ENGINES = ("local", "spark")


def _engine(engine: str) -> str:
    if engine not in ENGINES:
        raise CorpusError("--engine", f"unknown engine {engine!r}; use local or spark")
    return engine


def _spark(master: str | None, partitions: int | None, remote: str | None = None):
    from .align_engines import spark_session

    conf = {}
    if partitions:
        conf["spark.sql.shuffle.partitions"] = str(partitions)
    return spark_session(master, conf, remote=remote)


def _remote_needs_spark(engine: str, remote: str | None, master: str | None) -> None:
    if remote is not None and engine != "spark":
        raise CorpusError("--remote", "--remote (Spark Connect) needs --engine spark")
    if remote is not None and master is not None:
        raise CorpusError("--remote", "give either --master or --remote, not both")


RemoteOpt = typer.Option(None, "--remote",
                         help="Spark Connect server (sc://host:port) instead of a local Spark; "
                              "input and --out on storage the server sees.")


def _align_with(docs, engine: str, master: str | None, partitions: int | None,
                out_dir: Path, with_paragraphs: bool, remote: str | None = None) -> tuple[int, int]:
    """Align with either engine; write out_dir/passages.parquet and reuse.parquet. The Spark
    engine streams `docs` (any iterable) to a Parquet file that its workers read, before Spark
    starts, so a bad record fails first."""
    import tempfile

    from .align import AlignParams, order_key
    from .align_engines import local_align, local_batches, spark_align, stage_documents, write_outputs

    params = AlignParams()
    if engine == "local":
        docs = list(docs)
        passages, reuse = local_align(docs, params)
        return write_outputs(out_dir, *local_batches(passages, reuse,
                                                     [d.id for d in sorted(docs, key=order_key)]))
    with tempfile.TemporaryDirectory(prefix=".stage-", dir=out_dir) as tmp:
        staged = Path(tmp) / "documents.parquet"
        stage_documents(docs, staged, with_paragraphs)
        spark = _spark(master, partitions, remote)
        t = spark_align(spark, staged, out_dir, params, partitions)
    return t["passages"], t["documents"]


@app.command()
def align(corpus: Path = CorpusOpt,
          input_path: Path | None = typer.Option(
              None, "--input", help="A collection instead of the corpus: a .txt file, a folder of "
                                    ".txt files, or JSONL / Parquet with id, text and optional "
                                    "date, time columns."),
          out_file: Path | None = typer.Option(
              None, "--out", help="Corpus: write the passages as JSON Lines to this file. "
                                  "--input: the folder for passages.parquet and reuse.parquet "
                                  "(default: alignments-out)."),
          engine: str = typer.Option("local", "--engine", help="local (one process) or spark."),
          master: str | None = typer.Option(None, "--master",
                                            help="Spark master (default: the one spark-submit "
                                                 "sets, else local[*])."),
          partitions: int | None = typer.Option(None, "--partitions", min=1,
                                                help="Spark shuffle partitions."),
          remote: str | None = RemoteOpt,
          ) -> None:
    """Align text reuse between documents (clean texts only; no annotations needed)."""
    _engine(engine)
    _remote_needs_spark(engine, remote, master)
    if input_path is not None:
        _align_collection(input_path, out_file or Path("alignments-out"), engine, master, partitions,
                          remote)
        return
    from .align import order_key, pair_summaries, passages_jsonl
    from .corpus import load_documents

    if out_file is not None:
        writable_file(out_file)
    docs = load_documents(corpus)
    if engine == "local":
        from .align_engines import align_corpus

        passages, reuse = align_corpus(docs)
    else:
        import tempfile

        from .align_engines import read_outputs

        with tempfile.TemporaryDirectory(prefix="polit-align-") as tmp:
            _align_with(docs, engine, master, partitions, Path(tmp), with_paragraphs=True,
                        remote=remote)
            passages, reuse = read_outputs(Path(tmp))
    table = Table(title="Text reuse: passages of each later text taken from an earlier one")
    for col in ("source → target", "passages", "verbatim", "rewritten", "boilerplate", "share",
                "class"):
        table.add_column(col, justify="right" if col not in ("source → target", "class") else "left")
    for r in pair_summaries(docs, passages, reuse):
        table.add_row(f"{r.source_doc} → {r.target_doc}", str(r.passages), str(r.verbatim),
                      str(r.rewritten), str(r.boilerplate), f"{r.share:.1%}", r.reuse_class)
    out.print(table)
    per_doc = Table(title="Per document (shares exclude boilerplate paragraphs)")
    for col in ("document", "reuse share", "class", "derived from"):
        per_doc.add_column(col)
    for d in sorted(docs, key=order_key):
        r = reuse[d.id]
        per_doc.add_row(d.id, f"{r['reuse_share']:.1%}", r["reuse_class"],
                        ", ".join(r["derived_from"]) or "-")
    out.print(per_doc)
    if out_file is not None:
        out_file.write_text(passages_jsonl(passages), encoding="utf-8")  # checked above
        out.print(f"[green]wrote[/green] {len(passages)} passages to {out_file}")


def _align_collection(path: Path, out_dir: Path, engine: str, master: str | None,
                      partitions: int | None, remote: str | None = None) -> None:
    """--input: read (and check) the whole collection first, so bad input fails before any work."""
    from collections import Counter

    import pyarrow.parquet as pq

    from .align_engines import PASSAGES_FILE, REUSE_FILE
    from .collection import read_collection

    writable_dir(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_passages, n_docs = _align_with(read_collection(path), engine, master, partitions, out_dir,
                                     with_paragraphs=False, remote=remote)
    classes = Counter(pq.read_table(out_dir / REUSE_FILE, columns=["reuse_class"])
                      .column("reuse_class").to_pylist())
    out.print(Text(f"wrote {out_dir / PASSAGES_FILE}: {n_passages} passages; "
                   f"{out_dir / REUSE_FILE}: {n_docs} documents ({_counts(classes)}) [{engine}]"))


@app.command("annotate")
def annotate_cmd(paths: list[Path] = typer.Argument(
                     ..., help="Text files (raw; cleaned first), folders of .txt files, or JSONL / "
                               "Parquet collections with id and text columns."),
                 corpus: Path = CorpusOpt,
                 fmt: str = typer.Option("yaml", "--format",
                                         help="yaml: one standoff file for review (one text); "
                                              "jsonl: one object per text for other tools."),
                 out_file: Path | None = typer.Option(None, "--out",
                                                      help="Write here instead of printing."),
                 engine: str = typer.Option("local", "--engine",
                                            help="local, or spark (--format jsonl): the annotator "
                                                 "mapped over partitions."),
                 master: str | None = typer.Option(None, "--master",
                                                   help="Spark master (default: the one "
                                                        "spark-submit sets, else local[*])."),
                 remote: str | None = RemoteOpt,
                 ) -> None:
    """Pre-annotate any news text (rule-based): standoff YAML for review, or JSON Lines rows."""
    from .corpus import load_speakers

    if fmt not in ("yaml", "jsonl"):
        raise CorpusError("--format", f"unknown format {fmt!r}; use yaml or jsonl")
    _engine(engine)
    _remote_needs_spark(engine, remote, master)
    if engine == "spark" and fmt != "jsonl":
        raise CorpusError("--engine", "--engine spark needs --format jsonl")
    speakers = load_speakers(corpus)
    if fmt == "jsonl":
        if engine == "spark":
            _annotate_spark(paths, speakers, out_file, master, remote)
        else:
            _annotate_jsonl(paths, speakers, out_file)
        return
    from .clean import CleaningError, clean
    from .ingest import REVIEW_HEADER, slug_for, standoff_yaml
    from .preannotate import preannotate
    from .sources import read_raw

    if len(paths) != 1 or paths[0].is_dir() or paths[0].suffix.lower() in (
            ".jsonl", ".ndjson", ".parquet", ".pq"):
        raise CorpusError(str(paths[0]), "--format yaml writes one standoff file for one text "
                                         "file; use --format jsonl for several texts or a collection")
    file = paths[0]
    if out_file is not None:
        writable_file(out_file)  # before the work, as for every --out
    raw = read_raw(file)
    try:
        cleaned = clean(raw)
    except CleaningError as exc:
        raise CorpusError(str(file), str(exc)) from None
    standoff = preannotate(cleaned.text, cleaned.paragraphs, speakers, doc_id=slug_for(file))
    text = standoff_yaml(standoff, REVIEW_HEADER.format(how=f"polit-corpus annotate {file.name}"))
    if out_file is None:
        typer.echo(text, nl=False)
        return
    out_file.write_text(text, encoding="utf-8")
    out.print(Text(f"wrote {out_file}: {len(standoff['quotes'])} quotations, "
                   f"{len(standoff['figures'])} figures proposed (all marked auto: for review)"))


def _annotate_jsonl(paths: list[Path], speakers: dict, out_file: Path | None) -> None:
    """Stream every text of every path through the pre-annotator, one JSON line each; the
    output file is written under a temporary name and renamed only when all texts succeeded."""
    import json

    from rich.progress import Progress

    from .collection import read_collection
    from .preannotate.rows import text_rows

    n = 0
    with _output(out_file) as sink, \
            Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("annotating", total=None)
        for path in paths:
            for rec in read_collection(path):
                sink.write(json.dumps(text_rows(rec, speakers, str(path)),
                                      ensure_ascii=False) + "\n")
                n += 1
                bar.advance(task)
    if out_file is not None:
        out.print(Text(f"wrote {out_file}: {n} texts pre-annotated"))


@contextlib.contextmanager
def _output(out_file: Path | None):
    """stdout, or out_file written under a temporary name and renamed only when the block
    ends without an error, so a failed run leaves any previous file as it was."""
    if out_file is None:
        yield sys.stdout
        return
    writable_file(out_file)
    tmp = out_file.with_name(f".{out_file.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8") as sink:
            yield sink
        os.replace(tmp, out_file)
    finally:
        tmp.unlink(missing_ok=True)


def _annotate_spark(paths: list[Path], speakers: dict, out_file: Path | None,
                    master: str | None, remote: str | None = None) -> None:
    """The records of every path (checked on the way) staged to Parquet with their position, the
    annotator mapped over Spark partitions, the rows written back in input order: the same
    lines as the local engine."""
    import tempfile

    from .align_engines import annotate_spark, spark_session

    with _output(out_file) as sink, tempfile.TemporaryDirectory(prefix="polit-annotate-") as tmp:
        n = annotate_spark(lambda: spark_session(master, remote=remote), paths, speakers,
                           Path(tmp), sink)
    if out_file is not None:
        out.print(Text(f"wrote {out_file}: {n} texts pre-annotated [spark]"))


@app.command()
def evaluate(gold: Path = typer.Option(Path("corpus"), "--gold", "--corpus",
                                       help="The corpus folder whose annotations are the reference."),
             pred: Path = typer.Option(..., "--pred",
                                       help="Predictions: JSON Lines as `annotate --format jsonl` "
                                            "writes them (offsets into each raw text)."),
             as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON.")
             ) -> None:
    """Score any system's quotations and figures against this corpus's annotations."""
    import json

    from .evaluate import read_predictions, score_corpus

    docs = load_valid(gold)
    result = score_corpus(docs, read_predictions(pred))
    if as_json:
        typer.echo(json.dumps(result, indent=2, sort_keys=True))
        return
    table = Table(title=f"{pred} against {gold} (one-to-one matching; overlap = at least half of "
                        "the shorter span)")
    for col in ("layer", "gold", "predicted", "exact P", "exact R", "exact F1", "overlap P",
                "overlap R", "overlap F1"):
        table.add_column(col, justify="left" if col == "layer" else "right")
    for name, s in result["spans"].items():
        ex, ov = s["exact"], s["overlap"]
        table.add_row(name, str(ex["gold"]), str(ex["predicted"]),
                      *(f"{ex[k]:.3f}" for k in ("precision", "recall", "f1")),
                      *(f"{ov[k]:.3f}" for k in ("precision", "recall", "f1")))
    out.print(table)
    attrs = Table(title="On overlap-matched pairs")
    for col in ("attribute", "agree", "of", "share"):
        attrs.add_column(col, justify="left" if col == "attribute" else "right")
    for name, a in result["attributes"].items():
        attrs.add_row(name, str(a["agree"]), str(a["compared"]),
                      "-" if a["share"] is None else f"{a['share']:.3f}")
    out.print(attrs)
    if result["missing"]:
        out.print(Text(f"no prediction for {len(result['missing'])} gold texts "
                       f"({', '.join(result['missing'])}): counted as predicting nothing"))


@app.command()
def add(raw_file: Path = typer.Argument(..., help="The new source text, as published."),
        doc_id: str = typer.Option(..., "--id", help="Stable slug for the document."),
        corpus: Path = CorpusOpt,
        outlet: str | None = typer.Option(None, "--outlet", help="Publishing outlet's name."),
        outlet_type: str | None = typer.Option(
            None, "--outlet-type", help="police_press_office, newspaper or unknown."),
        force: str | None = typer.Option(None, "--force", help="Police force the story is about."),
        url: str | None = typer.Option(None, "--url", help="Where the text was published."),
        date: str | None = typer.Option(None, "--date", help="Publication date, YYYY-MM-DD."),
        title: str | None = typer.Option(
            None, "--title", help="The headline, exactly as the text prints it on its first line "
            "(needed when nothing else marks line 1 as the headline).")
        ) -> None:
    """Add a raw text: copy it verbatim, register it with evidenced metadata, pre-annotate it.

    Then: review the pre-annotation; add any new speaker to speakers.yaml; run
    scripts/update_golden.py to regenerate the golden files (README's counts are updated by hand;
    tests/test_docs.py checks them)."""
    from .corpus import SPEAKERS, load_speakers, standoff_path
    from .ingest import add_text
    from .validate import speaker_warnings

    entry = add_text(raw_file, doc_id, corpus, force=force, outlet=outlet,
                     outlet_type=outlet_type, url=url, date=date, title=title)
    annotation = standoff_path(corpus, doc_id)
    out.print(Text(f"added {doc_id}: raw/{entry['raw_file']} (sha256 {entry['sha256']}), "
                   f"register entry appended to {corpus / 'documents.yaml'}, "
                   f"pre-annotation written to {annotation}"))
    for field, item in entry["metadata"].items():
        shown = item["value"] if item["value"] is not None else "null"
        out.print(Text(f"  {field:<15} {shown!s:<40.40} ({item['provenance']})"))
    _, errors = validate_corpus(corpus)
    is_mine = [(e.record or "").split(":")[0] == doc_id or doc_id in e.file for e in errors]
    mine = [e for e, m in zip(errors, is_mine, strict=True) if m]
    others = [e for e, m in zip(errors, is_mine, strict=True) if not m]
    if mine:
        out.print(Text(f"to review in {annotation} ({len(mine)} problems; `polit-corpus validate` "
                       "fails until they are fixed):"))
        for e in mine[:ADD_PROBLEMS_SHOWN]:
            out.print(Text(f"  {e}"))
        if len(mine) > ADD_PROBLEMS_SHOWN:  # a terminal of 5,000 lines helps nobody
            out.print(Text(f"  ... and {len(mine) - ADD_PROBLEMS_SHOWN} more: run "
                           f"`polit-corpus validate --corpus {corpus}` for all of them"))
    else:
        out.print(Text("validate: no problems with the new document"))
    for e in others[:ADD_PROBLEMS_SHOWN]:
        out.print(Text(f"  (elsewhere in the corpus) {e}"))
    if len(others) > ADD_PROBLEMS_SHOWN:
        out.print(Text(f"  (elsewhere in the corpus) ... and {len(others) - ADD_PROBLEMS_SHOWN} "
                       f"more: run `polit-corpus validate --corpus {corpus}`"))
    for w in speaker_warnings(load_speakers(corpus), str(corpus / SPEAKERS)):
        out.print(Text(f"  warning: {w}"))
    out.print(Text("next:"))
    out.print(Text(f"  1. edit {annotation}: check every span, delete each 'auto:' note"))
    out.print(Text(f"  2. add each new speaker (id, name, kind, role, organisation, every surface form "
                   f"as an alias) to {corpus / SPEAKERS}; the pre-annotation leaves unknown "
                   "speakers null"))
    out.print(Text(f"  3. run `polit-corpus validate --corpus {corpus}` until it prints ok"))
    out.print(Text("  4. run `python scripts/update_golden.py` to regenerate tests/golden/ and review "
                   "the diff; update README's counts (tests/test_docs.py checks them)"))


def main() -> None:
    # Errors raised inside a command reach here outside typer's own handling, so exit directly
    # (typer.Exit raised from here would surface as a traceback).
    try:
        app()
    except CorpusErrors as exc:
        errors = [str(e) for e in exc.errors]
    except CorpusError as exc:
        errors = [str(exc)]
    except OSError as exc:  # last resort: every known case has its own message before this
        errors = [cap(f"{exc.filename or 'a file'}: {exc.strerror or exc}")]
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        errors = [cap(f"internal error ({type(exc).__name__}: {exc}); this is a bug in "
                      "polit-corpus, not in your input as far as it knows. Please report it with "
                      "the command you ran (set POLIT_CORPUS_TRACEBACK=1 to see where it happened)")]
        if os.environ.get("POLIT_CORPUS_TRACEBACK"):
            raise
    else:
        return
    for e in errors:
        err.print(Text(f"error: {e}"))
    raise SystemExit(1)


if __name__ == "__main__":
    main()
