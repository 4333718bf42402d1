"""Every input limit in one place, so the error for each says the same number README documents.

Limits exist so that no input a user can produce makes a command run for ever, exhaust memory, or
die with a traceback. Each one is checked where the input is read and refused with one located
error line. README's "Limits" table is tested against this module.
"""

from __future__ import annotations

import json

from .paths import schema_dir

MiB = 1024 * 1024

# A raw text larger than this is refused before it is decoded (the longest real article is a few
# tens of kB; 64 MiB leaves room for whole-newspaper dumps).
MAX_RAW_BYTES = 64 * MiB

# A register or speaker file larger than this is refused before it is parsed.
MAX_YAML_BYTES = 16 * MiB

# An annotation file larger than this is refused before it is parsed. It grows with its text and
# is largest before review, while every record still carries its "auto:" note: the pre-annotation
# of 10 MB of the benchmark's news-like prose (scripts/bench_scale.py) is 35 MB of YAML. Four times
# the raw limit lets every raw file of such prose that `add` accepts keep its annotations; `add`
# refuses to write a larger one (split the text).
MAX_ANNOTATION_BYTES = 4 * MAX_RAW_BYTES

# YAML: nesting deeper than this is refused; anchors and aliases (&a / *a) are refused outright,
# because the corpus files never need them and an alias bomb expands exponentially.
MAX_YAML_DEPTH = 32

# An integer literal with more digits than this is refused while parsing (Parquet stores int64
# and float64; 18 digits is the largest count int64 always holds). Non-finite floats (.inf, .nan,
# 1.0e+400) are refused too.
MAX_INT_DIGITS = 18

# Document ids: the register schema's pattern and maxLength (the contract) decide.
# (read as plain JSON: errors.py imports this module, and schemas.py imports errors.py)
_REGISTER = json.loads((schema_dir() / "documents-file.schema.json").read_text(encoding="utf-8"))
_ID = _REGISTER["properties"]["documents"]["items"]["properties"]["id"]
ID_PATTERN: str = _ID["pattern"]
MAX_ID_CHARS: int = _ID["maxLength"]

# An error line longer than this is cut in the middle, so a huge bad value cannot flood the
# terminal; a suggested speaker entry (a few hundred characters) always fits.
MAX_ERROR_CHARS = 2000

TABLE = (
    ("raw file size", f"{MAX_RAW_BYTES // MiB} MiB",
     "validate, build, add, annotate; each .txt file of annotate and align inputs"),
    ("register and speaker YAML size", f"{MAX_YAML_BYTES // MiB} MiB",
     "every command that reads the corpus"),
    ("annotation YAML size", f"{MAX_ANNOTATION_BYTES // MiB} MiB",
     "every command that reads the corpus; add"),
    ("YAML nesting depth", str(MAX_YAML_DEPTH), "every YAML file read"),
    ("YAML anchors and aliases", "refused", "every YAML file read (and raw front matter)"),
    ("duplicate YAML keys", "refused", "every YAML file read (and raw front matter)"),
    ("integer digits", str(MAX_INT_DIGITS), "every YAML file read"),
    ("non-finite numbers (.inf, .nan, 1.0e+400)", "refused", "every YAML file read"),
    ("document id", f"{MAX_ID_CHARS} characters, {ID_PATTERN}", "documents.yaml, add --id"),
    ("error line", f"{MAX_ERROR_CHARS} characters (cut in the middle)", "every error"),
)
"""The README table: limit, value, where it applies."""
