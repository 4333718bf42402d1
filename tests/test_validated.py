"""validate stores its clean result; build uses it only for the very same bytes and code."""

from __future__ import annotations

import pickle
from pathlib import Path

from conftest import run_cli
from polit_corpus import validate, validated
from polit_corpus.build import corpus_rows
from polit_corpus.cli import load_valid
from polit_corpus.validate import validate_and_link


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("validated-*.pickle"))


def test_validate_stores_what_build_then_uses_and_the_output_is_the_same(corpus_copy, tmp_path):
    cache = tmp_path / "cache"
    env = {"POLIT_CORPUS_CACHE": str(cache)}
    off = run_cli("build", "--corpus", str(corpus_copy), "--out", str(tmp_path / "cold"),
                  env={"POLIT_CORPUS_CACHE": "off"})
    assert off.returncode == 0, off.stderr
    assert not cache.exists()
    assert run_cli("validate", "--corpus", str(corpus_copy), env=env).returncode == 0
    [entry] = _entries(cache)
    assert entry.name == f"validated-{validated.digest(corpus_copy)}.pickle"
    warm = run_cli("build", "--corpus", str(corpus_copy), "--out", str(tmp_path / "warm"), env=env)
    assert warm.returncode == 0, warm.stderr
    cold_files = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*"))
    warm_files = sorted(p.relative_to(tmp_path / "warm") for p in (tmp_path / "warm").rglob("*"))
    assert cold_files == warm_files and len(cold_files) > 10
    for rel in cold_files:
        if (tmp_path / "cold" / rel).is_file():
            assert (tmp_path / "cold" / rel).read_bytes() == (tmp_path / "warm" / rel).read_bytes(), rel


def test_the_stored_result_is_what_validation_returns(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("POLIT_CORPUS_CACHE", str(tmp_path / "cache"))
    docs, passages, errors = validate_and_link(corpus_copy)
    assert errors == [] and len(docs) == 5
    validated.remember(corpus_copy, docs, passages, validated.digest(corpus_copy))
    kept_docs, kept_passages = validated.recall(corpus_copy)
    assert [d.id for d in kept_docs] == [d.id for d in docs]
    assert [q.text for d in kept_docs for q in d.quotes] == [q.text for d in docs for q in d.quotes]
    assert kept_passages == passages
    def not_again(corpus_dir):
        raise AssertionError("validated again although the stored result matches")

    with monkeypatch.context() as m:
        m.setattr(validate, "validate_and_link", not_again)
        recalled = corpus_rows(corpus_copy)[1]
        # the commands that only read the corpus (export, stats, show, evaluate) recall it too
        assert [d.id for d in load_valid(corpus_copy)] == [d.id for d in docs]
    monkeypatch.setenv("POLIT_CORPUS_CACHE", "off")
    fresh = corpus_rows(corpus_copy)[1]
    assert recalled == fresh and len(fresh["quotes"]) > 50 and len(fresh["alignments"]) > 5


def test_any_changed_byte_means_a_full_validation_again(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("POLIT_CORPUS_CACHE", str(tmp_path / "cache"))
    assert run_cli("validate", "--corpus", str(corpus_copy),
                   env={"POLIT_CORPUS_CACHE": str(tmp_path / "cache")}).returncode == 0
    assert validated.recall(corpus_copy) is not None
    # break a quotation's anchor after the clean validate: build must see it, not the stored result
    path = corpus_copy / "annotations" / "eadt-2020-01-31.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("anchor: Essex Police safeguarded", "anchor: Essex Police XQZ safeguarded", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    assert validated.recall(corpus_copy) is None
    r = run_cli("build", "--corpus", str(corpus_copy), "--out", str(tmp_path / "out"),
                env={"POLIT_CORPUS_CACHE": str(tmp_path / "cache")})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "eadt-2020-01-31: q2: anchor: anchor 'Essex Police XQZ safeguarded" in r.stderr, r.stderr
    assert not (tmp_path / "out").exists()
    path.write_text(text, encoding="utf-8")  # the same bytes again: the stored result is valid
    assert validated.recall(corpus_copy) is not None


def test_a_changed_package_file_is_a_miss(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("POLIT_CORPUS_CACHE", str(tmp_path / "cache"))
    package = tmp_path / "package"
    package.mkdir()
    (package / "rules.yaml").write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(validated, "_PACKAGE", package)
    docs, passages, _ = validate_and_link(corpus_copy)
    validated.remember(corpus_copy, docs, passages, validated.digest(corpus_copy))
    assert validated.recall(corpus_copy) is not None
    (package / "rules.yaml").write_text("a: 2\n", encoding="utf-8")
    assert validated.recall(corpus_copy) is None


def test_off_damaged_and_foreign_entries_are_misses_and_old_ones_are_pruned(corpus_copy, tmp_path,
                                                                            monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("POLIT_CORPUS_CACHE", "off")
    assert validated.remember(corpus_copy, [], [], validated.digest(corpus_copy)) is None
    assert validated.recall(corpus_copy) is None
    monkeypatch.setenv("POLIT_CORPUS_CACHE", str(cache))
    entry = validated.remember(corpus_copy, ["doc"], ["passage"], validated.digest(corpus_copy))
    assert validated.recall(corpus_copy) == (["doc"], ["passage"])
    entry.write_bytes(entry.read_bytes()[:-20])  # cut short
    assert validated.recall(corpus_copy) is None
    # an entry under the right name whose header names another digest
    entry.write_bytes(validated._FORMAT + b"0" * 64 + b"\n" + pickle.dumps((["x"], [])))
    assert validated.recall(corpus_copy) is None
    for n in range(validated.KEEP + 2):
        (cache / f"validated-{n:064d}.pickle").write_bytes(b"old")
    validated.remember(corpus_copy, ["doc"], [], validated.digest(corpus_copy))
    assert len(_entries(cache)) == validated.KEEP
    assert validated.recall(corpus_copy) == (["doc"], [])


def test_records_pickle_as_their_fields_and_come_back_equal(corpus_copy):
    from polit_corpus.annotate import Quote, Span
    from polit_corpus.clean import Segment

    span = Span("said", 3, 7, 10, 14)
    assert span.__reduce__() == (Span, ("said", 3, 7, 10, 14))
    assert pickle.loads(pickle.dumps(span)) == span
    assert pickle.loads(pickle.dumps(Segment(0, 5, 2))) == Segment(0, 5, 2)
    docs, _, _ = validate_and_link(corpus_copy)
    quotes = [q for d in docs for q in d.quotes]
    back = pickle.loads(pickle.dumps(quotes))
    assert back == quotes and type(back[0]) is Quote and back[0].cue == quotes[0].cue



def test_a_cache_that_cannot_be_written_never_fails_validate(corpus_copy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    r = run_cli("validate", "--corpus", str(corpus_copy), env={"POLIT_CORPUS_CACHE": str(blocker)})
    assert r.returncode == 0 and "5 documents valid" in r.stdout, r.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    b = run_cli("build", "--corpus", str(corpus_copy), "--out", str(tmp_path / "out"),
                env={"POLIT_CORPUS_CACHE": str(blocker)})
    assert b.returncode == 0 and (tmp_path / "out" / "croissant.json").is_file(), b.stderr


def test_an_unpicklable_result_leaves_no_temporary_file(corpus_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("POLIT_CORPUS_CACHE", str(cache))
    assert validated.remember(corpus_copy, [lambda: None], [], validated.digest(corpus_copy)) is None
    assert list(cache.iterdir()) == []


def test_a_file_changed_while_validate_ran_stores_nothing(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("POLIT_CORPUS_CACHE", str(tmp_path / "cache"))
    before = validated.digest(corpus_copy)
    docs, passages, _ = validate_and_link(corpus_copy)
    path = corpus_copy / "annotations" / "eadt-2020-01-31.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# saved during the run\n", encoding="utf-8")
    assert validated.remember(corpus_copy, docs, passages, before) is None
    assert not (tmp_path / "cache").exists() and validated.recall(corpus_copy) is None


def test_what_the_digest_cannot_vouch_for_is_never_cached(corpus_copy, tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("POLIT_CORPUS_CACHE", str(tmp_path / "cache"))
    assert validated.digest(corpus_copy) is not None
    (corpus_copy / "notes.txt").symlink_to(corpus_copy / "documents.yaml")
    assert validated.digest(corpus_copy) is None
    (corpus_copy / "notes.txt").unlink()
    os.mkfifo(corpus_copy / "pipe")  # reading it would block: not hashed, nothing cached
    assert validated.digest(corpus_copy) is None
    assert validated.remember(corpus_copy, [], [], None) is None
    (corpus_copy / "pipe").unlink()
    # a __pycache__ folder inside the corpus is corpus data like any other
    (corpus_copy / "__pycache__").mkdir()
    (corpus_copy / "__pycache__" / "x").write_bytes(b"1")
    first = validated.digest(corpus_copy)
    (corpus_copy / "__pycache__" / "x").write_bytes(b"2")
    assert validated.digest(corpus_copy) != first


def test_the_environment_is_part_of_the_digest(corpus_copy, monkeypatch):
    first = validated.digest(corpus_copy)
    monkeypatch.setattr(validated, "_environment", lambda: b"PyYAML==99.0")
    assert validated.digest(corpus_copy) != first


def test_a_cache_others_can_write_is_never_read(corpus_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("POLIT_CORPUS_CACHE", str(cache))
    key = validated.digest(corpus_copy)
    assert validated.remember(corpus_copy, ["doc"], [], key) is not None
    assert validated.recall(corpus_copy) == (["doc"], [])
    cache.chmod(0o777)
    assert validated.recall(corpus_copy) is None
    assert validated.remember(corpus_copy, ["doc"], [], key) is None


def test_a_linked_folder_in_the_corpus_is_never_cached(corpus_copy, tmp_path):
    (corpus_copy / "more").symlink_to(tmp_path, target_is_directory=True)
    assert validated.digest(corpus_copy) is None
