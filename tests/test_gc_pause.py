"""The collector pause around validate and build: on while they run, restored after."""

from __future__ import annotations

import gc

import pytest

from conftest import CORPUS


@pytest.fixture
def gc_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_gc_restores_the_state_it_found(gc_on):
    from polit_corpus.gc_pause import paused_gc

    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not resume the outer one's
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("a refused input")
    assert gc.isenabled()
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()  # a caller that had it off keeps it off
    gc.enable()


def test_validate_and_build_rows_run_with_the_collector_paused(gc_on, monkeypatch):
    from polit_corpus import build, validate

    seen = []
    real = validate.load_register
    monkeypatch.setattr(validate, "load_register", lambda c: seen.append(gc.isenabled()) or real(c))
    real_rows = build.config_rows
    monkeypatch.setattr(build, "config_rows",
                        lambda *a: seen.append(gc.isenabled()) or real_rows(*a))
    docs, _, errors = validate.validate_and_link(CORPUS)
    assert errors == [] and len(docs) == 5
    assert gc.isenabled()
    docs, rows = build.corpus_rows(CORPUS)
    assert len(rows["documents"]) == 5
    assert seen == [False, False, False]
    assert gc.isenabled()
