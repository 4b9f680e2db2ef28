"""Articles: front-matter validation, the byline under the title, article lists.

Lists (the home page's cards, each tag's page, the archive by year) are
aggregates: filled when all articles are known, rewritten only when their
entries change.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging

from dossier.features import drafts
from dossier.sources import frontmatter
from dossier.sources.dates import format_date
from dossier.store import aggregates
from dossier.store.domain import Article, get_domain
from dossier.store.links import page_link
from dossier.web.descriptions import describe

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

WORDS_PER_MINUTE = 200
TAGS_DIR = "tags"


def is_article(env: BuildEnvironment, docname: str) -> bool:
    return docname.startswith(env.config.dossier_articles_dir.strip("/") + "/")


def tag_slug(tag: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "tag"


def reading_time(minutes: int) -> str:
    return f"{minutes} min read"


def _publisher_characters(app: Sphinx, doctree: nodes.document) -> None:
    """An article shows the characters its publisher wrote: raw HTML in it is
    shown as text, never run (``dossier check`` reports it too), and its title
    is the front matter's, which MyST would otherwise read as Markdown (a
    ``*`` or ``[...](...)`` in a title would vanish). Runs before Sphinx
    records the page's title (priority 400)."""
    if not is_article(app.env, app.env.docname):
        return
    title = frontmatter.read(app.env.doc2path(app.env.docname)).data.get("title")
    heading = next(iter(doctree.findall(nodes.title)), None)
    if isinstance(title, str) and heading is not None and heading.astext() != title:
        heading.children = []
        heading += nodes.Text(title)
    for raw in list(doctree.findall(nodes.raw)):
        text = nodes.Text(raw.astext())
        if isinstance(raw.parent, nodes.TextElement):
            raw.replace_self(text)
        else:
            raw.replace_self(nodes.paragraph(raw.rawsource, "", text))


def _record_article(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    if not is_article(env, docname):
        return
    path: Path = env.doc2path(docname)
    matter = frontmatter.read(path)
    for problem in matter.problems:
        logger.warning(
            "%s (fix: %s)",
            problem.message,
            problem.fix,
            type="dossier",
            subtype="frontmatter",
            location=(docname, problem.line),
        )
    if matter.data.get("draft") is True:
        drafts.mark_draft(doctree)
    if matter.problems:
        return
    data = matter.data
    words = len(doctree.astext().split())
    article = Article(
        docname=docname,
        title=data["title"],
        date=data["date"],
        summary=" ".join(data["summary"].split()),
        tags=tuple(data["tags"]),
        source=" ".join(data["source"].split()),
        minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        authors=_names(data.get("author", ())),
        publisher=" ".join(data.get("publisher", "").split()),
        url=data.get("url", ""),
    )
    get_domain(env).articles[docname] = article
    # OpenGraph (sphinxext-opengraph) takes og: fields from the page metadata.
    # Articles are reached from the article lists, not from the sidebar: a
    # toctree of every article would make every page grow with their number.
    env.metadata[docname].update({"og:type": "article", "orphan": True})
    describe(env, docname, article.summary)
    _insert_byline(doctree, article)


def _names(author: str | list[str]) -> tuple[str, ...]:
    """One author or a list of them, as front matter allows."""
    return (author,) if isinstance(author, str) else tuple(author)


def _tag_xref(tag: str) -> nodes.Node:
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget=f"/{TAGS_DIR}/{tag_slug(tag)}",
        refexplicit=True,
    )
    ref += nodes.inline(tag, tag)
    return ref


def _field(label: str, *value: nodes.Node, name: str) -> nodes.paragraph:
    para = nodes.paragraph(classes=[f"dossier-{name}"])
    para += nodes.strong(text=f"{label}: ")
    para += value
    return para


def _insert_byline(doctree: nodes.document, article: Article) -> None:
    """Date, source, reading time and tags, right under the page title."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not isinstance(section[0], nodes.title):
        return
    byline = nodes.container(classes=["dossier-byline"])
    byline += _field("Date", nodes.inline(text=format_date(article.date)), name="date")
    byline += _field("Source", nodes.inline(text=article.source), name="source")
    byline += _field("Reading time", nodes.inline(text=reading_time(article.minutes)), name="time")
    if article.tags:
        tags: list[nodes.Node] = []
        for n, tag in enumerate(article.tags):
            tags += [nodes.Text(", ")] if n else []
            tags.append(_tag_xref(tag))
        byline += _field("Tags", *tags, name="tags")
    section.insert(1, byline)


# --- lists of articles -------------------------------------------------------------


class ArticleListDirective(aggregates.AggregateDirective):
    """``{article-list}``: articles newest first, as cards; ``:tag:`` keeps one
    tag's, ``:newest: N`` only the N newest (the home page: a thousand cards
    would weigh half a megabyte, and an edit to any article would rewrite it)."""

    kind = "articles"
    option_spec = {  # noqa: RUF012
        "tag": directives.unchanged_required,
        "newest": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        key = _list_key(self.options.get("tag", ""), self.options.get("newest"))
        node = aggregates.placeholder(self.env, self.kind, key)
        self.set_source_info(node)
        return [node]


def _list_key(tag: str, newest: int | None) -> str:
    return f"{tag}|{newest}" if newest else tag


def _list_of(key: str) -> tuple[str, int | None]:
    """(tag, newest) from ``_list_key``'s key."""
    tag, _, newest = key.rpartition("|") if "|" in key else (key, "", "")
    return tag, int(newest) if newest else None


def newest_first(articles: list[Article]) -> list[Article]:
    """Newest date first; articles of the same date in title order."""
    by_title = sorted(articles, key=lambda a: (a.title.casefold(), a.docname))
    return sorted(by_title, key=lambda a: a.date, reverse=True)


def _selected(env: BuildEnvironment, tag: str) -> list[Article]:
    articles = get_domain(env).articles.values()
    return newest_first([a for a in articles if not tag or tag in a.tags])


def _article_list_inputs(env: BuildEnvironment, key: str) -> tuple:
    tag, newest = _list_of(key)
    articles = _selected(env, tag)
    if newest is None:
        return tuple(articles)
    return (*articles[:newest], len(articles))


def _tag_links(app: Sphinx, docname: str, tags: tuple[str, ...]) -> list[nodes.Node]:
    found: list[nodes.Node] = []
    for n, tag in enumerate(tags):
        found += [nodes.Text(", ")] if n else []
        found.append(page_link(app, docname, f"{TAGS_DIR}/{tag_slug(tag)}", tag))
    return found


def article_card(app: Sphinx, docname: str, article: Article) -> nodes.Node:
    item = nodes.list_item(classes=["dossier-card"])
    heading = nodes.paragraph(classes=["dossier-article-title"])
    heading += nodes.strong("", "", page_link(app, docname, article.docname, article.title))
    item += heading
    meta = nodes.paragraph(classes=["dossier-meta"])
    meta += nodes.Text(f"{format_date(article.date)} · {reading_time(article.minutes)}")
    item += meta
    item += nodes.paragraph(text=article.summary, classes=["dossier-summary"])
    if article.tags:
        tags = nodes.paragraph(classes=["dossier-tags"])
        tags += nodes.Text("Tags: ")
        tags += _tag_links(app, docname, article.tags)
        item += tags
    return item


def _render_article_list(
    app: Sphinx, docname: str, node: aggregates.aggregate_placeholder
) -> list[nodes.Node]:
    tag, newest = _list_of(node["key"])
    articles = _selected(app.env, tag)
    if not articles:
        return [nodes.paragraph(text="No articles yet.")]
    shown = articles[:newest] if newest else articles
    listing = nodes.bullet_list(classes=["dossier-article-list"])
    listing += [article_card(app, docname, a) for a in shown]
    if len(shown) == len(articles):
        return [listing]
    total = f"The {len(shown):,} newest of {len(articles):,} articles."
    return [listing, nodes.paragraph(text=total, classes=["dossier-list-note"])]


class ArchiveDirective(aggregates.AggregateDirective):
    """``{article-archive}``: every article by year of publication."""

    kind = "archive"


def _render_archive(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    by_year: dict[str, list[Article]] = defaultdict(list)
    for article in _selected(app.env, ""):
        by_year[article.date[:4]].append(article)
    out: list[nodes.Node] = []
    for year in sorted(by_year, reverse=True):
        section = nodes.section(ids=[f"year-{year}"])
        section += nodes.title(year, year)
        listing = nodes.bullet_list(classes=["dossier-archive"])
        for article in by_year[year]:
            para = nodes.paragraph()
            para += page_link(app, docname, article.docname, article.title)
            para += nodes.Text(f" — {format_date(article.date)}")
            listing += nodes.list_item("", para)
        section += listing
        out.append(section)
    return out or [nodes.paragraph(text="No articles yet.")]


class TagIndexDirective(aggregates.AggregateDirective):
    """``{tag-index}``: every tag, A to Z, with its number of articles."""

    kind = "tag-index"


def _card(env: BuildEnvironment, docname: str) -> Article | None:
    """What an article gives the lists of articles."""
    return get_domain(env).articles.get(docname)


def _tags(env: BuildEnvironment, docname: str) -> tuple[str, ...] | None:
    article = get_domain(env).articles.get(docname)
    return article.tags if article else None


def _tag_counts(env: BuildEnvironment, _key: str = "") -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = defaultdict(int)
    for article in get_domain(env).articles.values():
        for tag in article.tags:
            counts[tag] += 1
    return tuple(sorted(counts.items(), key=lambda kv: kv[0].casefold()))


def _render_tag_index(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    listing = nodes.bullet_list(classes=["dossier-tag-index"])
    for tag, count in _tag_counts(app.env):
        para = nodes.paragraph()
        para += page_link(app, docname, f"{TAGS_DIR}/{tag_slug(tag)}", tag)
        para += nodes.Text(f" ({count} article{'s' if count != 1 else ''})")
        listing += nodes.list_item("", para)
    return [listing]


def setup(app: Sphinx) -> None:
    app.add_config_value("dossier_articles_dir", "articles", "env", types=[str])
    app.add_directive("article-list", ArticleListDirective)
    app.add_directive("article-archive", ArchiveDirective)
    app.add_directive("tag-index", TagIndexDirective)
    aggregates.register(
        "articles",
        aggregates.Aggregate(_article_list_inputs, _render_article_list, given_by=_card),
    )
    aggregates.register(
        "archive", aggregates.Aggregate(_article_list_inputs, _render_archive, given_by=_card)
    )
    aggregates.register(
        "tag-index", aggregates.Aggregate(_tag_counts, _render_tag_index, given_by=_tags)
    )
    app.connect("doctree-read", _publisher_characters, priority=400)
    app.connect("doctree-read", _record_article)
