"""What a clean `validate` proved, kept so that the `build` after it does not prove it again.

`build` runs the whole validation before it writes anything, so `validate` then `build` did the
same work twice: on a 50 MB document that second pass (parsing a 180 MB annotation file, resolving
every anchor) was most of the build. A clean validate now stores its documents and passages under
a digest of every byte it depends on: each file of the corpus folder (names and contents) and
each file of this package and of its schemas (code, lexicons, templates). `build` uses the stored
result only when the digest of what is on disk now is the same, so any change to the corpus or to
the code means a full validation, as before.

The store is a per-user cache folder (POLIT_CORPUS_CACHE, else $XDG_CACHE_HOME/polit-corpus, else
~/.cache/polit-corpus); POLIT_CORPUS_CACHE=off turns it off. Entries are pickles written by this
package for this user; the newest KEEP are kept. A missing, unreadable or foreign entry is a
miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .paths import schema_dir

KEEP = 3
_FORMAT = b"polit-corpus validated v1\n"
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    setting = os.environ.get("POLIT_CORPUS_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "no") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "polit-corpus"


def _hash_tree(h, root: Path, label: str) -> bool:
    """Every file under root, in name order, into h; False if a file cannot be read (or is a
    symlink, whose target could change without the tree changing): then nothing is cached."""
    if not root.is_dir():
        h.update(f"{label} absent\n".encode())
        return True
    for path in sorted(p for p in root.rglob("*") if "__pycache__" not in p.parts):
        if path.is_symlink():
            return False
        if path.is_dir():
            continue
        rel = path.relative_to(root).as_posix()
        try:
            data = path.read_bytes()
        except OSError:
            return False
        h.update(f"{label}/{rel}\0{len(data)}\0".encode())
        h.update(data)
    return True


def digest(corpus_dir: Path) -> str | None:
    """sha256 of the corpus folder, the package and the schemas; None when it cannot be taken."""
    h = hashlib.sha256(_FORMAT)
    for label, root in (("corpus", corpus_dir), ("package", _PACKAGE), ("schema", schema_dir())):
        if not _hash_tree(h, root, label):
            return None
    return h.hexdigest()


def remember(corpus_dir: Path, docs: list, passages: list) -> Path | None:
    """Store a clean validation's result; the path written, or None (cache off or not
    writable: validate's own result does not depend on it)."""
    folder, key = cache_dir(), digest(corpus_dir)
    if folder is None or key is None:
        return None
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".validated-", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(_FORMAT + key.encode() + b"\n")
            pickle.dump((docs, passages), f, protocol=pickle.HIGHEST_PROTOCOL)
        target = folder / f"validated-{key}.pickle"
        os.replace(tmp, target)
    except Exception:  # noqa: BLE001 - full disk, read-only folder, ...: validate's result stands
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return None
    _prune(folder)
    return target


def recall(corpus_dir: Path) -> tuple[list, list] | None:
    """The stored (documents, passages) of a clean validation of exactly these bytes, else None."""
    folder, key = cache_dir(), None
    if folder is None:
        return None
    key = digest(corpus_dir)
    path = folder / f"validated-{key}.pickle" if key else None
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            if f.readline() != _FORMAT or f.readline() != key.encode() + b"\n":
                return None
            docs, passages = pickle.load(f)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss: validate instead
        return None
    try:
        os.utime(path)  # recently used: kept by _prune
    except OSError:
        pass
    return docs, passages


def _prune(folder: Path) -> None:
    """Keep the KEEP newest entries; another process may be pruning or writing at once."""
    entries = []
    for p in folder.glob("validated-*.pickle"):
        try:
            entries.append((p.stat().st_mtime_ns, p))
        except OSError:
            continue
    for _, old in sorted(entries, reverse=True)[KEEP:]:
        try:
            old.unlink(missing_ok=True)
        except OSError:
            pass
