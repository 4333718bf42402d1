"""The schemas are the contract: they are valid draft 2020-12 and the code's records obey them."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import CORPUS, ROOT
from polit_corpus.corpus import load_documents
from polit_corpus.records import document_record
from polit_corpus.schemas import validator

SCHEMAS = sorted((ROOT / "schema").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_document_records_validate():
    for doc in load_documents(CORPUS):
        record = document_record(doc)
        assert list(validator("document").iter_errors(record)) == []


def test_schema_rejects_a_broken_record():
    record = document_record(load_documents(CORPUS)[0])
    record["paragraphs"][0]["role"] = "sidebar"
    del record["raw_sha256"]
    messages = sorted(e.message for e in validator("document").iter_errors(record))
    assert any("'raw_sha256' is a required property" in m for m in messages)
    assert any("'sidebar' is not one of" in m for m in messages)


def test_closed_vocabularies_in_code_come_from_the_schemas():
    """Where code needs a schema's enum it reads it, or uses a subset of it."""
    from polit_corpus.annotate import HEDGES
    from polit_corpus.ingest import OUTLET_TYPES
    from polit_corpus.preannotate import CATEGORY_RULES, SCHEMA_UNITS
    from polit_corpus.schemas import load_schema

    figure = load_schema("figure")["properties"]
    assert list(OUTLET_TYPES) == load_schema("document")["properties"]["outlet_type"]["enum"]
    assert SCHEMA_UNITS == set(figure["unit"]["enum"])
    assert {c for c, _ in CATEGORY_RULES} <= set(figure["category"]["enum"])
    assert {a for _, a in HEDGES} <= set(figure["approximation"]["enum"])
