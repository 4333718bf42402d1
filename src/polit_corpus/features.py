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


def _nullable(node: dict) -> bool:
    if "oneOf" in node:
        return any(o.get("type") == "null" for o in node["oneOf"])
    if "enum" in node:
        return None in node["enum"]
    types = node.get("type")
    return isinstance(types, list) and "null" in types


def _object_node(node: dict) -> dict:
    """The object schema behind a node: itself, its `$ref`, its array items or non-null option."""
    node = _resolve(node)
    if "oneOf" in node:
        node = _resolve(next(o for o in node["oneOf"] if o.get("type") != "null"))
    if node.get("type") == "array" or "items" in node:
        return _object_node(node["items"])
    return node


def feature_type(feature) -> str:
    """A short, readable type name: string, int32, float64, class label (a | b), list<...>."""
    if isinstance(feature, datasets.ClassLabel):
        return "class label (" + " | ".join(feature.names) + ")"
    if isinstance(feature, datasets.Value):
        return feature.dtype
    if isinstance(feature, dict):
        return "struct"
    inner = getattr(feature, "feature", None)
    if inner is None and isinstance(feature, list):
        inner = feature[0]
    return f"list<{feature_type(inner)}>"


def element(feature):
    """The element feature of a list feature, or None when `feature` is not a list."""
    if isinstance(feature, (datasets.Value, datasets.ClassLabel, dict)):
        return None
    if isinstance(feature, list):
        return feature[0]
    return getattr(feature, "feature", None)


def schema_fields(schema_name: str) -> list[tuple[str, object, str, bool]]:
    """Every field of a config, nested ones as dotted paths, with its feature, its description
    from the schema (the one source of truth) and whether it may be null."""
    rows: list[tuple[str, object, str, bool]] = []

    def walk(node: dict, feats: dict, prefix: str) -> None:
        for name, sub in node["properties"].items():
            path = f"{prefix}{name}"
            feature = feats[name]
            description = sub.get("description") or _resolve(sub).get("description", "")
            rows.append((path, feature, description, _nullable(sub)))
            inner = element(feature)
            struct = feature if isinstance(feature, dict) else inner if isinstance(inner, dict) else None
            if struct is not None:
                walk(_object_node(sub), struct, f"{path}.")

    walk(load_schema(schema_name), features_for(schema_name), "")
    return rows
