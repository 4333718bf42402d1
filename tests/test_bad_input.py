"""Bad input: one line naming the file and the problem, exit status 1, never a traceback."""

from __future__ import annotations

import yaml

from conftest import run_cli, set_raw, validate_errors

RAW = "003_2b80cf36df6ca91d.txt"


def check_one_error(corpus, *expected: str) -> str:
    lines = validate_errors(corpus)
    assert len(lines) == 1, lines
    for part in expected:
        assert part in lines[0], lines[0]
    return lines[0]


def test_not_utf8(corpus_copy):
    set_raw(corpus_copy, RAW, "Caf\u00e9 latin-1 text\n".encode("latin-1"))
    check_one_error(corpus_copy, f"raw/{RAW}", "not UTF-8")


def test_empty(corpus_copy):
    set_raw(corpus_copy, RAW, b"")
    check_one_error(corpus_copy, f"raw/{RAW}", "raw file is empty")


def test_binary(corpus_copy):
    set_raw(corpus_copy, RAW, b"PK\x03\x04\x00\x00binary")
    check_one_error(corpus_copy, f"raw/{RAW}", "binary (NUL byte at offset 4)")


def test_missing(corpus_copy):
    (corpus_copy / "raw" / RAW).unlink()
    check_one_error(corpus_copy, f"raw/{RAW}", "raw file is missing")


def test_changed_after_checksum(corpus_copy):
    path = corpus_copy / "raw" / RAW
    path.write_bytes(path.read_bytes().replace(b"Two hundred", b"Three hundred"))
    check_one_error(corpus_copy, f"raw/{RAW}", "changed after its checksum was recorded")


def test_register_not_yaml(corpus_copy):
    (corpus_copy / "documents.yaml").write_text("documents:\n  - id: [unclosed\n", encoding="utf-8")
    check_one_error(corpus_copy, "documents.yaml", "malformed YAML at line")


def test_register_missing_field(corpus_copy):
    path = corpus_copy / "documents.yaml"
    reg = yaml.safe_load(path.read_text(encoding="utf-8"))
    del reg["documents"][1]["sha256"]
    path.write_text(yaml.safe_dump(reg), encoding="utf-8")
    check_one_error(corpus_copy, "documents.yaml: eadt-2020-01-31", "'sha256' is a required property")


def test_register_null_without_reason(corpus_copy):
    path = corpus_copy / "documents.yaml"
    reg = yaml.safe_load(path.read_text(encoding="utf-8"))
    del reg["documents"][2]["metadata"]["outlet"]["reason"]
    path.write_text(yaml.safe_dump(reg), encoding="utf-8")
    check_one_error(corpus_copy, "documents.yaml: rewrite-2020-02-04: metadata.outlet",
                    "'reason' is a required property")


def test_register_duplicate_id(corpus_copy):
    path = corpus_copy / "documents.yaml"
    reg = yaml.safe_load(path.read_text(encoding="utf-8"))
    reg["documents"][1]["id"] = reg["documents"][0]["id"]
    path.write_text(yaml.safe_dump(reg), encoding="utf-8")
    check_one_error(corpus_copy, "documents.yaml: essex-release-2020-01-31: id", "duplicate")


def test_register_missing(corpus_copy):
    (corpus_copy / "documents.yaml").unlink()
    check_one_error(corpus_copy, "documents.yaml", "file is missing")


def test_stats_and_show_fail_the_same_way(corpus_copy):
    set_raw(corpus_copy, RAW, b"")
    for cmd in (["stats"], ["show", "guardian-series-2019"]):
        r = run_cli(*cmd, "--corpus", str(corpus_copy))
        assert r.returncode == 1 and "raw file is empty" in r.stderr and "Traceback" not in r.stderr


def test_figure_value_that_is_not_a_number(corpus_copy):
    path = corpus_copy / "annotations" / "cleveland-2018-12-21.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    value: 700\n", "    value: seven hundred\n", 1), encoding="utf-8")
    [line] = validate_errors(corpus_copy)
    assert line == (f"error: {path}: cleveland-2018-12-21: f1: value: schema standoff: "
                    "'seven hundred' is not of type 'number', 'null'")


def test_standoff_file_missing_or_not_yaml(corpus_copy):
    (corpus_copy / "annotations" / "eadt-2020-01-31.yaml").unlink()
    bad = corpus_copy / "annotations" / "rewrite-2020-02-04.yaml"
    bad.write_text("quotes: [unclosed\n", encoding="utf-8")
    lines = validate_errors(corpus_copy)
    assert len(lines) == 2
    assert lines[0].endswith("eadt-2020-01-31.yaml: eadt-2020-01-31: annotation file is missing")
    assert "rewrite-2020-02-04.yaml: malformed YAML at line 2" in lines[1]


def test_speaker_entry_without_required_fields(corpus_copy):
    (corpus_copy / "speakers.yaml").write_text(
        "speakers:\n  - {speaker_id: x, name: X, kind: robot, role: null, organisation: null,"
        " aliases: []}\n", encoding="utf-8")
    lines = validate_errors(corpus_copy)
    assert lines[0] == (f"error: {corpus_copy / 'speakers.yaml'}: x: kind: schema speaker: 'robot' "
                        "is not one of ['person', 'organisation', 'document']")
