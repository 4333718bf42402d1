"""Publish stage: the dataset card (README.md of the built folder) and its offline check.

Metadata goes through huggingface_hub's DatasetCardData; `configs` and `dataset_info` go through
`datasets`' own MetadataConfigs / DatasetInfosDict writers, so the YAML is what `load_dataset`
and the Hub read. Counts, example rows and field tables come from the built data and the JSON
Schemas; nothing below restates a value that the data or the schemas already hold.

`check_card` re-reads the card and checks every metadata value against the accepted-value lists
that the installed `datasets` ships (datasets/utils/resources/*.json and
datasets.utils.metadata.known_task_ids), the section headings against the dataset-card template
that huggingface_hub ships, and the configs and features against the Parquet files.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import datasets
import jinja2
import pyarrow.parquet as pq
from datasets.info import DatasetInfo, DatasetInfosDict
from datasets.splits import SplitDict, SplitInfo
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCard, DatasetCardData

from . import __version__
from .errors import CorpusError
from .features import feature_type, schema_fields
from .schemas import load_schema

if TYPE_CHECKING:
    from .corpus import Document
    from .records import BuiltConfig

FILE = "README.md"
DATASHEET = "DATASHEET.md"
LICENSE_FILE = "LICENSE"
CHANGELOG = "CHANGELOG.yaml"
IDENTIFYING = "identifying_details.yaml"
PRETTY_NAME = "POLIT news: quotations, figures and syndication in police child-protection stories"
NAME = "polit-corpus"
TAGS = ["quotation-attribution", "numerical-reasoning", "text-reuse", "churnalism", "news",
        "police", "span-annotation"]
# The annotations are ours to licence; the source texts are not (see Licensing in the card).
ANNOTATION_LICENSE = "CC BY 4.0"
ANNOTATION_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "polit-corpus-mixed"
SOURCE_TEXTS_RIGHTS = ("Source texts: third-party works (police press releases, newspaper articles); "
                       "rights unknown, not cleared, no licence granted; see LICENSE.")
# One task category: the gold layers are character spans over text (quotations with cue, source
# and speaker; numeric figures with values). No listed task id fits quotation attribution or
# numeric-expression tagging honestly, so none is claimed; tags name the tasks instead.
TASK_CATEGORIES = ["token-classification"]
TRUNCATE = 160  # characters of a string shown in an example row
LIST_ITEMS = 2  # items of a list shown in an example row
SUMMARY_FIELDS = {"documents": "title", "quotes": "text", "figures": "text", "speakers": "name"}


def size_category(n: int) -> str:
    """The size bucket that `datasets` lists for n examples."""
    for bound, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M")):
        if n < bound:
            return name
    return "n>1M"  # pragma: no cover - the corpus is tiny; check_card would reject this


def _languages(docs: list[Document]) -> tuple[list[str], list[str]]:
    tags = sorted({d.metadata.values["language"] for d in docs})
    return sorted({t.split("-")[0] for t in tags}), tags


def card_data(built: dict[str, BuiltConfig], folder: Path, docs: list[Document]) -> DatasetCardData:
    from .records import DEFAULT_CONFIG, SPLIT

    languages, variants = _languages(docs)
    data = DatasetCardData(
        pretty_name=PRETTY_NAME,
        language=languages,
        language_details=", ".join(variants),
        license="other",
        license_name=LICENSE_NAME,
        license_link=LICENSE_FILE,
        annotations_creators=["machine-generated"],  # AI agents, see "Who are the annotators?"
        language_creators=["found"],
        multilinguality=["monolingual"],
        size_categories=[size_category(max(len(c.rows) for c in built.values()))],
        source_datasets=["original"],
        task_categories=TASK_CATEGORIES,
        tags=TAGS,
    )
    MetadataConfigs({
        name: {"data_files": [{"split": SPLIT, "path": cfg.path}],
               **({"default": True} if name == DEFAULT_CONFIG else {})}
        for name, cfg in built.items()
    }).to_dataset_card_data(data)
    infos = {}
    for name, cfg in built.items():
        table = pq.read_table(folder / cfg.path)
        splits = SplitDict()
        splits.add(SplitInfo(name=SPLIT, num_bytes=table.nbytes, num_examples=table.num_rows))
        infos[name] = DatasetInfo(features=cfg.features, splits=splits, config_name=name,
                                  download_size=(folder / cfg.path).stat().st_size,
                                  dataset_size=table.nbytes)
    DatasetInfosDict(infos).to_dataset_card_data(data)
    return data


def croissant_meta(docs: list[Document]) -> dict:
    """The dataset-level values Croissant repeats from the card, written once here."""
    return {
        "name": NAME,
        "pretty_name": PRETTY_NAME,
        "description": summary(docs),
        "license": [ANNOTATION_LICENSE_URL, SOURCE_TEXTS_RIGHTS],
        "citation": citation(docs),
        "language": _languages(docs)[1],
        "keywords": TAGS,
    }


# ---- templates ---------------------------------------------------------------------------

def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("polit_corpus", "templates"),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              autoescape=False)  # Markdown and BibTeX, not HTML


def _render(name: str, **context) -> str:
    return _env().get_template(name).render(**context)


def citation(docs: list[Document]) -> str:
    return _render("citation.bib.j2", pretty_name=PRETTY_NAME, version=__version__,
                   **_corpus_counts(docs)).strip()


def _corpus_counts(docs: list[Document]) -> dict:
    forces = sorted({d.metadata.values["force"] for d in docs if d.metadata.values["force"]})
    kinds = Counter(d.metadata.values["outlet_type"] or "unknown" for d in docs)
    dates = sorted(d.date for d in docs if d.date)
    return {
        "n_docs": len(docs), "forces": forces, "n_forces": len(forces),
        "outlet_types": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        "n_quotes": sum(len(d.quotes) for d in docs),
        "n_figures": sum(len(d.figures) for d in docs),
        "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None,
    }


def summary(docs: list[Document]) -> str:
    """One paragraph, every number and kind counted from the documents (card and Croissant)."""
    return " ".join(_render("summary.md.j2", **_corpus_counts(docs)).split())


# ---- data the card shows (prepared here, worded in templates/card.md.j2) -------------------

def _short(value, depth: int = 0):
    if isinstance(value, str):
        return value if len(value) <= TRUNCATE else value[:TRUNCATE] + "…"
    if isinstance(value, list):
        shown = [_short(v, depth + 1) for v in value[:LIST_ITEMS]]
        if len(value) > LIST_ITEMS:
            shown.append(f"… {len(value) - LIST_ITEMS} more")
        return shown
    if isinstance(value, dict):
        return {k: _short(v, depth + 1) for k, v in value.items()}
    return value


def example_row(cfg: BuiltConfig) -> dict:
    """The first row that has the most non-null fields (a real row, truncated for display)."""
    def filled(row: dict) -> int:
        return sum(v not in (None, [], "") for v in row.values())
    best = max(cfg.rows, key=filled)
    return _short(best)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_rows(schema: str) -> list[dict]:
    return [{"path": path, "type": _md(feature_type(feature)), "nullable": nullable,
             "description": _md(description)}
            for path, feature, description, nullable in schema_fields(schema)]


def agreement_section(corpus_dir: Path) -> str | None:
    """The agreement section of corpus/GUIDELINES.md (the level-2 section whose heading names
    agreement, with its subsections), verbatim with headings turned into bold lines so that it
    sits inside the card's structure; None when it holds no measured values yet."""
    path = corpus_dir / "GUIDELINES.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    for sec in re.split(r"(?m)^(?=## )", text):
        head, _, body = sec.partition("\n")
        if head.startswith("## ") and re.search(r"agreement", head, re.I) \
                and re.search(r"(?m)^\|.*\d", body):
            return re.sub(r"(?m)^#{3,6} (.+)$", r"**\1**", body.strip())
    return None


def reuse_note(docs: list[Document]) -> str:
    if any(d.reuse.derived_from for d in docs):
        return ("Each document row says which earlier documents it takes text from and how much "
                "(`derived_from`, `reuse_share`, `reuse_class`).")
    return ("The passage alignment is not part of this version: `derived_from` is empty, "
            "`reuse_share` 0 and `reuse_class` `non_derived` for every document, which says "
            "nothing about reuse; `quote_cluster` and `statistic_id` already link the shared "
            "quotations and statistics.")


def reuse_method(built: dict[str, BuiltConfig]) -> dict | None:
    """The parameters in force and the passage counts, for the text-reuse paragraph."""
    if "alignments" not in built:
        return None
    from .align import AlignParams

    p = AlignParams()
    rows = built["alignments"].rows
    return {"min_shared": p.shingle + p.winnow_window - 1, "shingle": p.shingle,
            "min_match": p.min_match, "max_gap": p.max_gap, "passages": len(rows),
            "verbatim": sum(r["kind"] == "verbatim" for r in rows),
            "wholly": f"{p.wholly_derived:.2f}", "partially": f"{p.partially_derived:.2f}",
            "source_min": f"{p.source_min_share:.2f}"}


def _pairs(counter: Counter) -> list[tuple[str, int]]:
    return [(k, n) for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _unknown_metadata(docs: list[Document]) -> dict:
    """What the sources leave unknown, counted from the data rather than typed."""
    return {"no_outlet": sum(d.metadata.values["outlet"] is None for d in docs),
            "coarse_dates": sum(d.metadata.values["date_precision"] != "day" for d in docs)}


def _what(d: Document) -> dict:
    v = d.metadata.values
    return {"outlet_type": v["outlet_type"], "outlet": v["outlet"], "date": v["date"]}


def _reuse_cell(d: Document) -> str:
    """The class, then each source in `derived_from` with that source's own share."""
    if not d.reuse.derived_from:
        return d.reuse.reuse_class
    shares = dict(d.reuse.source_shares)
    parts = [f"{shares.get(s, d.reuse.share):.0%} from `{s}`" for s in d.reuse.derived_from]
    return f"{d.reuse.reuse_class}: {', '.join(parts)} ({d.reuse.share:.0%} from all sources)"


def documents_rows(docs: list[Document], words: dict[str, int]) -> list[dict]:
    """`words`: each document's published word_count (the documents config's rows)."""
    out = []
    for d in sorted(docs, key=lambda d: (d.date or "", d.published_time or "", d.id)):
        v = d.metadata.values
        out.append({"id": d.id, "date": v["date"] or "unknown", "precision": v["date_precision"] or "-",
                    "force": v["force"] or "unknown", "outlet": v["outlet"] or "unknown",
                    "outlet_type": v["outlet_type"], "words": words[d.id],
                    "quotes": len(d.quotes), "figures": len(d.figures), "reuse": _reuse_cell(d)})
    return out


def reuse_links(docs: list[Document]) -> list[dict]:
    by_id = {d.id: d for d in docs}
    out = []
    for d in sorted(docs, key=lambda d: (d.date or "", d.published_time or "", d.id)):
        shares = dict(d.reuse.source_shares)
        for s in d.reuse.derived_from:
            out.append({"target": d.id, "target_doc": _what(d), "source": s,
                        "source_doc": _what(by_id[s]) if s in by_id else None,
                        "share": f"{shares.get(s, d.reuse.share):.0%}",
                        "total": f"{d.reuse.share:.0%}"})
    return out


def _groups(docs: list[Document], layer: str, key: str) -> dict:
    members = [(d.id, getattr(r, key)) for d in docs for r in getattr(d, layer) if getattr(r, key)]
    return {"groups": len({k for _, k in members}), "members": len(members),
            "docs": len({d for d, _ in members})}


def external_sources(docs: list[Document]) -> list[dict]:
    out = []
    for d in docs:
        ev = {e.field: e for e in d.metadata.evidence}
        if ev.get("url") and ev["url"].provenance == "external":
            out.append({"id": d.id, "outlet": d.metadata.values["outlet"] or "outlet unknown",
                        "url": d.metadata.values["url"]})
    return out


def producers(docs: list[Document]) -> str:
    press = sorted({d.metadata.values["outlet"] or d.metadata.values["force"] or "unknown"
                    for d in docs if d.metadata.values["outlet_type"] == "police_press_office"})
    papers = sorted({d.metadata.values["outlet"] for d in docs
                     if d.metadata.values["outlet_type"] == "newspaper" and d.metadata.values["outlet"]})
    unknown = sum(d.metadata.values["outlet_type"] not in ("police_press_office", "newspaper")
                  for d in docs)
    return _render("producers.md.j2", press=press, papers=papers, unknown=unknown).strip()


def load_changelog(corpus_dir: Path, docs: list[Document]) -> list[dict]:
    """corpus/CHANGELOG.yaml, schema-checked; a renamed id must be gone and its new id present."""
    from .corpus import read_yaml
    from .errors import CorpusErrors
    from .schemas import schema_errors

    path = corpus_dir / CHANGELOG
    data = read_yaml(path)
    errors = schema_errors(data, "changelog", str(path))
    if errors:
        raise CorpusErrors(errors)
    ids = {d.id for d in docs}
    for v in data["versions"]:
        for c in v["id_changes"]:
            if c["new"] not in ids or c["old"] in ids:
                raise CorpusError(str(path), f"id change {c['old']!r} -> {c['new']!r} does not "
                                  "match the register (the new id must exist, the old one must not)",
                                  v["version"], "id_changes")
    return data["versions"]


def identifying_details(corpus_dir: Path, docs: list[Document]) -> dict | None:
    """corpus/identifying_details.yaml with every detail re-read from the clean text."""
    from .anchors import AnchorError, resolve
    from .corpus import read_yaml
    from .errors import CorpusErrors
    from .schemas import schema_errors

    path = corpus_dir / IDENTIFYING
    if not path.is_file():
        return None
    data = read_yaml(path)
    errors = schema_errors(data, "identifying-details", str(path))
    if errors:
        raise CorpusErrors(errors)
    texts = {d.id: d.text for d in docs}
    for entry in data["documents"]:
        if entry["doc_id"] not in texts:
            continue  # a removed text: nothing of it is published
        for item in entry["details"]:
            try:
                resolve(texts[entry["doc_id"]], item["anchor"])
            except AnchorError as exc:
                raise CorpusError(str(path), str(exc), entry["doc_id"], item["what"]) from None
        return {"doc": entry["doc_id"], "person": entry["person"],
                "items": [f"{i['what']}: “{i['anchor']}”" for i in entry["details"]]}
    return None


def second_pass_docs(corpus_dir: Path, docs: list[Document]) -> list[str]:
    folder = corpus_dir / "second_pass"
    return [d.id for d in docs if (folder / f"{d.id}.yaml").is_file()]


def load_snippet(config: str = "quotes") -> str:
    """Three lines a researcher runs; the README shows the same lines (and a test runs them)."""
    return (f'from datasets import load_dataset\n'
            f'quotes = load_dataset("dist/polit-corpus", "{config}", split="train")  # or the Hub repo id\n'
            f'print(quotes[0]["speaker_name"], quotes[0]["text"])')


def card_context(built: dict[str, BuiltConfig], folder: Path, docs: list[Document],
                 corpus_dir: Path) -> dict:
    """Everything the card template shows, prepared from the data; no prose here."""
    from .records import SPLIT

    data = card_data(built, folder, docs)
    infos = {i["config_name"]: i for i in data.to_dict()["dataset_info"]}
    quotes = [q for d in docs for q in d.quotes]
    figures = [f for d in docs for f in d.figures]
    speakers = built["speakers"].rows
    counts = _corpus_counts(docs)
    return {
        **counts,
        "yaml": data.to_yaml(),
        "pretty_name": PRETTY_NAME,
        "summary": summary(docs),
        "reuse_links": reuse_links(docs),
        "clusters": _groups(docs, "quotes", "quote_cluster"),
        "statistics": _groups(docs, "figures", "statistic_id"),
        "reuse_note": reuse_note(docs),
        "documents": documents_rows(docs, {r["id"]: r["word_count"]
                                           for r in built["documents"].rows}),
        "language_details": data.language_details,
        "annotation_license": ANNOTATION_LICENSE,
        "annotation_license_url": ANNOTATION_LICENSE_URL,
        "version": __version__,
        "changelog": load_changelog(corpus_dir, docs),
        "quote_types": _pairs(Counter(q.type for q in quotes)),
        "approximations": _pairs(Counter(f.approximation for f in figures)),
        "load_snippet": load_snippet(),
        "configs": list(built),
        "split": SPLIT,
        "structure": [{"name": name, "title": load_schema(cfg.schema)["title"], "rows": len(cfg.rows),
                       "example": json.dumps(example_row(cfg), indent=2, ensure_ascii=False)}
                      for name, cfg in built.items()],
        "truncate": TRUNCATE, "list_items": LIST_ITEMS,
        "fields": [{"name": name, "schema": cfg.schema, "rows": field_rows(cfg.schema)}
                   for name, cfg in built.items()],
        "splits": [{"name": name, "rows": infos[name]["splits"][0]["num_examples"],
                    "bytes": infos[name]["splits"][0]["num_bytes"],
                    "file_bytes": infos[name]["download_size"]} for name in built],
        "external": external_sources(docs),
        "producers": producers(docs),
        "people": [f"{s['name']} ({', '.join(x for x in (s['role'], s['organisation']) if x)})"
                   for s in speakers if s["kind"] == "person" and not s["name"].startswith("an ")],
        "n_speakers": len(speakers),
        "speaker_kinds": _pairs(Counter(s["kind"] for s in speakers)),
        "agreement": agreement_section(corpus_dir),
        "reuse": reuse_method(built),
        "annotators": _annotators(corpus_dir, docs),
        "offender": identifying_details(corpus_dir, docs),
        "first_year": (counts["first_date"] or "unknown")[:4],
        "last_year": (counts["last_date"] or "unknown")[:4],
        "unknown": _unknown_metadata(docs),
        "datasheet": DATASHEET,
        "citation": citation(docs),
    }


def _annotators(corpus_dir: Path, docs: list[Document]) -> str:
    """The annotator list (worded in templates/annotators.md.j2) for the documents at hand."""
    blind = second_pass_docs(corpus_dir, docs)
    added = [d.id for d in docs if d.id not in blind]
    return _render("annotators.md.j2", blind=blind, added=added, n_docs=len(docs)).strip()


def render(built: dict[str, BuiltConfig], folder: Path, docs: list[Document],
           corpus_dir: Path) -> DatasetCard:
    return DatasetCard(_render("card.md.j2", **card_context(built, folder, docs, corpus_dir)))


def write_card(folder: Path, built: dict[str, BuiltConfig], docs: list[Document],
               corpus_dir: Path) -> Path:
    path = folder / FILE
    path.write_text(str(render(built, folder, docs, corpus_dir)).rstrip("\n") + "\n",
                    encoding="utf-8")
    return path


# ---- offline check -----------------------------------------------------------------------

def _resource(name: str):
    return json.loads(resources.files("datasets.utils.resources").joinpath(name).read_text("utf-8"))


def accepted_values() -> dict[str, set[str]]:
    """The lists the installed `datasets` ships. It ships no licence list and no task-id list
    (datasets.utils.metadata.known_task_ids has categories only, each with an empty id list)."""
    from datasets.utils.metadata import known_task_ids

    creators = _resource("creators.json")
    return {
        "annotations_creators": set(creators["annotations"]),
        "language_creators": set(creators["language"]),
        "multilinguality": set(_resource("multilingualities.json")),
        "size_categories": set(_resource("size_categories.json")),
        "language": set(_resource("languages.json")),
        "task_categories": set(known_task_ids),
        "task_ids": {t for ids in known_task_ids.values() for t in ids},
        # DatasetCardData's documented options for source_datasets.
        "source_datasets": {"original", "extended"},
    }


def template_sections() -> list[str]:
    """Headings of the dataset-card template shipped with huggingface_hub that are not marked
    [optional]."""
    text = resources.files("huggingface_hub.templates").joinpath(
        "datasetcard_template.md").read_text("utf-8")
    heads = re.findall(r"(?m)^#{2,4} (.+)$", text)
    return [h.strip() for h in heads if "[optional]" not in h]


def check_card(folder: Path) -> list[str]:
    """Problems with the built card, checked offline; an empty list means the card is good."""
    problems: list[str] = []
    path = folder / FILE
    try:
        card = DatasetCard.load(path)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a card problem to report
        return [f"{path}: cannot be read as a dataset card: {exc}"]
    meta = card.data.to_dict()
    for key, allowed in accepted_values().items():
        values = meta.get(key)
        if values is None:
            if key != "task_ids":
                problems.append(f"{FILE}: metadata {key} is missing")
            continue
        for v in [values] if isinstance(values, str) else values:
            base = v.split("|")[0] if key == "source_datasets" else v
            if base not in allowed:
                problems.append(f"{FILE}: metadata {key}: {v!r} is not an accepted value")
    if meta.get("license") == "other":
        if not meta.get("license_name") or not meta.get("license_link"):
            problems.append(f"{FILE}: license 'other' needs license_name and license_link")
        elif not (folder / meta["license_link"]).is_file():
            problems.append(f"{FILE}: license_link {meta['license_link']!r} is not in the folder")
    for key in ("pretty_name", "license"):
        if not meta.get(key):
            problems.append(f"{FILE}: metadata {key} is missing")
    try:
        configs = MetadataConfigs.from_dataset_card_data(card.data)
        default = configs.get_default_config_name()
    except (ValueError, TypeError) as exc:
        return problems + [f"{FILE}: configs: {exc}"]
    if default is None:
        problems.append(f"{FILE}: configs: no default config")
    infos = DatasetInfosDict.from_dataset_card_data(card.data)
    for name, cfg in configs.items():
        for df in cfg.get("data_files", []):
            for rel in [df["path"]] if isinstance(df["path"], str) else df["path"]:
                file = folder / rel
                if not file.is_file():
                    problems.append(f"{FILE}: config {name}: data file {rel} is missing")
                    continue
                table = pq.read_table(file)
                info = infos.get(name)
                if info is None:
                    problems.append(f"{FILE}: config {name}: no dataset_info")
                    continue
                if info.features != datasets.Features.from_arrow_schema(table.schema):
                    problems.append(f"{FILE}: config {name}: dataset_info features differ from "
                                    f"the features stored in {rel}")
                split = info.splits.get(df["split"]) if info.splits else None
                if split is None or split.num_examples != table.num_rows:
                    problems.append(f"{FILE}: config {name}: num_examples differs from the "
                                    f"{table.num_rows} rows of {rel}")
    headings = re.findall(r"(?m)^#{2,4} (.+)$", card.text)
    for section in template_sections():
        if section not in headings:
            problems.append(f"{FILE}: section {section!r} of the dataset-card template is missing")
    return problems
