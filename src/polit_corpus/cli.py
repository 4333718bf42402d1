"""Command line: argument handling only; every command calls a stage module."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import CorpusError, CorpusErrors
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
    docs, errors = validate_corpus(corpus)
    if errors:
        fail(errors)
    return docs


@app.command()
def validate(corpus: Path = CorpusOpt) -> None:
    """Check schemas, checksums, offsets and span texts; exit 1 with one line per problem."""
    docs = load_valid(corpus)
    out.print(f"[green]ok[/green]: {len(docs)} documents valid in {corpus}")


def _counts(c: Counter) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(c.items())) or "-"


@app.command()
def stats(corpus: Path = CorpusOpt) -> None:
    """A table of documents: date, force, outlet, words, paragraphs by role, removed pieces."""
    docs = load_valid(corpus)
    table = Table(title=f"polit-corpus: {len(docs)} documents")
    for col in ("id", "date", "force", "outlet", "words", "paragraphs by role", "removed",
                "quotes by type", "figures by category"):
        table.add_column(col)
    for d in docs:
        v = d.metadata.values
        roles = Counter(p.role for p in d.cleaned.paragraphs)
        removed = Counter(r.role for r in d.cleaned.removed if r.role != "whitespace")
        table.add_row(
            d.id, v["date"] or "-", v["force"] or "-", v["outlet"] or "unknown",
            str(len(d.text.split())), _counts(roles), _counts(removed),
            _counts(Counter(q.type for q in d.quotes)),
            _counts(Counter(f.category for f in d.figures)),
        )
    out.print(table)


# Colour-blind-safe styles (Okabe-Ito hues) with a second cue (underline/bold) per layer.
STYLES = {
    "quote": "#000000 on #b9dcf2",
    "cue": "bold #e69f00",
    "source": "underline #56b4e9",
    "figure": "bold #000000 on #f0e442",
    "counted": "italic #009e73",
}


def legend() -> Text:
    parts = [("legend: ", "bold")]
    for name, style in STYLES.items():
        parts += [(f" {name} ", style), ("  ", "")]
    return Text.assemble(*parts)


@app.command()
def show(doc: str = typer.Argument(..., help="Document id."), corpus: Path = CorpusOpt) -> None:
    """The clean text with paragraph numbers and roles, spans coloured, then the removed pieces."""
    docs = {d.id: d for d in load_valid(corpus)}
    if doc not in docs:
        fail([CorpusError(str(corpus / "documents.yaml"), f"no document {doc!r}; known: "
                          + ", ".join(sorted(docs)), doc)])
    d = docs[doc]
    text = Text(d.text)
    for q in d.quotes:
        text.stylize(STYLES["quote"], q.start, q.end)
    for f in d.figures:
        if f.counted:
            text.stylize(STYLES["counted"], f.counted.start, f.counted.end)
        text.stylize(STYLES["figure"], f.start, f.end)
    for q in d.quotes:
        for kind in ("cue", "source"):
            span = getattr(q, kind)
            if span:
                text.stylize(STYLES[kind], span.start, span.end)
    out.print(f"[bold]{d.id}[/bold]  {d.date or 'undated'}  {d.metadata.values['outlet'] or ''}")
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
            out.print(Text(f"  {f.figure_id:<4} {f.text!r:<24} value={f.value} "
                           f"[{f.value_low}, {f.value_high}] {f.approximation} {f.unit} "
                           f"{f.category}" + (f" in {f.quote_id}" if f.quote_id else "")))
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

    built = run_build(corpus, out_dir, default_extras(corpus))
    for name, cfg in built.items():
        out.print(f"  {name:<10} {len(cfg.rows):>4} rows  {cfg.path}")
    out.print(f"[green]built[/green] {out_dir}")


@app.command()
def report(corpus: Path = CorpusOpt,
           out_dir: Path = typer.Option(Path("report"), "--out", help="Folder for the HTML site.")
           ) -> None:
    """Static HTML for educators: documents with coloured spans, side-by-side copies, figures."""
    from .align import align_corpus
    from .links import statistics
    from .report import write_report

    docs = load_valid(corpus)
    with out.status("aligning documents"):
        passages, reuse = align_corpus(docs)
    files = write_report(out_dir, docs, passages, reuse,
                         statistics([f for d in docs for f in d.figures]))
    out.print(f"[green]wrote[/green] {len(files)} pages to {out_dir} (open index.html)")


def main() -> None:
    try:
        app()
    except CorpusErrors as exc:
        fail(exc.errors)
    except CorpusError as exc:
        fail([exc])


if __name__ == "__main__":
    main()
