"""Cleaning: exact expected clean texts, roles, removed pieces, and the lossless invariant."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, GOLDEN
from polit_corpus.clean import clean, restore_raw
from polit_corpus.corpus import load_documents

DOCS = {d.id: d for d in load_documents(CORPUS)}


@pytest.mark.parametrize("doc_id", sorted(DOCS))
def test_clean_text_matches_golden(doc_id: str) -> None:
    # Golden files were checked by reading each against its raw file (diff in the commit).
    expected = (GOLDEN / "clean" / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert DOCS[doc_id].text == expected


@pytest.mark.parametrize("doc_id", sorted(DOCS))
def test_raw_recovered_exactly(doc_id: str) -> None:
    d = DOCS[doc_id]
    assert restore_raw(d.cleaned, len(d.raw)) == d.raw


def roles(doc_id: str) -> list[str]:
    return [p.role for p in DOCS[doc_id].cleaned.paragraphs]


def removed(doc_id: str, role: str) -> list[str]:
    return [r.text for r in DOCS[doc_id].cleaned.removed if r.role == role]


def test_eadt_headline_caption_and_chrome() -> None:
    assert roles("eadt-2020-01-31")[:3] == ["headline", "caption", "body"]
    assert removed("eadt-2020-01-31", "site_chrome") == ["E-edition Read the EADT online edition"]
    assert removed("eadt-2020-01-31", "picture_credit") == [" Picture: GETTY/ISTOCKPHOTO"]
    assert removed("eadt-2020-01-31", "publication_line") == [
        "PUBLISHED: 13:37 31 January 2020 | UPDATED: 13:37 31 January 2020"]
    assert removed("eadt-2020-01-31", "date_marker") == [" date 2020-01-31 "]
    caption = DOCS["eadt-2020-01-31"].cleaned.paragraphs[1]
    assert caption.text == ("Essex Police safeguarded 312 children from online sex offenders in "
                            "2019, figures have revealed.")


def test_release_headline_from_front_matter_maps_into_it() -> None:
    d = DOCS["essex-release-2020-01-31"]
    head, stand = d.cleaned.paragraphs[:2]
    assert (head.role, head.text) == ("headline", "Almost one child a day safeguarded online last year")
    assert d.raw[head.raw_start:head.raw_end] == head.text
    assert d.raw[head.raw_start - 9:head.raw_start] == "  title: "  # the og:title line
    assert stand.role == "standfirst"
    assert removed("essex-release-2020-01-31", "publication_line") == ["09:01 31/01/2020"]
    fm = removed("essex-release-2020-01-31", "front_matter")
    assert len(fm) == 2 and fm[0].startswith("```yaml\narea: Essex\n") and fm[1].endswith("```\n")
    assert roles("essex-release-2020-01-31").count("boilerplate") == 5


def test_2019_release_bullets_and_rejoined_sentences() -> None:
    d = DOCS["guardian-series-2019"]
    items = [p.text for p in d.cleaned.paragraphs if p.role == "list_item"]
    assert items[:3] == ["execute 204 search warrants", "make 84 arrests",
                         "seize more than 1,400 computers, mobile phones and storage devices"]
    assert len(items) == 4
    assert removed("guardian-series-2019", "list_marker") == ["• "] * 4
    assert removed("guardian-series-2019", "line_break") == ["\n\n", "\n\n"]
    joined = [p for p in d.cleaned.paragraphs if "Foundation at www" in p.text]
    assert len(joined) == 1 and joined[0].role == "boilerplate"
    s = d.text.index("Foundation at www") + len("Foundation at")
    assert d.cleaned.raw_offset(s) is None  # the rejoining space is synthesized
    assert d.cleaned.raw_offset(s + 1) == d.raw.index("www.lucyfaithfull")


def test_roles_of_plain_documents() -> None:
    assert roles("rewrite-2020-02-04") == ["body"] * 10 + ["boilerplate"] * 2
    assert roles("cleveland-2018-12-21") == ["body"] * 11


# --- property tests: losslessness on generated inputs -------------------------------------------

words = st.text(alphabet=st.sampled_from("abcXYZ 019'\"“”’.,:•-\te\u0301\u00e9 "), min_size=1,
                max_size=30)
line = st.one_of(
    words,
    st.builds(lambda w: f"  • {w}", words),
    st.builds(lambda w: f"{w} Picture: GETTY/ISTOCKPHOTO", words),
    st.just("PUBLISHED: 13:37 31 January 2020 | UPDATED: 13:37 31 January 2020"),
    st.just("09:01 31/01/2020"),
    st.just("E-edition Read the EADT online edition"),
    st.just(""),
    st.just("   "),
)
prefix = st.sampled_from(["", " date 2020-01-31 ", "```yaml\nog:\n  title: Head line\n"
                          "  description: Stand first\n```\n", " date 1999-12-31 E-edition Read the "
                          "EADT online edition\n"])
separators = st.sampled_from(["\n", "\n\n", "\n\n\n", " \n", "\n  \n"])


@st.composite
def raw_texts(draw) -> str:
    lines = draw(st.lists(line, min_size=0, max_size=12))
    out = draw(prefix)
    for ln in lines:
        out += ln + draw(separators)
    return out + draw(st.sampled_from(["", "tail", "\n"]))


@settings(max_examples=400, deadline=None)
@given(raw_texts())
def test_raw_always_recovered(raw: str) -> None:
    c = clean(raw)
    assert restore_raw(c, len(raw)) == raw
    assert unicodedata.is_normalized("NFC", c.text)
    for p in c.paragraphs:
        assert c.text[p.start:p.end] == p.text and p.text == p.text.strip()
    for s in c.segments:
        assert c.text[s.start:s.end] == raw[s.raw_start:s.raw_start + s.end - s.start]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=200))
def test_raw_recovered_on_arbitrary_text(raw: str) -> None:
    c = clean(raw)
    assert restore_raw(c, len(raw)) == raw


def test_nfc_applied_and_original_kept() -> None:
    raw = "Cafe\u0301 open\n"
    c = clean(raw)
    assert c.text == "Café open"
    assert [r.text for r in c.removed if r.role == "nfc_original"] == ["e\u0301"]
    assert restore_raw(c, len(raw)) == raw


def test_quote_characters_never_changed() -> None:
    for d in DOCS.values():
        for ch in "“”‘’\"'":
            kept = sum(p.text.count(ch) for p in d.cleaned.paragraphs)
            assert d.text.count(ch) == kept
            assert kept + sum(r.text.count(ch) for r in d.cleaned.removed) == d.raw.count(ch)


def test_golden_folder_complete() -> None:
    assert sorted(p.stem for p in Path(GOLDEN / "clean").glob("*.txt")) == sorted(DOCS)


@pytest.mark.parametrize("change, message", [
    ("gap", "raw offset 0 is neither kept nor recorded as removed"),
    ("overlap", "raw offset 3 claimed twice"),
    ("beyond", "raw offset 14 out of range"),
    ("short_tail", "raw offset 13 is neither kept nor recorded as removed"),
    ("wrong_length", "removed whitespace piece 0:3 has wrong length"),
])
def test_restore_raw_names_the_first_broken_offset(change, message) -> None:
    from dataclasses import replace

    from polit_corpus.clean import Removed, Segment

    raw = "  Hello world\n"  # 14 characters: the leading spaces and the newline are removed
    c = clean(raw)
    assert restore_raw(c, len(raw)) == raw
    segs, removed = list(c.segments), list(c.removed)
    if change == "gap":  # drop the leading spaces' record
        removed = [r for r in removed if r.raw_start != 0]
    elif change == "overlap":
        segs.append(Segment(0, 2, 3))
    elif change == "beyond":
        segs.append(Segment(0, 1, 14))
    elif change == "short_tail":
        removed = [r for r in removed if r.raw_start != 13]
    elif change == "wrong_length":
        removed = [Removed(r.role, r.raw_start, r.raw_end + 1, r.text) if r.raw_start == 0
                   else r for r in removed]
    broken = replace(c, segments=tuple(segs), removed=tuple(removed))
    with pytest.raises(ValueError, match=message):
        restore_raw(broken, len(raw))
