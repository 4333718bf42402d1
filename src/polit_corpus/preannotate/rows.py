"""Pre-annotation as rows for other tools: one JSON object per input text.

`annotate --format jsonl` writes what `text_rows` returns. Quotes and figures carry the columns of
the published `quotes` and `figures` configs, but every `start`/`end` (of the span, its cue,
source and counted noun) is an offset into the text **as given**, because a tool that sent the
text has no cleaned copy to index. `raw_start`/`raw_end` say the same; `clean_start`/`clean_end`
keep the offsets into the cleaned text that the corpus itself uses.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..annotate import annotate
from ..clean import CleaningError, clean
from ..collection import TextRecord
from ..corpus import Document, Speaker
from ..errors import CorpusError
from ..gc_pause import paused_gc
from ..records import as_record
from . import preannotate

_SPANS = ("cue", "source", "counted")


def _as_given(row: dict) -> dict:
    """Offsets into the text as given: start/end become the raw offsets, the clean ones are kept."""
    out = dict(row)
    out["clean_start"], out["clean_end"] = row["start"], row["end"]
    out["start"], out["end"] = row["raw_start"], row["raw_end"]
    for key in _SPANS:
        span = row.get(key)
        if span is not None:
            out[key] = {**span, "start": span["raw_start"], "end": span["raw_end"]}
    return out


def _speaker_row(s: Speaker | dict, proposed: bool) -> dict:
    d = dict(s) if isinstance(s, dict) else as_record(s)
    d["aliases"] = list(d["aliases"])
    return {**d, "proposed": proposed}


def text_rows(record: TextRecord, speakers: Mapping[str, Speaker], file: str = "") -> dict:
    """{id, quotes, figures, speakers, dropped} for one input text. Speakers are those the quotes
    refer to: entries of speakers.yaml (`proposed: false`) and entities proposed for sources no
    entry matches (`proposed: true`), for the reviewer to accept or edit. `dropped` lists the
    proposals that failed the corpus's own checks, with the reason."""
    with paused_gc():  # see gc_pause.py: a quarter of the time on 5 MB of prose
        return _text_rows(record, speakers, file)


def _text_rows(record: TextRecord, speakers: Mapping[str, Speaker], file: str) -> dict:
    try:
        cleaned = clean(record.text)
    except CleaningError as exc:
        raise CorpusError(file or record.id, str(exc), record.id, "text") from None
    proposed: dict[str, dict] = {}
    standoff = preannotate(cleaned.text, cleaned.paragraphs, speakers, doc_id=record.id,
                           proposed=proposed, pinned=True)
    known = dict(speakers)
    for sid, entry in proposed.items():
        known.setdefault(sid, Speaker(sid, entry["name"], entry["kind"], entry["role"],
                                      entry["organisation"], tuple(entry["aliases"])))
    doc = Document(record.id, raw_file=file, raw_sha256="", raw=record.text, cleaned=cleaned,
                   metadata=None)
    annotated, dropped = _load(doc, standoff, known)
    used = {q.speaker_id for q in annotated.quotes if q.speaker_id}
    rows = [_speaker_row(speakers[s], False) for s in sorted(used) if s in speakers]
    rows += [_speaker_row(proposed[s], True) for s in sorted(used) if s not in speakers]
    return {"id": record.id,
            "quotes": [_as_given(as_record(q)) for q in annotated.quotes],
            "figures": [_as_given(as_record(f)) for f in annotated.figures],
            "speakers": rows, "dropped": dropped}


def _load(doc: Document, standoff: dict, speakers: Mapping[str, Speaker]
          ) -> tuple[Document, list[dict]]:
    """The annotated document; a proposed record that the corpus validator refuses (a rule gap,
    not bad input) is dropped and listed with the reason, so one text cannot stop a collection."""
    dropped: list[dict] = []
    for _ in range(100):
        annotated, _, problems = annotate(doc, standoff, speakers)
        if not problems:
            return annotated, dropped
        rec, field, message = problems[0]
        dropped.append({"record": rec, "field": field, "problem": message})
        if rec.startswith("mentions["):
            del standoff["mentions"][int(rec[len("mentions["):-1])]
            continue
        for layer in ("quotes", "figures"):
            keep = [r for r in standoff[layer] if r["id"] != rec]
            if len(keep) < len(standoff[layer]):
                standoff[layer] = keep
                break
        else:
            raise RuntimeError(f"{doc.id}: pre-annotation does not load: {rec}: {field}: {message}")
        for q in standoff["quotes"]:  # links to a dropped quotation go with it
            for link in ("continues", "nested_in"):
                if q.get(link) == rec:
                    q[link] = None
    raise RuntimeError(f"{doc.id}: pre-annotation does not load after dropping 100 records")
