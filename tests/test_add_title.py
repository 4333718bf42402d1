"""`add --title` for a headline printed on line 1, the next steps `add` prints, and the warning
for a pronoun alias shared by two speakers."""

from __future__ import annotations

import re

from conftest import CORPUS, error_lines, run_cli
from polit_corpus.corpus import load_documents, load_register

# An invented text; the force, the people and the numbers are fictional.
HEADLINE = "Fictional unit makes 27 arrests in a year"
TEXT = (f"{HEADLINE}\n\nOfficers in the fictional Northshire Police online abuse unit made 27 "
        "arrests over the past year.\n").encode()


def add(corpus, tmp_path, *extra):
    raw = tmp_path / "northshire_headline.txt"
    raw.write_bytes(TEXT)
    return run_cli("add", str(raw), "--corpus", str(corpus), "--id", "northshire-headline",
                   "--outlet-type", "police_press_office", *extra)


def test_title_makes_line_one_the_headline(corpus_copy, tmp_path):
    r = add(corpus_copy, tmp_path, "--title", HEADLINE)
    assert r.returncode == 0, r.stderr
    entry = load_register(corpus_copy)[-1]
    assert entry["metadata"]["title"] == {"value": HEADLINE, "provenance": "text",
                                          "evidence": HEADLINE}
    doc = next(d for d in load_documents(corpus_copy) if d.id == "northshire-headline")
    assert doc.metadata.values["title"] == HEADLINE
    assert [p.role for p in doc.cleaned.paragraphs] == ["headline", "body"]
    assert doc.text.startswith(HEADLINE)
    # the other documents keep their roles
    before = {d.id: [p.role for p in d.cleaned.paragraphs] for d in load_documents(CORPUS)}
    after = {d.id: [p.role for p in d.cleaned.paragraphs] for d in load_documents(corpus_copy)}
    assert {k: after[k] for k in before} == before


def test_without_title_line_one_stays_body(corpus_copy, tmp_path):
    r = add(corpus_copy, tmp_path)
    assert r.returncode == 0, r.stderr
    doc = next(d for d in load_documents(corpus_copy) if d.id == "northshire-headline")
    assert doc.metadata.values["title"] is None
    assert doc.cleaned.paragraphs[0].role == "body"


def test_title_that_is_not_line_one_is_refused(corpus_copy, tmp_path):
    register = (corpus_copy / "documents.yaml").read_bytes()
    lines = error_lines(add(corpus_copy, tmp_path, "--title", "A headline the text does not print"))
    assert lines == ["error: --title: 'A headline the text does not print' is not the text's first "
                     f"line ({HEADLINE!r}); give the headline exactly as the text prints it"]
    assert (corpus_copy / "documents.yaml").read_bytes() == register  # nothing written


def test_add_says_what_to_do_next(corpus_copy, tmp_path):
    r = add(corpus_copy, tmp_path, "--title", HEADLINE)
    assert r.returncode == 0, r.stderr
    assert "speakers.yaml" in r.stdout and "scripts/update_golden.py" in r.stdout
    assert "README" in r.stdout


def test_pronoun_alias_of_two_speakers_is_a_warning(corpus_copy):
    r = run_cli("validate", "--corpus", str(CORPUS))
    assert r.returncode == 0 and "warning" not in r.stderr  # the corpus as it is: no clash
    path = corpus_copy / "speakers.yaml"
    text = path.read_text(encoding="utf-8")
    assert "aliases: [Maria Barnett]" in text
    path.write_text(text.replace("aliases: [Maria Barnett]", "aliases: [Maria Barnett, She]"),
                    encoding="utf-8")
    # validate requires every alias to be the text of a mention: give the other speaker a real
    # "She" mention by re-attributing the rewrite's last three quote segments (q6-q8, one chain).
    standoff = corpus_copy / "annotations" / "rewrite-2020-02-04.yaml"
    s = standoff.read_text(encoding="utf-8")
    a, b = s.index("  - id: q6"), s.index("figures:")
    chain = re.sub(r"    quote_cluster: .*\n", "", s[a:b]).replace("speaker: jo-collins",
                                                                  "speaker: maria-barnett")
    s = s[:a] + chain + s[b:]
    s = s.replace('{speaker: jo-collins, anchor: {text: She, after: " added"}}',
                  '{speaker: maria-barnett, anchor: {text: She, after: " added"}}')
    standoff.write_text(s, encoding="utf-8")
    r = run_cli("validate", "--corpus", str(corpus_copy))
    assert r.returncode == 0, r.stderr  # a warning, not an error
    assert r.stderr.strip().splitlines() == [
        f"warning: {path}: alias 'she' belongs to 2 speakers (jo-collins, maria-barnett); "
        "a mention with it cannot say which one is meant"]
