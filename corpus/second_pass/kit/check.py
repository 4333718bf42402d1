"""Check your annotation files before you finish: python3 check.py OUT_DIR

Reads OUT_DIR/speakers.yaml and OUT_DIR/<id>.yaml for every text in texts/, and reports:
schema errors (when the `jsonschema` package is installed), anchors that match nothing or more
than one place, unknown speaker ids and links, and the coverage rules of GUIDELINES-blind.md
section 4. It prints one line per problem and "OK" when there is none. It needs PyYAML
(`pip install pyyaml`); `jsonschema` is optional.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

KIT = Path(__file__).resolve().parent
QUOTE_MARKS = "“”‘’\"'"
APOSTROPHES = "’'"
UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORD = re.compile(r"\b(?:" + "|".join([*UNITS, *TENS, "hundreds?", "thousands?",
                                               "millions?", "dozens?"]) + r")\b", re.IGNORECASE)
DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def resolve(text: str, anchor) -> tuple[int, int]:
    spec = {"text": anchor} if isinstance(anchor, str) else anchor
    needle, before, after = spec["text"], spec.get("before", ""), spec.get("after", "")
    hits, i = [], text.find(needle)
    while i != -1:
        j = i + len(needle)
        if text[max(0, i - len(before)):i] == before and text[j:j + len(after)] == after:
            hits.append(i)
        i = text.find(needle, i + 1)
    if not hits:
        raise ValueError(f"anchor {anchor!r} not found")
    if "occurrence" in spec:
        if spec["occurrence"] > len(hits):
            raise ValueError(f"anchor {anchor!r} has only {len(hits)} match(es)")
        start = hits[spec["occurrence"] - 1]
    elif len(hits) > 1:
        raise ValueError(f"anchor {anchor!r} is ambiguous ({len(hits)} matches): add before/after "
                         "or occurrence")
    else:
        start = hits[0]
    return start, start + len(needle)


def paragraph_ends(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def schema_validator(name: str):
    try:
        import jsonschema
        from referencing import Registry, Resource
    except ImportError:
        return None
    schemas = {p.name: json.loads(p.read_text()) for p in (KIT / "schema").glob("*.json")}
    registry = Registry().with_resources(
        (n, Resource.from_contents(s)) for n, s in schemas.items())
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)


def check_doc(doc_id: str, text: str, data: dict, speaker_ids: set[str],
              aliases: dict[str, set[str]], problems: list[str], seen_forms: dict) -> None:
    where = f"{doc_id}.yaml"
    if data.get("doc_id") != doc_id:
        problems.append(f"{where}: doc_id must be {doc_id!r}")

    def span(anchor, label):
        try:
            return resolve(text, anchor)
        except ValueError as exc:
            problems.append(f"{where}: {label}: {exc}")
            return None

    paras = paragraph_ends(text)
    quote_ids = {q.get("id") for q in data.get("quotes", [])}
    bounds, figures = set(), []
    for q in data.get("quotes", []):
        label = f"quote {q.get('id')}"
        s = span(q["anchor"], label + " anchor")
        for key in ("cue", "source"):
            if q.get(key) is not None:
                span(q[key], f"{label} {key}")
        if q.get("speaker") is not None and q["speaker"] not in speaker_ids:
            problems.append(f"{where}: {label}: speaker {q['speaker']!r} is not in speakers.yaml")
        for key in ("continues", "nested_in"):
            if q.get(key) is not None and q[key] not in quote_ids:
                problems.append(f"{where}: {label}: {key} {q[key]!r} is no quote id here")
        if s and q["type"] in ("direct", "fragment"):
            bounds |= {s[0] - 1, s[1]}
            if s[0] == 0 or text[s[0] - 1] not in QUOTE_MARKS:
                problems.append(f"{where}: {label}: does not start right after a quotation mark")
            closes = s[1] < len(text) and text[s[1]] in QUOTE_MARKS
            if not closes and not any(e == s[1] for _, e in paras):
                problems.append(f"{where}: {label}: neither ends at a quotation mark nor at the "
                                "end of its paragraph")
        if s and any(a < s[0] < b and b < s[1] for a, b in paras):
            problems.append(f"{where}: {label}: crosses a paragraph break")
    for f in data.get("figures", []):
        label = f"figure {f.get('id')}"
        s = span(f["anchor"], label + " anchor")
        if s:
            figures.append(s)
        if f.get("counted") is not None:
            span(f["counted"], f"{label} counted")
        if f.get("period") is not None:
            span(f["period"]["anchor"], f"{label} period")
    for m in data.get("mentions", []):
        s = span(m["anchor"], f"mention {m['anchor']!r}")
        if m["speaker"] not in speaker_ids:
            problems.append(f"{where}: mention: speaker {m['speaker']!r} is not in speakers.yaml")
        elif s:
            form = text[s[0]:s[1]]
            seen_forms.setdefault(m["speaker"], set()).add(form)
            if form not in aliases.get(m["speaker"], set()):
                problems.append(f"{where}: mention {form!r} is not an alias of {m['speaker']!r}")
    for q in data.get("quotes", []):
        if q.get("source") is not None:
            s = span(q["source"], "source")
            ok = s and any(span(m["anchor"], "mention") == s and m["speaker"] == q.get("speaker")
                           for m in data.get("mentions", []))
            if s and not ok:
                problems.append(f"{where}: quote {q['id']}: its source is not listed as a mention "
                                "of its speaker")
    exc = data.get("exceptions", {})
    mark_ex = [x for x in (span(e["anchor"], "quote_mark exception")
                           for e in exc.get("quote_marks", [])) if x]
    num_ex = [x for x in (span(e["anchor"], "number exception")
                          for e in exc.get("numbers", [])) if x]
    for i, ch in enumerate(text):
        if ch not in QUOTE_MARKS or i in bounds:
            continue
        if ch in APOSTROPHES and 0 < i < len(text) - 1 and text[i - 1].isalpha() \
                and text[i + 1].isalpha():
            continue
        if any(a <= i < b for a, b in mark_ex):
            continue
        problems.append(f"{where}: coverage: quotation mark {ch!r} at {i} bounds no quotation and "
                        f"is no exception: ...{text[max(0, i - 25):i + 25]!r}...")
    for m in [*DIGITS.finditer(text), *NUMBER_WORD.finditer(text)]:
        a, b = m.span()
        if not any(fa <= a and b <= fb for fa, fb in figures + num_ex):
            problems.append(f"{where}: coverage: number {m.group(0)!r} at {a} is in no figure and "
                            f"no exception: ...{text[max(0, a - 25):b + 25]!r}...")


def main(out: Path) -> int:
    problems: list[str] = []
    spk_path = out / "speakers.yaml"
    if not spk_path.exists():
        print(f"{spk_path}: missing")
        return 1
    speakers = yaml.safe_load(spk_path.read_text(encoding="utf-8"))
    validator = schema_validator("speakers-file.schema.json")
    if validator is None:
        print("note: jsonschema not installed; schema checks skipped")
    else:
        for err in validator.iter_errors(speakers):
            problems.append(f"speakers.yaml: schema: {'/'.join(map(str, err.path))}: {err.message}")
    entries = (speakers or {}).get("speakers", []) or []
    speaker_ids = {s.get("speaker_id") for s in entries}
    aliases = {s.get("speaker_id"): set(s.get("aliases", [])) for s in entries}
    seen_forms: dict[str, set[str]] = {}
    standoff = schema_validator("standoff.schema.json")
    for txt in sorted((KIT / "texts").glob("*.txt")):
        doc_id = txt.stem
        path = out / f"{doc_id}.yaml"
        if not path.exists():
            problems.append(f"{path.name}: missing")
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if standoff is not None:
            errs = list(standoff.iter_errors(data))
            for err in errs:
                problems.append(f"{path.name}: schema: {'/'.join(map(str, err.path))}: "
                                f"{err.message}")
            if errs:
                continue
        check_doc(doc_id, txt.read_text(encoding="utf-8"), data, speaker_ids, aliases, problems,
                  seen_forms)
    for sid, forms in aliases.items():
        unused = sorted(forms - seen_forms.get(sid, set()))
        if unused:
            problems.append(f"speakers.yaml: {sid}: aliases {unused} are no mention's text")
    for p in problems:
        print(p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "out")))
