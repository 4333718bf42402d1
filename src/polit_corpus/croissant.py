"""Publish stage: Croissant 1.1 metadata (croissant.json) for the built folder.

Every config is a FileObject (its Parquet file, relative contentUrl, sha256) and a RecordSet whose
fields are derived from the same features and schema descriptions as the Parquet files, so no
type or description is written twice. Structs become `subField`s; lists become `isArray` fields,
and lists of structs become array fields whose sub-fields pick their member with `jsonPath`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import datasets

from . import __version__
from .features import element, schema_fields

if TYPE_CHECKING:
    from .records import BuiltConfig

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
FILE = "croissant.json"

# The standard JSON-LD context of Croissant 1.1 (mlcroissant warns on any other); the test suite
# compares it with the one mlcroissant itself writes.
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "prov": "http://www.w3.org/ns/prov#",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

DTYPES = {
    "string": "sc:Text",
    "bool": "sc:Boolean",
    "int32": "cr:Int32",
    "int64": "cr:Int64",
    "float32": "cr:Float32",
    "float64": "cr:Float64",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _data_type(feature) -> str:
    if isinstance(feature, datasets.ClassLabel):
        return "cr:Int64"  # stored as the class index; the names are in the description
    return DTYPES[feature.dtype]


def _describe(feature, description: str) -> str:
    if isinstance(feature, datasets.ClassLabel):
        names = ", ".join(f"{i} = {n}" for i, n in enumerate(feature.names))
        return f"{description} Class index: {names}.".strip()
    return description


def record_set(cfg: BuiltConfig) -> dict:
    """The RecordSet of one config, fields derived from the schema and features."""
    rows = schema_fields(cfg.schema)
    described = {path: (feature, description) for path, feature, description, _ in rows}
    file_id = f"{cfg.name}-parquet"

    def leaf_or_struct(path: str, column: str, json_path: str | None, in_array: bool) -> dict:
        feature, description = described[path]
        fid = f"{cfg.name}/{path.replace('.', '/')}"
        field: dict = {"@type": "cr:Field", "@id": fid, "name": path.rsplit(".", 1)[-1],
                       "description": _describe(feature, description)}
        inner = element(feature)
        struct = feature if isinstance(feature, dict) else inner if isinstance(inner, dict) else None
        if struct is not None:
            subs = []
            for name in struct:
                child = leaf_or_struct(f"{path}.{name}", column,
                                       f"{json_path}.{name}" if json_path else name,
                                       in_array or inner is not None)
                if in_array or inner is not None:
                    # Inside a list, a struct's leaves join the list element directly (mlcroissant
                    # renders a struct nested in a list as a separate dict of lists otherwise).
                    subs += child.get("subField", [child])
                else:
                    subs.append(child)
            field["subField"] = subs
            if inner is not None:
                field["isArray"] = True
                field["arrayShape"] = "-1"
            return field
        if inner is not None:
            field["dataType"] = _data_type(inner)
            field["isArray"] = True
            field["arrayShape"] = "-1"
        else:
            field["dataType"] = _data_type(feature)
            if in_array:
                field["isArray"] = True
                field["arrayShape"] = "-1"
        field["source"] = _source(file_id, column, json_path)
        return field

    top = [p for p, *_ in rows if "." not in p]
    return {
        "@type": "cr:RecordSet",
        "@id": cfg.name,
        "name": cfg.name,
        "description": f"The `{cfg.name}` config: {len(cfg.rows)} rows, one Parquet file "
                       f"({cfg.path}).",
        "field": [leaf_or_struct(p, p, None, False) for p in top],
    }


def _source(file_id: str, column: str, json_path: str | None) -> dict:
    source: dict = {"fileObject": {"@id": file_id}, "extract": {"column": column}}
    if json_path:
        source["transform"] = {"jsonPath": json_path}
    return source


def croissant(folder: Path, built: dict[str, BuiltConfig], meta: dict) -> dict:
    """The Croissant document for the built folder; `meta` carries name, description, url,
    license, citation and keywords (from the card module, so they are written once)."""
    distribution = [{
        "@type": "cr:FileObject",
        "@id": f"{name}-parquet",
        "name": f"{name}-parquet",
        "description": f"Parquet file of the `{name}` config.",
        "contentUrl": cfg.path,
        "contentSize": f"{(folder / cfg.path).stat().st_size} B",
        "encodingFormat": "application/x-parquet",
        "sha256": sha256(folder / cfg.path),
    } for name, cfg in built.items()]
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": meta["name"],
        "description": meta["description"],
        "alternateName": [meta["pretty_name"]],
        "license": meta["license"],
        "citeAs": meta["citation"],
        "version": __version__,
        "inLanguage": meta["language"],
        "keywords": meta["keywords"],
        "isLiveDataset": False,
        "distribution": distribution,
        "recordSet": [record_set(cfg) for cfg in built.values()],
    }


def write_croissant(folder: Path, built: dict[str, BuiltConfig], meta: dict) -> Path:
    path = folder / FILE
    doc = croissant(folder, built, meta)
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def validate_croissant(path: Path) -> list[str]:
    """mlcroissant's own validation; returns its errors (warnings are not failures)."""
    import mlcroissant as mlc
    from absl import logging as absl_logging

    absl_logging.set_verbosity(absl_logging.ERROR)  # its warnings are advice, not failures
    try:
        ds = mlc.Dataset(jsonld=str(path))
    except mlc.ValidationError as exc:
        return [line for line in str(exc).splitlines() if line.strip()]
    return list(ds.metadata.ctx.issues.errors)


def load_records(path: Path, record_set_name: str) -> list[dict]:
    """Every record of one record set, read offline from the local files."""
    import mlcroissant as mlc

    return list(mlc.Dataset(jsonld=str(path)).records(record_set=record_set_name))
