"""Publish stage, part 1: write the Hub-ready folder atomically and deterministically.

The folder is assembled in a temporary sibling directory and moved into place only after every
check passed, so a failed build leaves the previous output untouched. Rows are sorted and files
written without timestamps, so two builds of the same inputs are byte-identical.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
from datasets.table import InMemoryTable

from .corpus import Document, load_speakers
from .errors import CorpusError, CorpusErrors
from .features import element, features_for
from .gc_pause import paused_gc
from .outputs import writable_dir
from .paths import datasheet_path, license_path
from .records import DEFAULT_CONFIG, SPLIT, BuiltConfig, document_record  # noqa: F401
from .validated import validate_or_recall

# config name -> schema name; `documents` is the default config.
CONFIGS = {"documents": "document", "quotes": "quote", "figures": "figure", "speakers": "speaker",
           "alignments": "alignment"}


def data_file(config: str) -> str:
    return f"data/{config}/{SPLIT}-00000-of-00001.parquet"


def config_rows(docs: list[Document], speakers: dict, passages: list) -> dict[str, list[dict]]:
    """Rows of every config, in a stable order (passages: by target, source, offset)."""
    records = [document_record(d) for d in sorted(docs, key=lambda d: d.id)]
    return {
        "documents": records,
        "quotes": [q for r in records for q in r["quotes"]],
        "figures": [f for r in records for f in r["figures"]],
        "speakers": [
            {"speaker_id": s.speaker_id, "name": s.name, "kind": s.kind, "role": s.role,
             "organisation": s.organisation, "aliases": list(s.aliases)}
            for s in sorted(speakers.values(), key=lambda s: s.speaker_id)
        ],
        "alignments": [asdict(p) for p in passages],
    }


def corpus_rows(corpus_dir: Path) -> tuple[list[Document], dict[str, list[dict]]]:
    """Validate (which runs the cross-document stage), or recall a clean validation of the same
    bytes (validated.py), and return the documents and every config's rows; any problem is
    raised."""
    with paused_gc():
        docs, passages, errors = validate_or_recall(corpus_dir)
        if errors:
            raise CorpusErrors(errors)
        return docs, config_rows(docs, load_speakers(corpus_dir), passages)


def golden_rows(corpus_dir: Path) -> dict[str, str]:
    """Every config's rows as JSON Lines (labels as strings), for the golden-record tests: the
    reviewed record of what the build publishes."""
    import json

    _, rows = corpus_rows(corpus_dir)
    return {name: "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rs)
            for name, rs in rows.items()}


def write_parquet(rows: list[dict], features: datasets.Features, path: Path) -> None:
    """ClassLabels become ints and the features ride along in the Parquet schema metadata (what
    `load_dataset` reads back). Encoded here into an Arrow table, then written by `datasets`'
    own Parquet writer (its row groups and chunking): `datasets`' per-value encoder took 13 s
    of building a 10 MB document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    encode = _encoder(features)
    if encode is not None:
        rows = [encode(r) for r in rows]
    table = InMemoryTable(pa.Table.from_pylist(rows, schema=features.arrow_schema))
    del rows
    # A fixed fingerprint: without one, `datasets` hashes the whole table (a pickled copy of
    # every byte) to name a cache this build never uses. The Parquet written is the same.
    datasets.Dataset(table, info=datasets.DatasetInfo(features=features),
                     fingerprint=f"polit-corpus-{path.parent.name}").to_parquet(str(path))


def _encoder(feature):
    """A function mapping a row (or value) to its Arrow form: label names to ClassLabel ints,
    through structs and lists; values without a ClassLabel inside are passed as they are."""
    if isinstance(feature, datasets.ClassLabel):
        index = {name: i for i, name in enumerate(feature.names)}

        def label(v):
            if v is None or isinstance(v, int):
                return v
            if v not in index:
                raise ValueError(f"{v!r} is not one of the labels {feature.names}")
            return index[v]
        return label
    if isinstance(feature, dict):
        parts = {k: p for k, f in feature.items() if (p := _encoder(f)) is not None}
        if not parts:
            return None
        needed = tuple(parts.items())

        def struct(row):
            # a copy of the row (same keys, same order) with only the fields that hold a label
            # re-encoded: a Python step per field of every row took most of build's writing
            if row is None:
                return None
            out = dict(row)
            for k, enc in needed:
                if k in out:
                    out[k] = enc(out[k])
            return out
        return struct
    inner = element(feature)
    if inner is not None:
        item = _encoder(inner)
        if item is None:
            return None
        return lambda seq: None if seq is None else [item(v) for v in seq]
    return None


def check_parquet(folder: Path, cfg: BuiltConfig) -> None:
    # the file's footer alone: its row count and its schema (with the features' metadata), not
    # every row read back
    meta = pq.read_metadata(folder / cfg.path)
    if meta.num_rows != len(cfg.rows):
        raise CorpusError(cfg.path, f"wrote {meta.num_rows} rows, expected {len(cfg.rows)}")
    read_back = datasets.Features.from_arrow_schema(meta.schema.to_arrow_schema())
    if read_back != cfg.features:
        raise CorpusError(cfg.path, "features did not survive the Parquet round trip")


Extra = Callable[[Path, dict[str, BuiltConfig], list[Document]], None]


def build(corpus_dir: Path, out_dir: Path, extras: tuple[Extra, ...] = ()) -> dict[str, BuiltConfig]:
    """Validate, write every config, run `extras` (card, Croissant, datasheet) on the temporary
    folder, then swap it into place."""
    check_out_dir(out_dir, corpus_dir)
    datasets.disable_progress_bars()
    docs, rows = corpus_rows(corpus_dir)
    out_dir = out_dir.resolve()  # check_out_dir has created its parent
    remove_stale(out_dir)
    # The pid in the name lets a later build tell a folder left by a killed build (SIGKILL runs
    # no cleanup) from one a running build is still writing.
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-{os.getpid()}-", dir=out_dir.parent))
    try:
        built = {}
        for name, schema in CONFIGS.items():
            cfg = BuiltConfig(name, schema, features_for(schema), rows[name], data_file(name))
            write_parquet(cfg.rows, cfg.features, tmp / cfg.path)
            check_parquet(tmp, cfg)
            built[name] = cfg
        for extra in extras:
            extra(tmp, built, docs)
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return built


def is_build(folder: Path) -> bool:
    """A folder an earlier build wrote (the only kind of folder a build may replace)."""
    return (folder / "croissant.json").is_file() and (folder / "data").is_dir()


def check_out_dir(out_dir: Path, corpus_dir: Path) -> None:
    """The build replaces `out_dir` wholesale, so it must be new, empty, or an earlier build, and
    never the corpus or a folder holding it."""
    out, corpus = out_dir.resolve(), corpus_dir.resolve()
    if out == corpus or out in corpus.parents:
        raise CorpusError(str(out_dir), "refusing to build into the corpus folder or a folder that "
                                        "contains it; choose a new folder such as dist/polit-corpus")
    if out.exists() and not out.is_dir():
        raise CorpusError(str(out_dir), "exists and is not a folder")
    writable_dir(out.parent, "--out's parent")
    if out.is_dir() and any(out.iterdir()) and not is_build(out):
        raise CorpusError(str(out_dir), "exists, is not empty and is not an earlier polit-corpus "
                                        "build (no croissant.json and data/); refusing to replace it")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's running process
    return True


def remove_stale(out_dir: Path) -> list[Path]:
    """Remove temporary folders that earlier builds of `out_dir` left when killed (their pid is
    gone); returns what was removed."""
    removed = []
    for p in sorted(out_dir.parent.glob(f".{out_dir.name}.tmp-*")) + sorted(
            out_dir.parent.glob(f".{out_dir.name}.old-*")):
        pid = p.name.rsplit(".", 1)[-1].split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)) and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2 with RENAME_EXCHANGE), so that `b`
    is never absent; False where the system or file system cannot (then the caller falls back)."""
    import ctypes
    import errno
    import sys

    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(tmp: Path, out_dir: Path) -> None:
    """Replace out_dir by tmp. On Linux the two folders are exchanged atomically, so a reader
    always finds a complete output; elsewhere two renames leave out_dir absent for the moment
    between them (README, "Limits and refused input"). The old folder is removed only once the
    new one is in place."""
    os.chmod(tmp, 0o755)
    if not out_dir.exists():
        os.replace(tmp, out_dir)
        return
    if exchange(tmp, out_dir):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous output
        return
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def copy_datasheet(folder: Path, built: dict[str, BuiltConfig], docs: list[Document]) -> None:
    """The datasheet and the licence file the card's license_link points to."""
    shutil.copyfile(datasheet_path(), folder / "DATASHEET.md")
    shutil.copyfile(license_path(), folder / "LICENSE")


def default_extras(corpus_dir: Path) -> tuple[Extra, ...]:
    """The files beside the data: datasheet, dataset card, Croissant metadata; then the offline
    checks of card and Croissant, all on the temporary folder, before the swap."""
    from .card import check_card, croissant_meta, write_card
    from .croissant import FILE, validate_croissant, write_croissant

    def card(folder: Path, built: dict[str, BuiltConfig], docs: list[Document]) -> None:
        write_card(folder, built, docs, corpus_dir)

    def croissant(folder: Path, built: dict[str, BuiltConfig], docs: list[Document]) -> None:
        write_croissant(folder, built, croissant_meta(docs))

    def check(folder: Path, built: dict[str, BuiltConfig], docs: list[Document]) -> None:
        problems = check_card(folder) + [f"{FILE}: {e}" for e in validate_croissant(folder / FILE)]
        if problems:
            raise CorpusErrors([CorpusError(str(folder.name), p) for p in problems])

    return (copy_datasheet, card, croissant, check)
