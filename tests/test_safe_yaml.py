"""The event-driven YAML loader must build exactly what the node-tree loader builds, and refuse
exactly what it refuses, on every corpus file and on generated documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from polit_corpus import safe_yaml
from polit_corpus.limits import MAX_YAML_DEPTH

ROOT = Path(__file__).resolve().parents[1]


def node_tree(text: str) -> object:
    """The slower path that `load` falls back to."""
    loader = safe_yaml._FastLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        safe_yaml._check_tree(root)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def outcome(fn, text: str) -> tuple[str, object]:
    try:
        return "ok", fn(text)
    except safe_yaml.YamlRefused as exc:
        return "refused", (exc.line, exc.message)
    except safe_yaml._Unusual:
        return "unusual", None
    except yaml.YAMLError as exc:
        return "malformed", type(exc).__name__


YAML_FILES = sorted(p for p in [*ROOT.glob("corpus/**/*.yaml"),
                                *ROOT.glob("src/polit_corpus/**/*.yaml")])


def test_every_corpus_and_lexicon_file_builds_the_same_on_both_paths():
    assert len(YAML_FILES) > 20
    for path in YAML_FILES:
        text = path.read_text(encoding="utf-8")
        assert safe_yaml._load_events(text) == node_tree(text), path


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: [x, 2.5, true, null, ~, '3']\n", {"a": 1, "b": ["x", 2.5, True, None, None, "3"]}),
    ("d: 2019-02-28\nq: '2019-02-28'\n", {"d": dt.date(2019, 2, 28), "q": "2019-02-28"}),
    ("k:\n", {"k": None}),
    ("- [a, [b, {c: [d]}]]\n", [["a", ["b", {"c": ["d"]}]]]),
    ("plain\n", "plain"),
    ("", None),
    ("s: !!str 12\n", {"s": "12"}),
    ("t: |\n  one\n  two\n", {"t": "one\ntwo\n"}),
    ("0x1F: octal\n1_000: n\n", {31: "octal", 1000: "n"}),
])
def test_values(text, expected):
    assert safe_yaml._load_events(text) == expected
    assert safe_yaml.load(text) == expected
    assert node_tree(text) == expected


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first at line 1)"),
    ("m:\n  x: 1\n  x: 2\n", 3, "duplicate key 'x' (first at line 2)"),
    ("d: 2019-02-30\n", 1, "'2019-02-30' is not a calendar date"),
    ("n: " + "9" * 5000 + "\n", 1, "integer of 5000 digits"),
    ("f: .inf\n", 1, "is not finite"),
    ("[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1) + "\n", 1,
     f"nested deeper than {MAX_YAML_DEPTH} levels"),
])
def test_refusals_name_the_line(text, line, words):
    with pytest.raises(safe_yaml.YamlRefused) as exc:
        safe_yaml._load_events(text)
    assert exc.value.line == line
    assert words in exc.value.message
    with pytest.raises(safe_yaml.YamlRefused) as via_load:
        safe_yaml.load(text)
    assert via_load.value.message == exc.value.message


@pytest.mark.parametrize("text", [
    "base: {a: 1}\nm:\n  <<: {b: 2}\n",   # merge key
    "o: !!omap [a: 1]\n",                 # explicit collection tag
    "x: !custom 1\n",                     # unknown tag
    "? [a, b]\n: c\n",                    # a collection as a key
    "a: 1\n---\nb: 2\n",                  # two documents
    "v: =\n",                             # the value tag SafeLoader cannot construct
])
def test_unusual_yaml_is_left_to_the_node_tree_path(text):
    assert outcome(safe_yaml._load_events, text) == ("unusual", None)
    # load answers exactly as the node-tree path does (a value or the same error class)
    try:
        expected = ("ok", node_tree(text))
    except yaml.YAMLError as exc:
        expected = ("error", type(exc).__name__)
    try:
        got = ("ok", safe_yaml.load(text))
    except yaml.YAMLError as exc:
        got = ("error", type(exc).__name__)
    assert got == expected


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
                    st.dates(), st.sampled_from(["yes", "no", "~", "1e3", "0o17", "1_0", "-.5",
                                                 "2019-02-28", "12:30:00", "null", "<<x"]))
trees = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=6), st.integers(0, 99)), kids, max_size=4)),
    max_leaves=25)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(trees, st.booleans())
def test_generated_documents_agree(tree, flow):
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True)
    assert outcome(safe_yaml._load_events, text) == outcome(node_tree, text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=" \n-:[]{},'\"#?!|>a1.", max_size=40))
def test_generated_fragments_agree_or_defer(text):
    got = outcome(safe_yaml._load_events, text)
    if got[0] != "unusual":
        assert got == outcome(node_tree, text)
