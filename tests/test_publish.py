"""The published folder: load_dataset reads exact features and counts, spans match their texts,
the card and Croissant check out offline, builds are byte-identical and atomic, publish is safe."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys

import datasets
import pytest
import yaml

from conftest import CORPUS, ROOT, build_into, run_cli
from polit_corpus.build import CONFIGS, DEFAULT_CONFIG, data_file
from polit_corpus.card import accepted_values, check_card, load_snippet, template_sections
from polit_corpus.corpus import load_speakers
from polit_corpus.croissant import CONTEXT, load_records, validate_croissant
from polit_corpus.features import features_for
from polit_corpus.links import link_corpus
from polit_corpus.validate import validate_corpus

DOCS, ERRORS = validate_corpus(CORPUS)
EXPECTED_ROWS = {
    "documents": len(DOCS),
    "quotes": sum(len(d.quotes) for d in DOCS),
    "figures": sum(len(d.figures) for d in DOCS),
    "speakers": len(load_speakers(CORPUS)),
    "alignments": len(link_corpus(DOCS)[1]),
}
TEXTS = {d.id: d.text for d in DOCS}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    assert ERRORS == []
    return build_into(tmp_path_factory, "publish")


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_folder_layout(built):
    assert sorted(tree(built)) == sorted(
        ["README.md", "croissant.json", "DATASHEET.md", "LICENSE", *(data_file(c) for c in CONFIGS)])
    assert (built / "DATASHEET.md").read_bytes() == (ROOT / "DATASHEET.md").read_bytes()
    assert (built / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()


@pytest.mark.parametrize("config", list(CONFIGS))
@pytest.mark.parametrize("streaming", [False, True])
def test_load_dataset_features_and_counts(built, config, streaming):
    ds = datasets.load_dataset(str(built), config, split="train", streaming=streaming)
    assert ds.features == features_for(CONFIGS[config])
    rows = list(ds)
    assert len(rows) == EXPECTED_ROWS[config] > 0


def test_default_config_is_documents(built):
    ds = datasets.load_dataset(str(built), split="train")
    assert DEFAULT_CONFIG == "documents" and ds.features == features_for("document")


def _check_span(doc_id: str, span: dict, where: str) -> None:
    assert TEXTS[doc_id][span["start"]:span["end"]] == span["text"], where


def test_every_quote_and_figure_matches_its_document_text(built):
    quotes = datasets.load_dataset(str(built), "quotes", split="train")
    figures = datasets.load_dataset(str(built), "figures", split="train")
    for q in quotes:
        _check_span(q["doc_id"], q, q["quote_id"])
        for part in ("cue", "source"):
            if q[part] is not None:
                _check_span(q["doc_id"], q[part], f"{q['quote_id']}.{part}")
    for f in figures:
        _check_span(f["doc_id"], f, f["figure_id"])
        if f["counted"] is not None:
            _check_span(f["doc_id"], f["counted"], f"{f['figure_id']}.counted")
    docs = datasets.load_dataset(str(built), "documents", split="train")
    for d in docs:
        assert d["text"] == TEXTS[d["id"]]
        for s in d["quotes"] + d["figures"]:
            assert d["text"][s["start"]:s["end"]] == s["text"]


def test_croissant_validates_and_loads_every_record_set(built):
    path = built / "croissant.json"
    assert validate_croissant(path) == []
    r = subprocess.run([os.path.join(os.path.dirname(sys.executable), "mlcroissant"), "validate",
                        "--jsonld", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    for fo in doc["distribution"]:
        assert not os.path.isabs(fo["contentUrl"])
        assert fo["sha256"] == hashlib.sha256((built / fo["contentUrl"]).read_bytes()).hexdigest()
    for config in CONFIGS:
        records = load_records(path, config)
        assert len(records) == EXPECTED_ROWS[config], config
    docs = load_records(path, "documents")
    first = docs[0]["documents/quotes"][0]
    assert "documents/quotes/cue/text" in first and "documents/quotes/speaker_id" in first


def test_croissant_context_is_the_standard_one():
    from mlcroissant._src.core.context import Context, CroissantVersion
    from mlcroissant._src.core.rdf import make_context

    standard = make_context(Context(conforms_to=CroissantVersion.V_1_1))
    assert {k: CONTEXT[k] for k in standard} == standard
    assert set(CONTEXT) - set(standard) == {"prov"}  # as in the 1.1 golden examples


def test_card_checks_clean_and_metadata_is_accepted(built):
    assert check_card(built) == []
    text = (built / "README.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    allowed = accepted_values()
    assert meta["annotations_creators"] == ["machine-generated"]
    assert meta["language_creators"] == ["found"]
    assert meta["multilinguality"] == ["monolingual"]
    assert meta["size_categories"] == ["n<1K"] and "n<1K" in allowed["size_categories"]
    assert meta["source_datasets"] == ["original"]
    assert set(meta["task_categories"]) <= allowed["task_categories"]
    assert meta["language"] == ["en"] and meta["license"] == "other"
    assert [c["config_name"] for c in meta["configs"] if c.get("default")] == ["documents"]
    for section in template_sections():
        assert re.search(rf"(?m)^#+ {re.escape(section)}$", text), section
    # one real example row per config, generated from the data
    for config in CONFIGS:
        assert f"#### `{config}`\n" in text
    assert DOCS[0].id in text
    for word in ("Content warning", "load_dataset"):
        assert word in text


def test_card_check_catches_a_bad_value(built, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    readme = copy / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("- n<1K", "- tiny"),
                      encoding="utf-8")
    assert any("size_categories: 'tiny'" in p for p in check_card(copy))


def test_two_builds_are_byte_identical(built, tmp_path):
    # the second build runs in its own process (fresh hash seed) and from another directory
    again = tmp_path / "again"
    r = subprocess.run([sys.executable, "-m", "polit_corpus.cli", "build", "--corpus", str(CORPUS),
                        "--out", str(again)], capture_output=True, text=True, cwd=tmp_path,
                       env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert r.returncode == 0, r.stderr
    a, b = tree(built), tree(again)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name
    text = (built / "croissant.json").read_text(encoding="utf-8") + \
        (built / "README.md").read_text(encoding="utf-8")
    assert str(built.parent) not in text and str(ROOT) not in text


def _anchor_text(a):
    return a if isinstance(a, str) else a["text"]


def test_failed_build_leaves_previous_output_untouched(built, corpus_copy, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = tree(out)
    path = corpus_copy / "annotations" / "guardian-series-2019.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["quotes"][0]["anchor"] = "words nobody ever wrote"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run_cli("build", "--corpus", str(corpus_copy), "--out", str(out))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    [line] = r.stderr.strip().splitlines()
    assert line.startswith("error: ") and "guardian-series-2019.yaml" in line and "not found" in line
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]  # no temp left


def test_publish_dry_run_lists_files(built, tmp_path):
    out = tmp_path / "pub"
    r = run_cli("publish", "--repo-id", "someone/polit-corpus", "--dry-run",
                "--corpus", str(CORPUS), "--out", str(out))
    assert r.returncode == 0, r.stderr
    for name, data in tree(out).items():
        line = f"{name}  {len(data)} B  sha256:{hashlib.sha256(data).hexdigest()}"
        assert line in r.stdout, line
    assert f"would upload {4 + len(CONFIGS)} files" in r.stdout  # card, Croissant, datasheet, LICENSE + data
    assert tree(out) == tree(built)


def test_publish_without_token_fails_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "HF_TOKEN"}
    r = subprocess.run([sys.executable, "-m", "polit_corpus.cli", "publish", "--repo-id",
                        "someone/polit-corpus", "--out", str(tmp_path / "x")],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "error: HF_TOKEN is not set; set it to a Hub token with write access, or use --dry-run"]
    assert not (tmp_path / "x").exists()


def test_readme_load_snippet_runs_as_written(built, tmp_path):
    """The README's "Load it" block, run unchanged from a folder where dist/polit-corpus exists."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Load it", 1)[1]
    snippet = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert snippet.strip() == load_snippet() and len(snippet.strip().splitlines()) == 3
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "polit-corpus").symlink_to(built)
    r = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True,
                       cwd=tmp_path, env=os.environ.copy())
    assert r.returncode == 0, r.stderr[-2000:]
    first = datasets.load_dataset(str(built), "quotes", split="train")[0]
    assert r.stdout.strip() == f"{first['speaker_name']} {first['text']}"


def test_card_quotes_the_measured_agreement_verbatim(built):
    """Agreement numbers come from GUIDELINES.md's agreement section, never typed into the card."""
    guidelines = (CORPUS / "GUIDELINES.md").read_text(encoding="utf-8")
    section = re.split(r"(?m)^## ", guidelines)
    agreement = next((s for s in section if s.lower().startswith(("5. agreement", "agreement"))), "")
    rows = [line for line in agreement.splitlines() if line.startswith("|") and re.search(r"\d", line)]
    card = (built / "README.md").read_text(encoding="utf-8")
    if rows:
        for row in rows:
            assert row in card, row
    else:
        assert "No inter-annotator agreement figures are published yet" in card


def test_alignments_quote_both_texts_and_documents_carry_reuse(built):
    rows = datasets.load_dataset(str(built), "alignments", split="train")
    assert len(rows) == EXPECTED_ROWS["alignments"] == 86
    kinds = rows.features["kind"]
    for r in rows:
        assert TEXTS[r["source_doc"]][r["source_start"]:r["source_end"]] == r["source_text"]
        assert TEXTS[r["target_doc"]][r["target_start"]:r["target_end"]] == r["target_text"]
        if kinds.int2str(r["kind"]) == "verbatim":
            assert r["similarity"] == 1.0
    docs = {d["id"]: d for d in datasets.load_dataset(str(built), "documents", split="train")}
    classes = datasets.load_dataset(str(built), "documents", split="train").features["reuse_class"]
    summary = {i: (d["derived_from"], classes.int2str(d["reuse_class"])) for i, d in docs.items()}
    assert summary == {
        "cleveland-2018-12-21": ([], "non_derived"),
        "guardian-series-2019": ([], "non_derived"),
        "essex-release-2020-01-31": (["guardian-series-2019"], "partially_derived"),
        "eadt-2020-01-31": (["essex-release-2020-01-31"], "wholly_derived"),
        "rewrite-2020-02-04": (["essex-release-2020-01-31"], "wholly_derived"),
    }
    assert 0.70 < docs["eadt-2020-01-31"]["reuse_share"] < 0.73


@pytest.mark.parametrize("target", ["corpus", "parent", "foreign"])
def test_build_refuses_to_replace_what_it_did_not_build(corpus_copy, target):
    foreign = corpus_copy.parent / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me", encoding="utf-8")
    out = {"corpus": corpus_copy, "parent": corpus_copy.parent, "foreign": foreign}[target]
    before = tree(out)
    r = run_cli("build", "--corpus", str(corpus_copy), "--out", str(out))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    [line] = r.stderr.strip().splitlines()
    assert "refusing" in line
    assert tree(out) == before


def test_offsets_are_int32_and_values_float64(built):
    """The types SPEC section 9 promises, written out here rather than derived again."""
    quotes = datasets.load_dataset(str(built), "quotes", split="train").features
    figures = datasets.load_dataset(str(built), "figures", split="train").features
    alignments = datasets.load_dataset(str(built), "alignments", split="train").features
    for feats, cols in ((quotes, ("start", "end", "raw_start", "raw_end")),
                        (figures, ("start", "end", "raw_start", "raw_end")),
                        (alignments, ("source_start", "source_end", "target_start", "target_end"))):
        for c in cols:
            assert feats[c].dtype == "int32", c
    for c in ("start", "end", "raw_start", "raw_end"):
        assert quotes["cue"][c].dtype == "int32" and figures["counted"][c].dtype == "int32"
    for c in ("value", "value_low", "value_high"):
        assert figures[c].dtype == "float64", c
    assert alignments["similarity"].dtype == "float64"
    assert figures["approximation"].names == ["exact", "more_than", "at_least", "less_than",
                                              "approximately", "range", "vague"]
    assert figures["category"].num_classes == 10


def test_load_dataset_types_the_extended_figure_model(built):
    """unit_text is a string column, unit and approximation are class labels that hold the
    extended lists (percent, ISO 4217 codes, age; range), and the age figures read back as age."""
    figures = datasets.load_dataset(str(built), "figures", split="train")
    assert figures.features["unit_text"] == datasets.Value("string")
    unit = figures.features["unit"]
    assert isinstance(unit, datasets.ClassLabel)
    assert {"percent", "percentage_point", "GBP", "USD", "EUR", "age", "per_week", "speed",
            "other"} <= set(unit.names)
    assert "range" in figures.features["approximation"].names
    ages = [(f["text"], unit.int2str(f["unit"]), f["unit_text"]) for f in figures
            if f["text"] in ("38-year-old", "under the age of 18")]
    assert sorted(set(ages)) == [("38-year-old", "age", "-year-old"),
                                 ("under the age of 18", "age", "age of")]
    assert len(ages) == 5
