"""The dossier as open data: ``data/`` in the web site, a Frictionless Data Package.

Entities, articles, mentions (which entity, in which article, in which
paragraph), events and quotations, each as CSV (for spreadsheets) and JSON (for
programs), described by ``datapackage.json`` (fields, types, keys) so that a
reader can check and load them with any Data Package tool.  Written when the
web site is built, from the domain's data, rows sorted: the same dossier gives
the same bytes.  The ``{dataset}`` directive links the files.
"""

from __future__ import annotations

import csv
import filecmp
import json
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from dossier.store.domain import get_domain
from dossier.store.mention_view import view
from dossier.web.web_only import web_only

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from dossier.store.domain import Quote

DATA_DIR = "data"
PACKAGE = "datapackage.json"
LIST_SEPARATOR = "|"  # between the items of a list in a CSV cell
# What we wrote may be reused under the project's licence; the articles' words
# (titles, quotation excerpts) stay their authors' and publishers'.
OUR_LICENCE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/license/mit"}
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class Field(NamedTuple):
    name: str
    type: str  # a Table Schema type; "list" is a list of strings
    description: str
    constraints: dict | None = None


class Table(NamedTuple):
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, table, its field)
    ours: bool = True  # written by the editors (else it holds the articles' words)


ENTITY = Field("entity", "string", "The entity's id in the registry (entities.id).")
ARTICLE = Field("article", "string", "The article's id (articles.id).")
PARAGRAPH = Field("paragraph", "string", "The paragraph's anchor on the article's page (p1, p2…).")
ADDRESS = Field("page", "string", "The page's address, relative to the site's root.")
DATE = Field(
    "date",
    "string",
    "ISO 8601 at the precision the text allows: YYYY, YYYY-MM or YYYY-MM-DD.",
    {"pattern": PARTIAL_DATE},
)
INFERRED = Field("inferred", "boolean", "Whether the date is inferred from context.")
ORDER = Field("order", "integer", "Position among the article's markers of this kind.")

TABLES = (
    Table(
        "entities",
        "Entities",
        "Every person, organization, outlet, place, work and term of the registry.",
        (
            Field("id", "string", "Unique id.", {"required": True, "unique": True}),
            Field(
                "kind",
                "string",
                "What it is.",
                {"enum": ["person", "organization", "outlet", "place", "work", "term"]},
            ),
            Field("name", "string", "Display name."),
            Field("sort", "string", "Where it sorts in A–Z listings."),
            Field("aliases", "list", "Other spellings the articles use."),
            Field("description", "string", "What the articles report of it, written by us."),
            Field("same_as", "list", "The same entity elsewhere (Wikidata, Wikipedia)."),
            Field("mentions", "integer", "How often the articles name it, in all."),
            ADDRESS,
        ),
        ("id",),
    ),
    Table(
        "articles",
        "Articles",
        "Every article: the title is the publisher's, the summary ours.",
        (
            Field("id", "string", "Unique id (the page's name).", {"required": True}),
            Field("title", "string", "Title as published."),
            DATE._replace(description="Publication date, at the precision the source gives."),
            Field("summary", "string", "One neutral sentence on what it says, written by us."),
            Field("tags", "list", "Tags."),
            Field("authors", "list", "Authors as the source names them."),
            Field("publisher", "string", "Publisher as the source names it."),
            Field("original_url", "string", "Address of the original, when known."),
            Field("source", "string", "Where the text was copied from."),
            Field("reading_minutes", "integer", "Reading time."),
            ADDRESS,
        ),
        ("id",),
        ours=False,
    ),
    Table(
        "mentions",
        "Mentions",
        "Each paragraph of an article that names an entity.",
        (ENTITY, ARTICLE, PARAGRAPH),
        ("entity", "article", "paragraph"),
        (("entity", "entities", "id"), ("article", "articles", "id")),
    ),
    Table(
        "events",
        "Events",
        "Dated events marked in the articles, with the paragraph that reports each.",
        (
            ARTICLE,
            ORDER,
            DATE,
            INFERRED,
            Field("label", "string", "A short neutral label, written by us."),
            Field("entities", "list", "The entities that take part (entities.id)."),
            PARAGRAPH,
        ),
        ("article", "order"),
        (("article", "articles", "id"),),
    ),
    Table(
        "quotations",
        "Quotations",
        "Direct quotations marked in the articles: the words are the article's.",
        (
            ARTICLE,
            ORDER,
            Field("speaker", "string", "Who is quoted (entities.id)."),
            DATE._replace(description=DATE.description + " Empty when the article gives none."),
            INFERRED,
            Field("venue", "string", "Where or to whom it was said, when the article says."),
            Field("excerpt", "string", "The quotation's opening and closing words."),
            PARAGRAPH,
        ),
        ("article", "order"),
        (("article", "articles", "id"), ("speaker", "entities", "id")),
        ours=False,
    ),
)


def _slug(docname: str) -> str:
    return docname.rpartition("/")[2]


def _para_number(anchor: str) -> int:
    return int(anchor[1:]) if anchor[1:].isdigit() else 0


def _mention_rows(mentions: dict, docnames: list[str]) -> Iterator[tuple]:
    """The mentions table, article by article: a million rows at 10,000 articles,
    never all in memory at once."""
    for docname in docnames:
        found = mentions.get(docname)
        if found is None:
            continue
        slug = _slug(docname)
        here = [(entity_id, slug, para) for para, ids in found.paragraphs for entity_id in ids]
        yield from sorted(here, key=lambda r: (_para_number(r[2]), r[0]))


def rows(app: Sphinx) -> dict[str, Iterable[tuple]]:
    """Each table's rows, sorted, from the domain's and the registry's data."""
    env: BuildEnvironment = app.env
    domain = get_domain(env)
    builder = app.builder
    counts = view(env)
    entities = []
    for entity in sorted(env.dossier_registry.entities.values(), key=lambda e: e.id):
        target = domain.target(entity.id, prefer_glossary=False)
        page = builder.get_target_uri(target.docname) if target else ""
        entities.append(
            (
                entity.id,
                entity.kind,
                entity.name,
                entity.sort,
                entity.aliases,
                entity.description,
                entity.same_as,
                counts.count(entity.id),
                page,
            )
        )
    articles = [
        (
            _slug(a.docname),
            a.title,
            a.date,
            a.summary,
            a.tags,
            a.authors,
            a.publisher,
            a.url,
            a.source,
            a.minutes,
            builder.get_target_uri(a.docname),
        )
        for a in sorted(domain.articles.values(), key=lambda a: a.docname)
    ]
    known = {a.docname for a in domain.articles.values()}
    mentions = _mention_rows(domain.mentions, sorted(known, key=_slug))
    events = sorted(
        (
            (_slug(e.docname), e.order, e.date, e.inferred, e.label, e.entities, e.paragraph)
            for docname, found in domain.data["events"].items()
            if docname in known
            for e in found
        ),
        key=lambda r: (r[0], r[1]),
    )
    quotations = sorted(
        (
            _quotation_row(q)
            for docname, found in domain.data["quotes"].items()
            if docname in known
            for q in found
        ),
        key=lambda r: (r[0], r[1]),
    )
    return {
        "entities": entities,
        "articles": articles,
        "mentions": mentions,
        "events": events,
        "quotations": quotations,
    }


def _quotation_row(q: Quote) -> tuple:
    article = _slug(q.docname)
    return (article, q.order, q.speaker, q.date, q.inferred, q.venue, q.opening, q.paragraph)


def _csv_cell(value: Any) -> str:
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _schema(table: Table, fmt: str) -> dict[str, Any]:
    fields = []
    for field in table.fields:
        described: dict[str, Any] = {"name": field.name, "description": field.description}
        if field.type == "list":
            described["type"] = "array" if fmt == "json" else "string"
            if fmt == "csv":
                described["description"] += f" Items separated by '{LIST_SEPARATOR}'."
        else:
            described["type"] = field.type
        if field.constraints:
            described["constraints"] = field.constraints
        fields.append(described)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(table.primary_key)}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": name, "reference": {"resource": f"{other}-{fmt}", "fields": key}}
            for name, other, key in table.foreign_keys
        ]
    return schema


def package(app: Sphinx) -> dict[str, Any]:
    resources = []
    for table in TABLES:
        for fmt in ("csv", "json"):
            resource = {
                "name": f"{table.name}-{fmt}",
                "title": f"{table.title} ({fmt.upper()})",
                "description": table.description,
                "path": f"{table.name}.{fmt}",
                "format": fmt,
                "mediatype": "text/csv" if fmt == "csv" else "application/json",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": _schema(table, fmt),
            }
            if table.ours:
                resource["licenses"] = [OUR_LICENCE]
            resources.append(resource)
    described: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "press-dossier",
        "title": f"{app.config.project}: entities, articles, mentions, events, quotations",
        "description": (
            "The dossier's registry of entities and what the articles say of them. "
            "The registry, descriptions, summaries and event labels are written by the "
            "site's editors; article titles and quotation excerpts are the articles' "
            "own words and belong to their authors and publishers."
        ),
        "resources": resources,
    }
    if app.config.html_baseurl:
        described["homepage"] = app.config.html_baseurl
    return described


def _stale_mark(app: Sphinx) -> Path:
    """A file beside the environment while the data may be older than the documents.

    Made before Sphinx saves the environment and removed once the files are
    written, so a build that stops in between still writes them next time.
    """
    return Path(app.doctreedir) / "dossier-dataset.stale"


def _mark_stale(app: Sphinx) -> None:
    mark = _stale_mark(app)
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.touch()


def _document_purged(app: Sphinx, _env: BuildEnvironment, _docname: str) -> None:
    _mark_stale(app)


def _documents_to_read(app: Sphinx, _env: BuildEnvironment, docnames: list[str]) -> None:
    if docnames:
        _mark_stale(app)


def write_dataset(app: Sphinx, exception: Exception | None) -> None:
    """The web site only (an EPUB carries no data files); only when a document was
    read or removed since they were written (a no-change build costs nothing)."""
    if exception or app.builder.name != "html" or not app.config.dossier_data_files:
        return
    folder = Path(app.outdir) / DATA_DIR
    names = [PACKAGE] + [f"{t.name}.{fmt}" for t in TABLES for fmt in ("csv", "json")]
    described = json.dumps(package(app), ensure_ascii=False, indent=1) + "\n"
    mark = _stale_mark(app)
    if (
        not mark.exists()
        and all((folder / name).is_file() for name in names)
        and (folder / PACKAGE).read_text(encoding="utf-8") == described  # the configuration
    ):
        return
    folder.mkdir(exist_ok=True)
    _replace_if_changed(folder / PACKAGE, lambda out: out.write(described))
    found = rows(app)
    for table in TABLES:
        _write_table(folder, table, found[table.name])
    mark.unlink(missing_ok=True)


def _write_table(folder: Path, table: Table, found: Iterable[tuple]) -> None:
    """Both files of a table in one pass over its rows, streamed to disk."""
    csv_part = folder / f".{table.name}.csv.part"
    json_part = folder / f".{table.name}.json.part"
    names = [f.name for f in table.fields]
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with (
        csv_part.open("w", encoding="utf-8", newline="") as csv_out,
        json_part.open("w", encoding="utf-8") as json_out,
    ):
        writer = csv.writer(csv_out, lineterminator="\r\n")  # RFC 4180
        writer.writerow(names)
        json_out.write("[")
        separator = "\n"
        for row in found:
            writer.writerow([_csv_cell(v) for v in row])
            record = {
                n: list(v) if isinstance(v, tuple) else v for n, v in zip(names, row, strict=True)
            }
            json_out.write(separator + encode(record))
            separator = ",\n"
        json_out.write("]\n" if separator == "\n" else "\n]\n")
    for part in (csv_part, json_part):
        _keep_if_changed(part, folder / part.name[1:].removesuffix(".part"))


def _keep_if_changed(part: Path, path: Path) -> None:
    """``part`` becomes ``path`` unless it holds the same bytes (then its date stays)."""
    if path.is_file() and filecmp.cmp(part, path, shallow=False):
        part.unlink()
    else:
        os.replace(part, path)


def _replace_if_changed(path: Path, write: Callable[[IO[str]], object]) -> None:
    part = path.with_name(f".{path.name}.part")
    with part.open("w", encoding="utf-8") as out:
        write(out)
    _keep_if_changed(part, path)


class DatasetDirective(SphinxDirective):
    """``{dataset}``: links to the data package and its files (web pages only)."""

    def run(self) -> list[nodes.Node]:
        up = "../" * self.env.docname.count("/") + DATA_DIR + "/"
        listing = nodes.bullet_list(classes=["dossier-dataset"])
        item = nodes.paragraph()
        item += nodes.reference("", "datapackage.json", refuri=up + PACKAGE)
        item += nodes.Text(": the description of every file (a Frictionless Data Package)")
        listing += nodes.list_item("", item)
        for table in TABLES:
            item = nodes.paragraph()
            item += nodes.Text(f"{table.title}: ")
            item += nodes.reference("", f"{table.name}.csv", refuri=f"{up}{table.name}.csv")
            item += nodes.Text(", ")
            item += nodes.reference("", f"{table.name}.json", refuri=f"{up}{table.name}.json")
            item += nodes.Text(f" ({table.description[0].lower()}{table.description[1:-1]})")
            listing += nodes.list_item("", item)
        return [web_only(listing)]  # a book has no data folder


def setup(app: Sphinx) -> None:
    app.add_directive("dataset", DatasetDirective)
    # ``dossier serve`` sets it False: making the tables takes seconds at 10,000
    # articles, and a preview's edit must show in one; ``make html`` writes them.
    app.add_config_value("dossier_data_files", True, "", types=[bool])
    app.connect("env-purge-doc", _document_purged)
    app.connect("env-before-read-docs", _documents_to_read)
    app.connect("build-finished", write_dataset)
