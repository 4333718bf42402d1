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


@cache
def validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry())


def schema_errors(instance: object, name: str, file: str, record: str | None = None,
                  path_prefix: tuple = ()) -> list[CorpusError]:
    """Every violation of schema `name`, each located by file, record and field path."""
    out: dict[tuple, CorpusError] = {}  # two rules may report the same fault once each
    for err in sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path)):
        field = ".".join(str(p) for p in (*path_prefix, *err.absolute_path)) or None
        out.setdefault((field, err.message),
                       CorpusError(file, f"schema {name}: {err.message}", record, field))
    return list(out.values())
