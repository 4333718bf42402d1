"""Loading the JSON Schemas in schema/ (the contract) and checking records against them."""

from __future__ import annotations

import json
from functools import cache

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .errors import CorpusError
from .paths import schema_dir


@cache
def load_schema(name: str) -> dict:
    return json.loads((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(schema_dir().glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema)
        resources += [(path.name, resource), (schema["$id"], resource)]
    return Registry().with_resources(resources)


def _pointer(doc: dict, fragment: str) -> dict:
    node = doc
    for part in filter(None, fragment.lstrip("/").split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _inline(node, here: dict):
    """`node` with every $ref replaced by the schema it names (the schema files hold no cycles).
    A validator over the inlined schema checks exactly the same rules, but it no longer looks
    every reference up in the registry for every record: the lookups were most of the time
    `validate` spent on a long document."""
    if isinstance(node, list):
        return [_inline(v, here) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _inline(v, here) for k, v in node.items() if k != "$ref"}
    if "$ref" not in node:
        return out
    file, _, fragment = node["$ref"].partition("#")
    target_doc = load_schema(file.removesuffix(".schema.json")) if file else here
    target = _inline(_pointer(target_doc, fragment), target_doc)
    target = {k: v for k, v in target.items() if k not in ("$id", "$schema")}
    return {**out, "allOf": [*out.get("allOf", []), target]}


@cache
def validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(_inline(schema, schema), registry=_registry())


@cache
def _fast(name: str):
    """A compiled (Rust) validator of the same inlined schema: a long document's thousands of
    records are checked in milliseconds instead of seconds."""
    import jsonschema_rs
    schema = load_schema(name)
    return jsonschema_rs.validator_for(_inline(schema, schema))


def _surely_valid(instance: object, name: str) -> bool:
    try:
        return _fast(name).is_valid(instance)
    except Exception:  # a value it cannot take (a YAML date, a huge int): let jsonschema judge
        return False


def schema_errors(instance: object, name: str, file: str, record: str | None = None,
                  path_prefix: tuple = ()) -> list[CorpusError]:
    """Every violation of schema `name`, each located by file, record and field path.

    jsonschema is the judge and writes the messages; the compiled validator only lets a valid
    instance through without the slow walk."""
    if _surely_valid(instance, name):
        return []
    out: dict[tuple, CorpusError] = {}  # two rules may report the same fault once each
    for err in sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path)):
        field = ".".join(str(p) for p in (*path_prefix, *err.absolute_path)) or None
        out.setdefault((field, err.message),
                       CorpusError(file, f"schema {name}: {err.message}", record, field))
    return list(out.values())
