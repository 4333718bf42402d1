"""`polit-corpus add` and `polit-corpus annotate` on a private copy of the corpus."""

from __future__ import annotations

import hashlib

import yaml

from conftest import error_lines, run_cli
from polit_corpus.corpus import load_register, load_standoff
from polit_corpus.schemas import schema_errors

# An invented police-release-style text: the force, the people and the numbers are fictional.
NEW_TEXT = (
    "Officers in the fictional Northshire Police online abuse unit made 27 arrests and "
    "safeguarded more than 60 children over the past year.\n\n"
    "Detective Sergeant Amelia Thorne said: “Every one of those arrests matters to a child. "
    "We will keep going.”\n"
).encode()


def write_raw(tmp_path, name="northshire_fiction.txt", data=NEW_TEXT):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def add(corpus, raw, *extra):
    return run_cli("add", str(raw), "--corpus", str(corpus), *extra)


def test_add_copies_registers_and_preannotates(corpus_copy, tmp_path):
    register = corpus_copy / "documents.yaml"
    before = register.read_bytes()
    raw = write_raw(tmp_path)
    r = add(corpus_copy, raw, "--id", "northshire-fiction", "--outlet-type", "police_press_office",
            "--force", "Northshire Police", "--outlet", "Northshire Gazette", "--date", "2021-05-04")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    # raw copied byte for byte, checksum recorded
    copied = corpus_copy / "raw" / "northshire_fiction.txt"
    assert copied.read_bytes() == NEW_TEXT
    # the register is appended to, never rewritten
    after = register.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    entries = load_register(corpus_copy)  # schema-valid
    entry = entries[-1]
    assert entry["id"] == "northshire-fiction"
    assert entry["sha256"] == hashlib.sha256(NEW_TEXT).hexdigest()
    md = entry["metadata"]
    # the text shows the force: provenance text; it does not show the outlet or the date
    assert md["force"] == {"value": "Northshire Police", "provenance": "text",
                           "evidence": "Northshire Police"}
    assert md["outlet"]["provenance"] == "user"
    assert md["outlet"]["evidence"] == "--outlet 'Northshire Gazette'"
    assert md["date"]["value"] == "2021-05-04" and md["date"]["provenance"] == "user"
    assert md["date_precision"]["value"] == "day"
    assert md["outlet_type"] == {"value": "police_press_office", "provenance": "user",
                                 "evidence": "--outlet-type police_press_office",
                                 "reason": md["outlet_type"]["reason"]}
    assert md["title"]["value"] is None and md["title"]["provenance"] == "none"
    # the pre-annotation file
    so = load_standoff(corpus_copy, "northshire-fiction")
    assert schema_errors(so, "standoff", "new.yaml") == []
    assert [q["type"] for q in so["quotes"]] == ["direct"]
    assert so["quotes"][0]["anchor"].startswith("Every one of those arrests")
    assert sorted(str(f["value"]) for f in so["figures"]) == ["27", "60"]
    # the output says what to review and that validate fails until then
    assert "to review in" in r.stdout and "fails until they are fixed" in r.stdout
    v = run_cli("validate", "--corpus", str(corpus_copy))
    assert v.returncode == 1
    assert all("northshire-fiction" in line and "not reviewed" in line
               for line in v.stderr.strip().splitlines())


def test_review_loop_ends_in_ok(corpus_copy, tmp_path):
    raw = write_raw(tmp_path)
    assert add(corpus_copy, raw, "--id", "northshire-fiction").returncode == 0
    path = corpus_copy / "annotations" / "northshire-fiction.yaml"
    so = yaml.safe_load(path.read_text(encoding="utf-8"))
    # the reviewer checks each record and removes the machine note
    for rec in [*so["quotes"], *so["figures"], *so["exceptions"]["quote_marks"],
                *so["exceptions"]["numbers"]]:
        rec.pop("note", None)
    path.write_text(yaml.safe_dump(so, allow_unicode=True, sort_keys=False), encoding="utf-8")
    v = run_cli("validate", "--corpus", str(corpus_copy))
    assert v.returncode == 0, v.stderr
    assert "6 documents valid" in v.stdout


def check_refused(corpus, raw, doc_id, *expected):
    register = corpus / "documents.yaml"
    before = register.read_bytes()
    annotation = corpus / "annotations" / f"{doc_id}.yaml"
    existed = annotation.read_bytes() if annotation.exists() else None
    lines = error_lines(add(corpus, raw, "--id", doc_id))
    assert len(lines) == 1, lines
    for part in expected:
        assert part in lines[0], lines[0]
    assert register.read_bytes() == before
    assert (annotation.read_bytes() if annotation.exists() else None) == existed


def test_binary_refused(corpus_copy, tmp_path):
    raw = write_raw(tmp_path, "bin.txt", b"PK\x03\x04\x00\x00binary")
    check_refused(corpus_copy, raw, "bin-doc", "bin.txt", "binary (NUL byte at offset 4)")
    assert not (corpus_copy / "raw" / "bin.txt").exists()


def test_not_utf8_refused(corpus_copy, tmp_path):
    raw = write_raw(tmp_path, "latin.txt", "Caf\u00e9 news\n".encode("latin-1"))
    check_refused(corpus_copy, raw, "latin-doc", "latin.txt", "not UTF-8")


def test_empty_refused(corpus_copy, tmp_path):
    raw = write_raw(tmp_path, "empty.txt", b"")
    check_refused(corpus_copy, raw, "empty-doc", "empty.txt", "raw file is empty")


def test_duplicate_id_refused(corpus_copy, tmp_path):
    raw = write_raw(tmp_path)
    check_refused(corpus_copy, raw, "cleveland-2018-12-21", "id is already in the register")


def test_same_text_twice_refused(corpus_copy, tmp_path):
    raw = write_raw(tmp_path, "copy.txt", (corpus_copy / "raw" / "004_ce5079f8c8741432.txt")
                    .read_bytes())
    check_refused(corpus_copy, raw, "cleveland-again", "already in the corpus as "
                  "'cleveland-2018-12-21'")


def test_different_file_with_same_name_refused(corpus_copy, tmp_path):
    raw = write_raw(tmp_path, "004_ce5079f8c8741432.txt")
    check_refused(corpus_copy, raw, "clash", "a different file with this name")
    assert b"Northshire" not in (corpus_copy / "raw" / "004_ce5079f8c8741432.txt").read_bytes()


def test_bad_id_and_date_refused(corpus_copy, tmp_path):
    raw = write_raw(tmp_path)
    check_refused(corpus_copy, raw, "Bad_Id", "not a valid id")
    r = add(corpus_copy, raw, "--id", "ok-id", "--date", "4 May 2021")
    assert r.returncode == 1 and "not an ISO date" in r.stderr and "Traceback" not in r.stderr


def test_header_date_wins_and_conflicts_are_refused(corpus_copy, tmp_path):
    raw = write_raw(tmp_path, "dated.txt", b" date 2021-05-04 " + NEW_TEXT)
    r = add(corpus_copy, raw, "--id", "dated", "--date", "2021-05-05")
    assert r.returncode == 1 and "disagrees with the source's header line" in r.stderr
    r = add(corpus_copy, raw, "--id", "dated")
    assert r.returncode == 0, r.stderr
    md = load_register(corpus_copy)[-1]["metadata"]
    assert md["date"] == {"value": "2021-05-04", "provenance": "header_line",
                          "evidence": " date 2021-05-04 "}


def test_annotate_prints_and_writes(tmp_path):
    raw = write_raw(tmp_path)
    r = run_cli("annotate", str(raw))
    assert r.returncode == 0, r.stderr
    so = yaml.safe_load(r.stdout)
    assert schema_errors(so, "standoff", "new.yaml") == []
    assert so["doc_id"] == "northshire-fiction"
    assert "NOT reviewed" in r.stdout
    out = tmp_path / "out" / "new.yaml"
    r = run_cli("annotate", str(raw), "--out", str(out))
    assert r.returncode == 0 and yaml.safe_load(out.read_text(encoding="utf-8")) == so


def test_annotate_bad_input(tmp_path):
    raw = write_raw(tmp_path, "bin.txt", b"\x00\x01")
    r = run_cli("annotate", str(raw))
    assert r.returncode == 1 and "binary" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_help():
    for cmd in ("add", "annotate"):
        r = run_cli(cmd, "--help")
        assert r.returncode == 0 and "--corpus" in r.stdout


def test_user_provenance_needs_the_command_line_statement():
    from polit_corpus.clean import clean
    from polit_corpus.ingest import propose_metadata
    from polit_corpus.metadata import build_metadata

    raw = NEW_TEXT.decode("utf-8")
    cleaned = clean(raw)
    md = propose_metadata(cleaned, raw, outlet="Northshire Gazette")
    assert build_metadata(md, cleaned, raw)[1] == []
    md["outlet"]["evidence"] = "Northshire Gazette"  # pretends the source shows it
    problems = build_metadata(md, cleaned, raw)[1]
    assert problems == ["outlet: provenance user needs the command-line statement as evidence "
                        "(starting with --), not 'Northshire Gazette'"]
