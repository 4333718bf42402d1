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
    out = Console(width=260)  # tables stay readable when piped or captured
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


@app.command()
def stats(corpus: Path = CorpusOpt) -> None:
    """A table of documents: date, force, outlet, words, paragraphs by role, removed pieces."""
    docs = load_valid(corpus)
    table = Table(title=f"polit-corpus: {len(docs)} documents")
    for col in ("id", "date", "force", "outlet", "words", "paragraphs by role", "removed"):
        table.add_column(col)
    for d in docs:
        v = d.metadata.values
        roles = Counter(p.role for p in d.cleaned.paragraphs)
        removed = Counter(r.role for r in d.cleaned.removed if r.role != "whitespace")
        table.add_row(
            d.id, v["date"] or "-", v["force"] or "-", v["outlet"] or "unknown",
            str(len(d.text.split())),
            ", ".join(f"{k} {n}" for k, n in sorted(roles.items())),
            ", ".join(f"{k} {n}" for k, n in sorted(removed.items())) or "-",
        )
    out.print(table)


@app.command()
def show(doc: str = typer.Argument(..., help="Document id."), corpus: Path = CorpusOpt) -> None:
    """The clean text with paragraph numbers and roles, then the removed pieces."""
    docs = {d.id: d for d in load_valid(corpus)}
    if doc not in docs:
        fail([CorpusError(str(corpus / "documents.yaml"), f"no document {doc!r}; known: "
                          + ", ".join(sorted(docs)), doc)])
    d = docs[doc]
    out.print(f"[bold]{d.id}[/bold]  {d.date or 'undated'}  {d.metadata.values['outlet'] or ''}")
    for p in d.cleaned.paragraphs:
        out.print(Text.assemble((f"[{p.index:>2} {p.role}] ", "dim"), p.text))
    out.print("[bold]removed pieces[/bold]")
    for r in d.cleaned.removed:
        out.print(Text(f"  {r.role:<17} raw {r.raw_start}:{r.raw_end}  {r.text!r}"))


def main() -> None:
    try:
        app()
    except CorpusErrors as exc:
        fail(exc.errors)
    except CorpusError as exc:
        fail([exc])


if __name__ == "__main__":
    main()
