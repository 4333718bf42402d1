"""Hugging Face features derived from the JSON Schemas, so types are written down only once.

integer -> the dtype named by the schema's `x-dtype` (int32 for offsets), number -> float64,
a closed non-null enum -> ClassLabel, an object -> a struct, an array -> a list, a nullable
`oneOf` of a struct -> the struct (null allowed by Arrow).
"""

from __future__ import annotations

import datasets

from .schemas import load_schema

try:  # datasets >= 4 names list features `List`; older releases use a Python list literal.
    from datasets import List as _List

    def _list(feature):
        return _List(feature)
except ImportError:  # pragma: no cover - older datasets
    def _list(feature):
        return [feature]


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref:
        return load_schema(ref.removesuffix(".schema.json"))
    return node


def feature_for(node: dict):
    node = _resolve(node)
    if "oneOf" in node:
        options = [o for o in node["oneOf"] if o.get("type") != "null"]
        if len(options) != 1:
            raise ValueError(f"cannot map oneOf with {len(options)} non-null options")
        return feature_for(options[0])
    if "enum" in node:
        names = [v for v in node["enum"] if v is not None]
        if len(names) == len(node["enum"]):
            return datasets.ClassLabel(names=names)
        return datasets.Value("string")
    types = node.get("type")
    types = [types] if isinstance(types, str) else [t for t in (types or []) if t != "null"]
    if len(types) != 1:
        raise ValueError(f"cannot map schema types {node.get('type')!r} to a feature")
    kind = types[0]
    if kind == "string":
        return datasets.Value("string")
    if kind == "integer":
        return datasets.Value(node.get("x-dtype", "int64"))
    if kind == "number":
        return datasets.Value("float64")
    if kind == "boolean":
        return datasets.Value("bool")
    if kind == "array":
        return _list(feature_for(node["items"]))
    if kind == "object":
        return {name: feature_for(sub) for name, sub in node["properties"].items()}
    raise ValueError(f"unsupported schema type {kind!r}")


def features_for(schema_name: str) -> datasets.Features:
    schema = load_schema(schema_name)
    return datasets.Features({name: feature_for(sub) for name, sub in schema["properties"].items()})
