"""stated_unit and stated_approximation try their pattern lists only after one combined search
says some pattern matches: the answers are those of the plain loops."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polit_corpus import annotate as A


def unit_plain(text):
    for sym, unit in A._PREFIXES:
        if sym in text:
            return unit, sym
    m = A._AGE_OF.search(text)
    if m:
        return "age", m.group(0)

    def written():
        return next((w for n in reversed(list(A.DIGITS.finditer(text)))
                     if (w := A.read_unit(text, n.end())) is not None), None)
    for pattern, unit in A.UNIT_WORDS:
        m = pattern.search(text)
        if m:
            if m.end() < len(text.rstrip()):
                longer = written()
                if longer and len(longer.unit_text) > len(m.group(0)) \
                        and m.group(0) in longer.unit_text:
                    return longer.unit, longer.unit_text
            return unit, m.group(0)
    longer = written()
    return (longer.unit, longer.unit_text) if longer else (None, None)


def approximation_plain(text):
    if A.is_vague(text):
        return "vague"
    if A.RANGE.search(text):
        return "range"
    for pattern, approximation in A.HEDGES:
        if pattern.search(text):
            return approximation
    return "exact"


UNIT_PIECES = [w for w, _ in A._UNIT_WORDS[::3]] + [w for w, _ in A.HEDGE_WORDS[::2]] + [
    "12", " ", "-", "3.5", "km", "%", "per cent", "years", "x", "K", "\u212a", "over", "~", "≤",
    "more than", "or more", "between", "and", "hundreds", "£", "age of"]
texts = st.lists(st.sampled_from(UNIT_PIECES), max_size=8).map("".join)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(texts)
def test_prefilters_answer_as_the_loops(text):
    assert A.stated_unit.__wrapped__(text) == unit_plain(text)
    assert (A._ANY_UNIT_WORD.search(text) is not None) == any(
        p.search(text) for p, _ in A.UNIT_WORDS)
    assert A.stated_approximation.__wrapped__(text) == approximation_plain(text)


def test_stated_unit_and_approximation_on_examples():
    assert A.stated_unit.__wrapped__("12 per cent") == ("percent", "per cent")
    assert A.stated_unit.__wrapped__("12 boats") == (None, None)
    assert A.stated_approximation.__wrapped__("more than 40") == "more_than"
    assert A.stated_approximation.__wrapped__("40") == "exact"
