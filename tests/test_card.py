"""The dataset card is a template over the data: grow the corpus with `add` and its prose follows."""

from __future__ import annotations

import re

import yaml

from conftest import run_cli
from test_add import write_raw


def build_card(corpus, out) -> str:
    r = run_cli("build", "--corpus", str(corpus), "--out", str(out))
    assert r.returncode == 0, r.stderr
    return (out / "README.md").read_text(encoding="utf-8")


def test_card_prose_follows_a_document_added_with_add(corpus_copy, tmp_path):
    before = build_card(corpus_copy, tmp_path / "before")
    raw = write_raw(tmp_path)
    r = run_cli("add", str(raw), "--corpus", str(corpus_copy), "--id", "northshire-2021-05-04",
                "--force", "Northshire Police", "--outlet", "Northshire Gazette",
                "--outlet-type", "newspaper", "--date", "2021-05-04")
    assert r.returncode == 0, r.stderr
    # review: the reviewer accepts the proposed records (removes the machine notes)
    path = corpus_copy / "annotations" / "northshire-2021-05-04.yaml"
    so = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rec in [*so["quotes"], *so["figures"], *so["exceptions"]["quote_marks"],
                *so["exceptions"]["numbers"]]:
        rec.pop("note", None)
    path.write_text(yaml.safe_dump(so, allow_unicode=True, sort_keys=False), encoding="utf-8")
    v = run_cli("validate", "--corpus", str(corpus_copy))
    assert v.returncode == 0, v.stderr
    after = build_card(corpus_copy, tmp_path / "after")

    n_quotes, n_figures = len(so["quotes"]), len(so["figures"])
    assert n_figures > 0
    assert before.count("5 English news texts about police") == 1
    assert "6 English news texts about police online child-protection teams (POLIT) of Cleveland " \
           "Police, Essex Police and Northshire Police (5 newspaper articles and 1 police press " \
           "release, published 2018-12-21 to 2021-05-04)" in after
    q_before = int(re.search(r"; (\d+) quotations \(with cue", before)[1])
    f_before = int(re.search(r"and (\d+) numeric figures", before)[1])
    assert f"; {q_before + n_quotes} quotations (with cue" in after
    assert f"and {f_before + n_figures} numeric figures" in after
    assert "| `northshire-2021-05-04` | 2021-05-04 (day) | Northshire Police | Northshire Gazette | " \
           "newspaper |" in after
    assert "With 6 documents this is an evaluation" in after
    assert "- 6 documents, 3 police forces, one\n  country, 2018 to 2021" in after
    assert "The 6 source files are kept byte for byte" in after
    assert "- **Texts added later** (`polit-corpus add`, 1 document: `northshire-2021-05-04`)" in after
    assert "**Texts added later**" not in before
    assert "6 police and news texts" in after and "5 police and news texts" in before  # citation
    for text in (before, after):
        assert "five" not in text.lower().replace("five years", "")


def test_card_states_the_id_change_and_per_source_shares(tmp_path, corpus_copy):
    card = build_card(corpus_copy, tmp_path / "out")
    assert "- `essex-release-2019` → `guardian-series-2019`: The text is a newspaper article" in card
    # eadt's own share from the release (70%), not the all-sources figure (71%)
    assert "wholly_derived: 70% from `essex-release-2020-01-31` (71% from all sources)" in card
    for word in ("gold", "hand-verified", "hand-written", "hand-checked", "human-verified"):
        assert not re.search(rf"\b{word}\b", card, re.I), word


def test_a_changelog_that_contradicts_the_register_stops_the_build(corpus_copy, tmp_path):
    path = corpus_copy / "CHANGELOG.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "new: guardian-series-2019", "new: essex-release-2020-01-31"), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "old: essex-release-2019", "old: guardian-series-2019"), encoding="utf-8")
    r = run_cli("build", "--corpus", str(corpus_copy), "--out", str(tmp_path / "out"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    [line] = r.stderr.strip().splitlines()
    assert line == (f"error: {path}: 0.1.0: id_changes: id change 'guardian-series-2019' -> "
                    "'essex-release-2020-01-31' does not match the register (the new id must "
                    "exist, the old one must not)")
    assert not (tmp_path / "out").exists()


def test_an_identifying_detail_that_is_not_in_the_text_stops_the_build(corpus_copy, tmp_path):
    path = corpus_copy / "identifying_details.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"man from Basildon"',
                                                             '"man from Chelmsford"'),
                    encoding="utf-8")
    r = run_cli("build", "--corpus", str(corpus_copy), "--out", str(tmp_path / "out"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    [line] = r.stderr.strip().splitlines()
    assert "identifying_details.yaml: guardian-series-2019: home town:" in line
    assert "'man from Chelmsford' not found" in line
