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
import pyarrow.parquet as pq
from datasets.info import DatasetInfo, DatasetInfosDict
from datasets.splits import SplitDict, SplitInfo
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCard, DatasetCardData

from . import __version__
from .features import feature_type, schema_fields
from .schemas import load_schema

if TYPE_CHECKING:
    from .corpus import Document
    from .records import BuiltConfig

FILE = "README.md"
DATASHEET = "DATASHEET.md"
PRETTY_NAME = "POLIT news: quotations, figures and syndication in police child-protection stories"
NAME = "polit-corpus"
TAGS = ["quotation-attribution", "numerical-reasoning", "text-reuse", "churnalism", "news",
        "police", "span-annotation"]
# The annotations are ours to licence; the source texts are not (see Licensing in the card).
ANNOTATION_LICENSE = "CC BY 4.0"
ANNOTATION_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "polit-corpus-mixed"
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
        license_link=DATASHEET,
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
        "license": [ANNOTATION_LICENSE_URL,
                    "Source texts: third-party copyright, not cleared by the publishers of this "
                    "dataset; see DATASHEET.md (Distribution)."],
        "citation": citation(),
        "language": _languages(docs)[1],
        "keywords": TAGS,
    }


def citation() -> str:
    return ("@misc{polit_corpus,\n"
            f"  title  = {{{{{PRETTY_NAME}}}}},\n"
            "  author = {{polit-corpus contributors}},\n"
            f"  note   = {{Version {__version__}. Gold quotation and figure spans over five "
            "police and news texts}\n}")


def summary(docs: list[Document]) -> str:
    forces = sorted({d.metadata.values["force"] for d in docs if d.metadata.values["force"]})
    nq = sum(len(d.quotes) for d in docs)
    nf = sum(len(d.figures) for d in docs)
    return (f"{len(docs)} English news texts about police online child-protection teams (POLIT) of "
            f"{' and '.join(forces)}: a police press release, the newspaper copies that "
            "syndicated it, an earlier release whose quotations it recycles, and a story from "
            f"another force. Every text is kept verbatim and cleaned losslessly; {nq} quotations "
            f"(with cue, source and speaker) and {nf} numeric figures (with normalised values, "
            "units, categories and reporting periods) are gold span annotations with character "
            "offsets into the clean text and into the raw file.")


# ---- rendering helpers -------------------------------------------------------------------

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


def fields_table(schema: str) -> str:
    lines = ["| field | type | null | description |", "|---|---|---|---|"]
    for path, feature, description, nullable in schema_fields(schema):
        lines.append(f"| `{path}` | {_md(feature_type(feature))} | {'yes' if nullable else ''} | "
                     f"{_md(description)} |")
    return "\n".join(lines)


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


def reuse_method(built: dict[str, BuiltConfig]) -> str:
    """How the `alignments` rows and the reuse columns were made, with the parameters in force."""
    if "alignments" not in built:
        return ""
    from .align import AlignParams

    p = AlignParams()
    rows = built["alignments"].rows
    verbatim = sum(r["kind"] == "verbatim" for r in rows)
    return f"""#### Text reuse (the `alignments` config and the reuse columns)

Machine-made, not hand-annotated, and deterministic. Each document is aligned with every earlier
one that shares a run of at least {p.shingle + p.winnow_window - 1} tokens (candidates from a
winnowed {p.shingle}-token shingle index, so a large collection is never compared all-pairs).
Passages come from Greedy String Tiling over normalised tokens (case, quote style and punctuation
ignored) with a minimum match of {p.min_match} tokens; tiles at most {p.max_gap} tokens apart are
merged into one `rewritten` passage and extended by short common runs, so "Det Insp" against
"Detective Inspector" stays inside one passage. A passage never crosses a paragraph break.
`verbatim` passages are identical after normalisation (similarity 1.0); `rewritten` ones carry a
token Dice similarity. This build has {len(rows)} passages ({verbatim} verbatim,
{len(rows) - verbatim} rewritten).

`reuse_share` is the share of a document's non-whitespace characters, outside its boilerplate
advice paragraphs, covered by passages from earlier documents; `reuse_class` is `wholly_derived`
from {p.wholly_derived:.2f}, `partially_derived` from {p.partially_derived:.2f}, else
`non_derived`; `derived_from` lists the sources that explain at least {p.source_min_share:.2f} of
the document beyond what larger sources already explain. The aligner was checked against
hand-verified passages (the copies of the 31 January 2020 release, and the quotations the 2019
release shares with it): every expected passage is recovered for at least 90% of its length.
Paraphrase without shared wording (the EADT's first paragraphs) is not detected.
"""


def _counts(counter: Counter) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _unknown_metadata(docs: list[Document]) -> str:
    """What the sources leave unknown, counted from the data rather than typed."""
    no_outlet = sum(d.metadata.values["outlet"] is None for d in docs)
    inferred = sum(d.metadata.values["date_precision"] != "day" for d in docs)
    return (f"{no_outlet} of the {len(docs)} outlets are not stated by their sources, and "
            f"{inferred} date{'s are' if inferred != 1 else ' is'} known only to the year")


def _reuse_cell(d: Document) -> str:
    if not d.reuse.derived_from:
        return d.reuse.reuse_class
    return (f"{d.reuse.reuse_class}, {d.reuse.share:.0%} from "
            + ", ".join(f"`{s}`" for s in d.reuse.derived_from))


def documents_table(docs: list[Document]) -> str:
    lines = ["| id | date | force | outlet | outlet type | words | quotes | figures | reuse |",
             "|---|---|---|---|---|---|---|---|---|"]
    for d in sorted(docs, key=lambda d: (d.date or "", d.published_time or "", d.id)):
        v = d.metadata.values
        lines.append(f"| `{d.id}` | {v['date'] or 'unknown'} ({v['date_precision'] or '-'}) | "
                     f"{v['force'] or 'unknown'} | {v['outlet'] or 'not stated'} | "
                     f"{v['outlet_type']} | {len(d.text.split())} | {len(d.quotes)} | "
                     f"{len(d.figures)} | {_reuse_cell(d)} |")
    return "\n".join(lines)


def load_snippet(config: str = "quotes") -> str:
    """Three lines a researcher runs; the README shows the same lines (and a test runs them)."""
    return (f'from datasets import load_dataset\n'
            f'quotes = load_dataset("dist/polit-corpus", "{config}", split="train")  # or the Hub repo id\n'
            f'print(quotes[0]["speaker_name"], quotes[0]["text"])')


def render(built: dict[str, BuiltConfig], folder: Path, docs: list[Document],
           corpus_dir: Path) -> DatasetCard:
    from .records import SPLIT

    data = card_data(built, folder, docs)
    quotes = [q for d in docs for q in d.quotes]
    figures = [f for d in docs for f in d.figures]
    speakers = built["speakers"].rows
    agreement = agreement_section(corpus_dir)
    infos = {i["config_name"]: i for i in data.to_dict()["dataset_info"]}

    structure = []
    for name, cfg in built.items():
        title = load_schema(cfg.schema)["title"]
        structure.append(
            f"#### `{name}`\n\n{title}. {len(cfg.rows)} rows.\n\n"
            "An example row (strings cut at "
            f"{TRUNCATE} characters, lists at {LIST_ITEMS} items):\n\n"
            f"```json\n{json.dumps(example_row(cfg), indent=2, ensure_ascii=False)}\n```\n")
    fields = []
    for name, cfg in built.items():
        fields.append(f"#### `{name}` (schema `schema/{cfg.schema}.schema.json`)\n\n"
                      f"{fields_table(cfg.schema)}\n")
    splits = ["| config | split | rows | bytes in memory (Arrow) | Parquet file bytes |",
              "|---|---|---|---|---|"]
    for name in built:
        s = infos[name]["splits"][0]
        splits.append(f"| `{name}` | {SPLIT} | {s['num_examples']} | {s['num_bytes']} | "
                      f"{infos[name]['download_size']} |")

    if agreement:
        agreement_text = ("Inter-annotator agreement, as recorded in `corpus/GUIDELINES.md`:\n\n"
                          + agreement)
    else:
        agreement_text = ("No inter-annotator agreement figures are published yet: the agreement "
                          "section of `corpus/GUIDELINES.md` holds no measured values at this "
                          "version, so none are given here.")

    text = f"""---
{data.to_yaml()}
---

# Dataset Card for {PRETTY_NAME}

## Dataset Details

### Dataset Description

{summary(docs)}

The texts show how one police press release travels: the Essex Police release of 31 January 2020
was copied within hours by a regional newspaper and rewritten days later by another, and it
reuses whole quotations from an Essex release of 2019. {reuse_note(docs)}

{documents_table(docs)}

- **Curated by:** the polit-corpus maintainers (see Dataset Card Contact).
- **Language(s) (NLP):** English ({data.language_details}).
- **License:** annotations {ANNOTATION_LICENSE}; the source texts are third-party works whose
  copyright is not cleared by us (see [Licensing](#licensing)).
- **Version:** {__version__}

### Supported Tasks

- **Quotation attribution** (span extraction and linking): find direct, indirect and fragment
  quotations, their cue verbs, their source mentions, and resolve each to a speaker entity
  ({len(quotes)} quotations; {_counts(Counter(q.type for q in quotes))}).
- **Numeric expression tagging and normalisation**: find every quantity and give its value,
  bounds, approximation, unit, category and reporting period
  ({len(figures)} figures; {_counts(Counter(f.approximation for f in figures))}).
- **Cross-document consistency and text reuse**: `quote_cluster` and `statistic_id` link the same
  quotation or statistic across documents; `derived_from` and `reuse_share` measure copying.

With {len(docs)} documents this is an evaluation and teaching set, not a training set. There is
no leaderboard.

### Languages

English as written in British regional news and police press offices ({data.language_details}):
British spelling, newspaper house style (capitalised first words, "Det Insp"), and the fixed
advice paragraphs that police releases append.

## Uses

### Direct Use

Evaluating quotation-attribution and number-normalisation systems on short news texts; studying
how a press release is syndicated ("churnalism") and how its figures and quotations change on the
way; teaching source criticism with real, small, fully annotated examples.

Load one config with `datasets` (here from the built folder; on the Hub, use the repo id):

```python
{load_snippet()}
```

Configs: {", ".join(f"`{n}`" for n in built)}; `{next(iter(built))}` is the default.
All offsets are 0-based, end-exclusive Python code-point offsets into the document's clean
`text`; `raw_start`/`raw_end` point into the decoded raw source file.

### Out-of-Scope Use

- Training models to generate or find material about child sexual abuse, or profiling the people
  the texts mention. The texts report crimes against children.
- Drawing conclusions about police performance or crime rates: the figures are as the texts state
  them, not verified statistics, and five texts from two forces represent nothing beyond
  themselves.
- Any use that republishes the full source texts commercially: their copyright is not ours (see
  [Licensing](#licensing)).

## Dataset Structure

One split (`{SPLIT}`) per config. The `documents` config nests each document's quotations and
figures; `quotes`, `figures` and `speakers` are the same spans and entities as flat tables.
Class-label fields are stored as integers; their names are in the features (and below).

### Data Instances

{chr(10).join(structure)}
### Data Fields

Types are the Hugging Face features (`int32` offsets, `float64` values, class labels for closed
lists); descriptions come from the JSON Schemas in `schema/`, the project's single definition of
every record. Nested fields are written with dots.

{chr(10).join(fields)}
### Data Splits

{chr(10).join(splits)}

There is no train/test division: the corpus is too small for one; use it whole for evaluation,
or split by document (not by span) if you must, because copies of the same quotation appear in
several documents.

## Dataset Creation

### Curation Rationale

The set was chosen to show one news event in all its versions: a police release, two newspaper
copies, the earlier release it recycles, and a comparable story from a second force (Cleveland)
whose own expansion of the acronym POLIT differs. That makes quotation reuse and figure drift
visible in a handful of texts that a person can read in full.

### Source Data

#### Data Collection and Processing

The five source files are kept byte for byte (`raw_file`, `raw_sha256`). Each is decoded as
strict UTF-8 and normalised to NFC (quotation marks unchanged). Cleaning removes and records date
markers, YAML front matter, site chrome, publication lines, picture credits, bullet markers and
stray whitespace, and rejoins a sentence broken across a blank line; every removed piece is kept
(`removed`) and an offset map (`offset_map`) leads every clean character back to the raw file, so
the raw file can be rebuilt exactly. Metadata values (date, force, outlet, URL, headline) carry
their provenance and the exact evidence string (`metadata_evidence`); unknown values are null
with the reason.

#### Who are the source data producers?

Police press offices (Essex Police, Cleveland Police) and regional newspaper journalists. The
individual writers are not named in the texts and are unknown to us. The people quoted are police
officers and a council safeguarding manager speaking in their official roles.

### Annotations

#### Annotation process

Annotations are hand-written standoff files (`corpus/annotations/<doc>.yaml`), one per document,
following `corpus/GUIDELINES.md`. Nobody types an offset: each span is written as its exact text,
with context or an occurrence number when the text recurs, and the build resolves it to offsets;
an anchor that matches nothing or more than one place is an error, so a change to cleaning can
move spans but never silently re-target them. Annotation is exhaustive and checked: every
quotation mark must bound a quotation or be a listed exception with a reason, and every digit run
and number word must lie in a figure or a listed exception (dates, years, ordinals, idioms...).
Figure values are re-read from the span text and must agree. Every span's text equals the clean
text at its offsets and the raw text at its raw offsets; the build refuses to write otherwise.
Speakers ({len(speakers)} entities; {_counts(Counter(s['kind'] for s in speakers))}) are listed
with their aliases.

{agreement_text}

{reuse_method(built)}
#### Who are the annotators?

Both passes were made by AI language-model agents working as the project's developers, from
the written guidelines{
" (a first pass, and an independent second pass by a separate agent session that saw only"
" the guidelines, the schemas and the clean texts)" if agreement else ""}.
No human annotator has reviewed every span yet; the spans are machine-checked (anchors,
values, exhaustive coverage) but not human-verified. Please report any error you find.

#### Personal and Sensitive Information

The texts name police officers and one council manager in their official, public roles, as the
original publications did. One text (`guardian-series-2019`) describes an unnamed convicted offender
by age and home town, as the police release did; nothing else identifies him here, and no attempt
should be made to. No victim is named or described individually. The texts contain no contact
details other than public helpline web addresses.

## Bias, Risks, and Limitations

### Content warning

The texts report child sexual abuse and the investigation of indecent images of children. They
do so in the general terms of police press releases, without explicit detail.

### Limitations

- {len(docs)} documents, {len({d.metadata.values["force"] for d in docs})} police forces, one
  country, {min(d.date for d in docs if d.date)[:4]} to {max(d.date for d in docs if d.date)[:4]}:
  the corpus is a case study.
- The framing is that of police communications and the papers that copied them; there is no
  defence, victim or independent voice, and the figures are as stated, unaudited.
- {_unknown_metadata(docs)} (see `metadata_evidence`).
- {"The gold annotations were compared with an independent second pass and the disagreements "
   "adjudicated (see Annotation process); judgement errors can remain." if agreement else
   "The gold annotations are a single pass; judgement errors can remain."}

### Recommendations

Split by document, not by span; report results per document; treat the figures as claims made by
the texts, not as facts about policing.

## Licensing

`license: other` in the metadata, because the dataset mixes two kinds of material:

- **Annotations, metadata, offsets and code-derived fields** are released by the polit-corpus
  maintainers under {ANNOTATION_LICENSE} ({ANNOTATION_LICENSE_URL}).
- **The source texts** (`text`, the span `text` fields and removed pieces) are police press
  releases and newspaper articles written by third parties. Their copyright belongs to their
  authors and publishers; it has not been cleared by us and no licence is granted for them. They
  are included for research and teaching on the texts themselves. Rights holders who object can
  ask for removal through the issue tracker.

`{DATASHEET}` (in this folder) answers the Datasheets for Datasets questions in full, including
distribution and maintenance.

## Citation

**BibTeX:**

```bibtex
{citation()}
```

## Dataset Card Authors

The polit-corpus maintainers. This card is generated by `polit-corpus build` from the data and
the JSON Schemas; edit the generator, not the card.

## Dataset Card Contact

Open a discussion in this dataset's Community tab on the Hugging Face Hub (or an issue in the
source repository, where you have it) to report an error in a text, a span or a value, or to ask
for a text to be removed. The project has no other contact address yet.
"""
    return DatasetCard(text)


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
