"""Articles: front-matter validation, the byline under the title, the article list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from dossier import aggregates, frontmatter
from dossier.dates import format_date
from dossier.domain import Article, get_domain

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def is_article(env: BuildEnvironment, docname: str) -> bool:
    return docname.startswith(env.config.dossier_articles_dir.strip("/") + "/")


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
    if matter.problems:
        return
    data = matter.data
    article = Article(
        docname=docname,
        title=data["title"],
        date=data["date"],
        summary=" ".join(data["summary"].split()),
        tags=tuple(data["tags"]),
        source=" ".join(data["source"].split()),
    )
    get_domain(env).articles[docname] = article
    _insert_byline(doctree, article)


def _insert_byline(doctree: nodes.document, article: Article) -> None:
    """Put the date and the source note right under the page title."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not isinstance(section[0], nodes.title):
        return
    byline = nodes.container(classes=["dossier-byline"])
    date = nodes.paragraph(classes=["dossier-date"])
    date += nodes.strong(text="Date: ")
    date += nodes.inline(text=format_date(article.date))
    source = nodes.paragraph(classes=["dossier-source"])
    source += nodes.strong(text="Source: ")
    source += nodes.inline(text=article.source)
    byline += [date, source]
    section.insert(1, byline)


class ArticleListDirective(aggregates.AggregateDirective):
    """``{article-list}``: every article, newest first, with date and summary."""

    kind = "articles"


def _article_list_inputs(env: BuildEnvironment, _key: str) -> tuple[Article, ...]:
    return tuple(sorted(get_domain(env).articles.values()))


def newest_first(articles: list[Article]) -> list[Article]:
    """Newest date first; articles of the same date in title order."""
    by_title = sorted(articles, key=lambda a: (a.title.casefold(), a.docname))
    return sorted(by_title, key=lambda a: a.date, reverse=True)


def _render_article_list(
    app: Sphinx, docname: str, node: aggregates.aggregate_placeholder
) -> list[nodes.Node]:
    articles = newest_first(list(get_domain(app.env).articles.values()))
    if not articles:
        return [nodes.paragraph(text="No articles yet.")]
    listing = nodes.bullet_list(classes=["dossier-article-list"])
    for article in articles:
        item = nodes.list_item()
        heading = nodes.paragraph(classes=["dossier-article-title"])
        link = nodes.reference(
            "",
            article.title,
            internal=True,
            refuri=app.builder.get_relative_uri(docname, article.docname),
        )
        heading += nodes.strong("", "", link)
        item += heading
        item += nodes.paragraph(text=format_date(article.date), classes=["dossier-date"])
        item += nodes.paragraph(text=article.summary, classes=["dossier-summary"])
        listing += item
    return [listing]


def setup(app: Sphinx) -> None:
    app.add_config_value("dossier_articles_dir", "articles", "env", types=[str])
    app.add_directive("article-list", ArticleListDirective)
    aggregates.register(
        "articles", aggregates.Aggregate(_article_list_inputs, _render_article_list)
    )
    app.connect("doctree-read", _record_article)
