"""Parsing YAML a user wrote, with the limits of limits.py enforced while parsing.

PyYAML's SafeLoader still expands aliases (an alias bomb exhausts memory), lets a duplicate key
silently replace the first, and hands a 5,000-digit integer to int(), which Python refuses with a
ValueError. This loader refuses each of these at the line where it occurs, so the caller can
report one located error instead of a traceback or a silently different corpus.
"""

from __future__ import annotations

import math
import re

import yaml
from yaml.constructor import SafeConstructor

from .limits import MAX_INT_DIGITS, MAX_YAML_DEPTH


class YamlRefused(Exception):
    """Input the loader will not build, with the 1-based line where it starts."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


class _Loader(yaml.SafeLoader):
    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(line, f"YAML alias *{event.anchor} refused (anchors and aliases "
                                    "are not allowed in corpus files)")
        if getattr(event, "anchor", None) is not None:
            raise YamlRefused(line, f"YAML anchor &{event.anchor} refused (anchors and aliases "
                                    "are not allowed in corpus files)")
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise YamlRefused(line, f"YAML nested deeper than {MAX_YAML_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # SafeConstructor reports unhashable keys itself
            if key in seen:
                raise _duplicate_key(key, key_node.start_mark.line + 1, seen[key])
            seen[key] = key_node.start_mark.line + 1
        return SafeConstructor.construct_mapping(self, node, deep=deep)


_DIGITS = re.compile(r"[0-9]")


def _int(loader: _Loader, node: yaml.ScalarNode) -> int:
    digits = len(_DIGITS.findall(node.value))
    if digits > MAX_INT_DIGITS:
        raise YamlRefused(node.start_mark.line + 1,
                          f"integer of {digits} digits (the limit is {MAX_INT_DIGITS})")
    return loader.construct_yaml_int(node)


def _float(loader: _Loader, node: yaml.ScalarNode) -> float:
    value = loader.construct_yaml_float(node)
    if not math.isfinite(value):
        raise YamlRefused(node.start_mark.line + 1,
                          f"number {_short(node.value)} is not finite (too large for a float, "
                          "or .inf / .nan)")
    return value


def _timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:  # 2019-02-30 written unquoted
        raise YamlRefused(node.start_mark.line + 1,
                          f"{_short(node.value)} is not a calendar date ({exc})") from None


# The scalar checks both loaders share (_FastLoader below registers the same ones).
_CHECKED = (("int", _int), ("float", _float), ("timestamp", _timestamp))
for _tag, _fn in _CHECKED:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _fn)


def _duplicate_key(key: object, line: int, first: int) -> YamlRefused:
    return YamlRefused(line, f"duplicate key {_short(key)} (first at line {first}); the later "
                             "value would silently replace the first")


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


_CLoader = getattr(yaml, "CSafeLoader", None)


class _FastLoader(*((_CLoader,) if _CLoader else (yaml.SafeLoader,))):
    """libyaml composes the node tree (its pure-Python scanner took 13 s of a 1 MB document's
    validation); `_check_tree` then applies the limits the composer cannot, and this class's
    constructors (shared with _Loader) refuse duplicate keys, long integers and non-finite
    numbers."""

    construct_mapping = _Loader.construct_mapping


for _tag, _fn in _CHECKED:
    _FastLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _fn)


def _check_tree(root) -> None:
    """Refuse a node reached twice (an alias: libyaml shares the node instead of copying it, so
    nothing has expanded yet) and nesting deeper than MAX_YAML_DEPTH, without recursion."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise YamlRefused(node.start_mark.line + 1, "YAML alias refused (anchors and "
                                                        "aliases are not allowed in corpus files)")
        seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            raise YamlRefused(node.start_mark.line + 1,
                              f"YAML nested deeper than {MAX_YAML_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack += [(k, depth + 1), (v, depth + 1)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(v, depth + 1) for v in node.value]


def load(text: str) -> object:
    """Parse one YAML document; YamlRefused for what the limits forbid, yaml.YAMLError for
    malformed YAML."""
    if _CLoader is None or "&" in text or "*" in text and _has_alias_token(text):
        return _load_python(text)
    try:
        return _load_events(text)
    except _Unusual:
        pass
    loader = _FastLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_tree(root)
        return loader.construct_document(root)
    finally:
        loader.dispose()


class _Unusual(Exception):
    """YAML outside the plain subset corpus files use (explicit or unknown tags, merge keys,
    collections as keys, several documents): the node-tree path decides and words it."""


_STR, _MAP, _SEQ = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_BUILT = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
          "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
_NOKEY = object()
_IMPLICIT_FIRST = frozenset(k for k in _FastLoader.yaml_implicit_resolvers if k)
assert None not in _FastLoader.yaml_implicit_resolvers  # no wildcard resolver
_PLAIN: dict[str, object] = {}  # plain scalar -> its value (all immutable), shared by all loads


def _load_events(text: str) -> object:
    """Build the document straight from libyaml's events. Composing a node tree first, then
    walking and constructing it, took 20 s of a 12 MB annotation file; the events alone take 4.
    The limits are those of the node-tree path: no anchors (refused before this is called), depth
    at most MAX_YAML_DEPTH, no duplicate keys, and the scalar checks of _CHECKED."""
    ev = yaml.events
    scalar, map_start, seq_start = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    loader = _FastLoader(text)
    stack: list = []  # open collections: a list, or a _Map
    root: object = None
    docs = 0
    try:
        get = loader.get_event
        while True:
            event = get()
            kind = type(event)
            if kind is scalar:
                tag = event.tag
                if tag is None or tag == "!":
                    value = event.value
                    if event.implicit[0] and (not value or value[0] in _IMPLICIT_FIRST):
                        value = _plain(loader, event)  # (inline: most plain scalars are strings)
                elif tag == _STR:
                    value = event.value
                else:
                    raise _Unusual
                opened = None
            elif kind is map_start or kind is seq_start:
                if event.tag not in (None, "!", _MAP if kind is map_start else _SEQ):
                    raise _Unusual
                if len(stack) >= MAX_YAML_DEPTH:
                    raise YamlRefused(event.start_mark.line + 1,
                                      f"YAML nested deeper than {MAX_YAML_DEPTH} levels")
                opened = _Map() if kind is map_start else []
                value = opened.data if kind is map_start else opened
            elif kind in ends:
                stack.pop()
                continue
            elif kind is ev.DocumentStartEvent:
                docs += 1
                if docs > 1:
                    raise _Unusual  # the node-tree path words "expected a single document"
                continue
            elif kind is ev.StreamEndEvent:
                break
            elif kind is ev.AliasEvent:
                raise _Unusual
            else:
                continue
            if not stack:
                root = value
            elif type(top := stack[-1]) is list:
                top.append(value)
            elif top.key is _NOKEY:
                if opened is not None or value == "<<" and event.implicit[0]:
                    raise _Unusual  # a collection as a key, or a merge key
                try:
                    first = top.lines.get(value)
                except TypeError:
                    raise _Unusual from None
                line = event.start_mark.line + 1
                if first is not None:
                    raise _duplicate_key(value, line, first)
                top.lines[value] = line
                top.key = value
            else:
                top.data[top.key] = value
                top.key = _NOKEY
            if opened is not None:
                stack.append(opened)
    finally:
        loader.dispose()
    return root


class _Map:
    __slots__ = ("data", "lines", "key")

    def __init__(self) -> None:
        self.data: dict = {}
        self.lines: dict = {}
        self.key: object = _NOKEY


def _plain(loader, event) -> object:
    """A plain scalar's value: str, or what its implicit tag constructs (cached by text)."""
    value = event.value
    if value and value[0] not in _IMPLICIT_FIRST:
        return value  # no implicit resolver starts with this character: a string
    hit = _PLAIN.get(value, _NOKEY)
    if hit is not _NOKEY:
        return hit
    if value.isascii() and value.isdigit() and value[0] != "0" and len(value) <= MAX_INT_DIGITS:
        # a plain decimal integer (no sign, no leading zero: YAML 1.1 reads those as octal):
        # what the resolver and construct_yaml_int make of it, without their regex walk (the
        # generated figures' numbers rarely repeat, so the memo above misses them)
        return int(value)
    tag = loader.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    if tag not in _BUILT:
        raise _Unusual
    built = loader.yaml_constructors[tag](loader, yaml.ScalarNode(tag, value, event.start_mark))
    if len(_PLAIN) < 100_000:
        _PLAIN[value] = built
    return built


def _has_alias_token(text: str) -> bool:
    return re.search(r"(?:^|[\s\[{,:-])\*[^\s,\]}]", text) is not None


def _load_python(text: str) -> object:
    """The pure-Python loader, which names the anchor or alias and its line."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
