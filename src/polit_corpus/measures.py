"""Units written after a number that the news lexicon does not list ('10 MPa', '0.22 nm',
'2 ppm', '12 mg L−1'), read from pint's unit registry so that no unit table is kept by hand.

The validator (annotate.stated_unit) and the pre-annotator both ask `read_unit`, so a span the
pre-annotator proposes is one the validator reads the same way. pint's registry is loaded on the
first call only (about half a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .paths import lexicon

LEXICON = lexicon("measures")
_REFUSE = frozenset(LEXICON["refuse"])
_EXTRA = LEXICON["extra"]
_SUPERSCRIPT = "⁻¹²³⁴⁵⁶⁷⁸⁹⁰"
_LETTERS = r"A-Za-zµμΩÅ‰℃"
# One factor: a symbol or name, an optional exponent ('m2', 'm^-2', 's−1', 'cm³').
_EXPONENT = rf"(?:\^?[-−–]?\s?[1-4](?![\d.,])|[{_SUPERSCRIPT}]+)"
_FACTOR = rf"(?:°\s?[CFK](?![{_LETTERS}])|[{_LETTERS}][{_LETTERS}]*(?:\.%|%)?)"
_EXTRAS = "|".join(re.escape(w) for w in sorted(_EXTRA, key=len, reverse=True))
_UNIT = re.compile(
    rf"(?P<sp>[ \u00a0\u2009\u202f]?)(?P<u>(?:{_EXTRAS})(?![{_LETTERS}\d])|{_FACTOR}{_EXPONENT}?"
    rf"(?:(?:\s?/\s?|·|\s(?={_FACTOR}{_EXPONENT}))(?:{_FACTOR}){_EXPONENT}?)*)")
_STRIP_EXP = re.compile(rf"{_EXPONENT}$")


@dataclass(frozen=True)
class Unit:
    end: int          # where the unit ends in the text
    unit: str         # the closed-list unit (schema/figure.schema.json)
    unit_text: str    # the unit as written


@cache
def _registry():
    import pint
    return pint.UnitRegistry(cache_folder=None)


@cache
def known(name: str) -> tuple[str, str] | None:
    """(prefix, unit name) when pint defines `name` as written (case-sensitive), else None."""
    if name in _REFUSE or not name:
        return None
    if name.startswith("°"):
        name = name.replace(" ", "")
    try:
        parsed = _registry().parse_unit_name(name, case_sensitive=True)
    except Exception:  # pint raises several kinds on odd names; any of them means "not a unit"
        return None
    return (parsed[0][0], parsed[0][1]) if parsed else None


_EXP_VALUE = str.maketrans("⁻¹²³⁴⁵⁶⁷⁸⁹⁰−–", "-1234567890--")


def _power(factor: str) -> tuple[str, int]:
    """('cm', 3) for 'cm3', 'cm³' or 'cm^3'; ('s', -1) for 's−1'."""
    m = _STRIP_EXP.search(factor)
    if not m:
        return factor.strip(), 1
    digits = m.group(0).translate(_EXP_VALUE).replace("^", "").replace(" ", "")
    return factor[:m.start()].strip(), int(digits)


@cache
def _closed_unit(written: str) -> str | None:
    """The closed-list unit of a written unit, or None when a factor is not a unit."""
    if written in _EXTRA:
        return _EXTRA[written]
    parts = re.split(r"(\s?/\s?|·|\s(?!\d))", written)
    expr, names, sign = [], [], 1
    for k, part in enumerate(parts):
        if k % 2:
            sign = -1 if "/" in part else 1
            continue
        name, power = _power(part)
        got = known(name)
        if got is None:
            return None
        names.append(got)
        expr.append(f"{got[0]}{got[1]}**{sign * power}")
    if len(names) == 1 and not names[0][0] and names[0][1] in LEXICON["names"] and expr[0].endswith("**1"):
        return LEXICON["names"][names[0][1]]
    try:
        dim = str(_registry().get_dimensionality(" * ".join(expr)))
    except Exception:  # pint refuses some compound forms; the unit is then `other`
        return "other"
    return LEXICON["dimensions"].get(dim, "other")


def read_unit(text: str, pos: int, limit: int | None = None) -> Unit | None:
    """The unit written at text[pos:] (after at most one space), or None."""
    m = _UNIT.match(text, pos, len(text) if limit is None else limit)
    if not m:
        return None
    written = m.group("u")
    # Give back factors from the right until what is left is a unit ('5 kg m' -> 'kg').
    while written:
        unit = _closed_unit(written)
        if unit is not None:
            return Unit(pos + len(m.group("sp")) + len(written), unit, written)
        cut = max(written.rfind(" "), written.rfind("/"), written.rfind("·"))
        if cut <= 0:
            return None
        written = written[:cut].rstrip(" /·")
    return None


def is_unit(word: str) -> bool:
    """Whether letters written against a number ('10km', '5mg') name a unit."""
    return word in _EXTRA or known(word) is not None
