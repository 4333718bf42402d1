"""Slotted frozen records pickled as the tuple of their fields.

A frozen dataclass with slots pickles through dataclasses' own __getstate__/__setstate__, which
call fields() and setattr in Python for every object: of loading a 50 MB document's stored
validation (validated.py, 1.3 million records) that was most of the time. Pickled as
(class, field values) instead, loading is the class's own __init__ and both ways take half as long.
"""

from __future__ import annotations

from operator import attrgetter


def pickled_by_fields(cls: type) -> type:
    """Decorate a @dataclass(frozen=True, slots=True) class with two or more fields, all set by
    __init__ in declaration order (its __slots__)."""
    names = cls.__slots__
    if len(names) < 2:
        raise TypeError(f"{cls.__name__}: needs two or more fields")
    values = attrgetter(*names)

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls
