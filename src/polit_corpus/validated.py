"""What a clean `validate` proved, kept so that the `build` after it does not prove it again.

`build` runs the whole validation before it writes anything, so `validate` then `build` did the
same work twice: on a 50 MB document that second pass (parsing a 180 MB annotation file, resolving
every anchor) was most of the build. A clean validate now stores its documents and passages under
a digest of what validation depends on: each file of the corpus folder (names and contents), each
file of this package and of its schemas (code, lexicons, templates), the Python version and the
name and version of every installed distribution. The digest is taken before and after the
validation and the result is stored only if both agree (no file changed while it ran). `build`,
and the commands that only read the corpus (export, report, stats, show, evaluate), use the
stored result only when the digest of what is there now is the same, so any change means a full
validation, as before; `validate` itself always validates. Anything the digest cannot be sure
of (a folder it cannot list, a symbolic link, a file that is not a regular file) means nothing
is stored or recalled.

The store is a per-user cache folder (POLIT_CORPUS_CACHE, else $XDG_CACHE_HOME/polit-corpus, else
~/.cache/polit-corpus); POLIT_CORPUS_CACHE=off turns it off. Entries are pickles, and loading a
pickle runs code, so a folder or entry that another user owns or could write is never read. The
newest KEEP entries are kept. A missing, unreadable or damaged entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from .paths import schema_dir

KEEP = 3
STALE_TEMP_SECONDS = 3600  # a temporary entry this old was left by a writer that was killed
_FORMAT = b"polit-corpus validated v2\n"
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    setting = os.environ.get("POLIT_CORPUS_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "no") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "polit-corpus"


class _Unsure(Exception):
    """Something under a hashed folder the digest cannot vouch for."""


def _hash_tree(h, root: Path, label: str, skip_pycache: bool) -> None:
    """Every regular file under root, in name order, into h (read in pieces)."""
    if not root.exists():
        h.update(f"{label} absent\n".encode())
        return

    def unsure(exc: OSError) -> None:
        raise _Unsure(str(exc))

    files = []
    for folder, dirs, names in os.walk(root, onerror=unsure):
        if skip_pycache and "__pycache__" in dirs:
            dirs.remove("__pycache__")
        for name in dirs:  # os.walk does not follow a linked folder, so refuse it here
            if Path(folder, name).is_symlink():
                raise _Unsure(f"{Path(folder, name)} is a symbolic link")
        for name in names:
            path = Path(folder, name)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise _Unsure(f"{path} is a symbolic link")
            if not stat.S_ISREG(mode):
                raise _Unsure(f"{path} is not a regular file")
            files.append(path)
    for path in sorted(files):
        rel = path.relative_to(root).as_posix()
        h.update(f"{label}/{rel}\0".encode())
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0end\0")


def _environment() -> bytes:
    """The interpreter and every installed distribution, by name and version: a new PyYAML,
    jsonschema or numpy could judge the same bytes differently."""
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return "\n".join([sys.version, sys.implementation.name, *dists]).encode()


def digest(corpus_dir: Path) -> str | None:
    """sha256 of the corpus folder, the package, the schemas and the environment; None when
    something in them cannot be vouched for."""
    h = hashlib.sha256(_FORMAT)
    h.update(_environment())
    try:
        for label, root, skip in (("corpus", corpus_dir, False), ("package", _PACKAGE, True),
                                  ("schema", schema_dir(), False)):
            _hash_tree(h, root, label, skip)
    except (_Unsure, OSError):
        return None
    return h.hexdigest()


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else (where the system has owners)."""
    if not hasattr(os, "getuid"):
        return True
    st = path.stat()
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def remember(corpus_dir: Path, docs: list, passages: list, before: str | None) -> Path | None:
    """Store a clean validation's result under `before`, the digest taken before it ran, when
    nothing changed since; the path written, or None (cache off, not writable, not private, or
    the inputs changed: validate's own result does not depend on it)."""
    folder = cache_dir()
    if folder is None or before is None or digest(corpus_dir) != before:
        return None
    tmp = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return None
        fd, tmp = tempfile.mkstemp(prefix=".validated-", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(_FORMAT + before.encode() + b"\n")
            pickle.dump((docs, passages), f, protocol=pickle.HIGHEST_PROTOCOL)
        target = folder / f"validated-{before}.pickle"
        os.replace(tmp, target)
    except Exception:  # noqa: BLE001 - full disk, read-only folder, ...: validate's result stands
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return None
    _prune(folder)
    return target


def recall(corpus_dir: Path) -> tuple[list, list] | None:
    """The stored (documents, passages) of a clean validation of exactly these bytes, else None."""
    folder = cache_dir()
    if folder is None:
        return None
    key = digest(corpus_dir)
    path = folder / f"validated-{key}.pickle" if key else None
    try:
        if path is None or not path.is_file() or not (_private(folder) and _private(path)):
            return None
        with path.open("rb") as f:
            if f.readline() != _FORMAT or f.readline() != key.encode() + b"\n":
                return None
            docs, passages = pickle.load(f)
    except Exception:  # noqa: BLE001 - a damaged entry is a miss: validate instead
        return None
    try:
        os.utime(path)  # recently used: kept by _prune
    except OSError:
        pass
    return docs, passages


def validate_and_store(corpus_dir: Path) -> tuple[list, list, list]:
    """validate.validate_and_link, always run; a clean result is stored for the commands after
    it, under the digest taken before it ran (none is taken when the store is off)."""
    from .validate import validate_and_link

    before = digest(corpus_dir) if cache_dir() is not None else None
    docs, passages, errors = validate_and_link(corpus_dir)
    if not errors:
        remember(corpus_dir, docs, passages, before)
    return docs, passages, errors


def validate_or_recall(corpus_dir: Path) -> tuple[list, list, list]:
    """(documents, passages, errors) as validate.validate_and_link returns them: recalled when a
    clean validate of exactly these bytes stored them, else by validating."""
    from .validate import validate_and_link

    kept = recall(corpus_dir)
    if kept is not None:
        return kept[0], kept[1], []
    return validate_and_link(corpus_dir)


def _prune(folder: Path) -> None:
    """Keep the KEEP newest entries, and remove temporary ones that killed writers left; another
    process may be pruning or writing at the same time."""
    entries, now = [], time.time()
    for p in [*folder.glob("validated-*.pickle"), *folder.glob(".validated-*")]:
        try:
            mtime = p.stat().st_mtime_ns
        except OSError:
            continue
        if p.name.startswith("."):
            if now - mtime / 1e9 > STALE_TEMP_SECONDS:
                try:
                    p.unlink(missing_ok=True)
                except OSError:
                    pass
            continue
        entries.append((mtime, p))
    for _, old in sorted(entries, reverse=True)[KEEP:]:
        try:
            old.unlink(missing_ok=True)
        except OSError:
            pass
