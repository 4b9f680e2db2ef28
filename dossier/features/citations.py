"""Citing what was read: "Cite this article", paragraph permalinks, reference files.

Each article ends with a formatted reference, made by citeproc-py (a CSL
processor) with the CSL style kept in ``dossier/web/csl/``, and links to the
same reference as BibTeX and CSL-JSON (written into ``cite/`` of the web site
when it is built).  Each article paragraph gets a ¶ link to its own anchor,
shown on hover and on keyboard focus: its address and number ("¶ 12") cite one
paragraph.  Nothing here needs JavaScript.
"""

from __future__ import annotations

import functools
import json
import warnings
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from docutils import nodes

from dossier.features.articles import is_article
from dossier.features.quotes import CITE_ANCHOR
from dossier.store.domain import get_domain
from dossier.store.lists import prerendered
from dossier.web.web_only import web_only

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from dossier.store.domain import Article

STYLE = Path(__file__).resolve().parent.parent / "web" / "csl" / "press-dossier-author-date.csl"
CITE_DIR = "cite"
CITE_FILES_VERSION = 1  # raise when the reference files change form: every one is made again
SECTION_ID = CITE_ANCHOR  # the "Cite this article" section's anchor


def page_address(app: Sphinx, docname: str) -> str:
    """The article's published address (``html_baseurl``), or its path without one."""
    uri = app.builder.get_target_uri(docname)
    base = app.config.html_baseurl
    return urljoin(base if base.endswith("/") else base + "/", uri) if base else uri


def slug(docname: str) -> str:
    return docname.rpartition("/")[2]


def csl_item(app: Sphinx, article: Article) -> dict[str, Any]:
    """The article as CSL-JSON: the page read here, republished by this site."""
    item: dict[str, Any] = {
        "id": slug(article.docname),
        "type": "webpage",
        "title": article.title,
        "issued": {"date-parts": [[int(part) for part in article.date.split("-")]]},
        "publisher": app.config.project,
        "URL": page_address(app, article.docname),
    }
    if article.authors:
        item["author"] = [{"literal": name} for name in article.authors]
    if article.publisher:
        item["container-title"] = article.publisher
    if article.url:
        item["note"] = f"Original: {article.url}"
    return item


@functools.cache
def _style():
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():  # citeproc-py warns of CSL features it skips
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(STYLE), validate=False)


def formatted(item: dict[str, Any], html: bool = True) -> str:
    """The reference as the style writes it (HTML-escaped for web pages)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    if html:  # citeproc-py's HTML formatter writes the values as they are
        item = _escaped(item)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            _style(), CiteProcJSON([item]), formatter.html if html else formatter.plain
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        text = str(bibliography.bibliography()[0])
    # American punctuation, which citeproc-py leaves out: the period inside the
    # closing quotation mark, and none after a title's own ? or !.
    for mark in "?!":
        text = text.replace(f"{mark}”.", f"{mark}”")
    return text.replace("”.", ".”")


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


def bibtex(item: dict[str, Any]) -> str:
    """The same reference as a BibTeX ``@misc`` entry (biblatex reads it too)."""
    fields = [("title", "{" + _tex(item["title"]) + "}")]  # braces keep its capitals
    if "author" in item:
        names = ("{" + _tex(author["literal"]) + "}" for author in item["author"])
        fields.append(("author", " and ".join(names)))
    parts = item["issued"]["date-parts"][0]
    fields.append(("year", str(parts[0])))
    if len(parts) > 1:
        fields.append(("date", "-".join(f"{p:02d}" if n else str(p) for n, p in enumerate(parts))))
    if "container-title" in item:
        fields.append(("organization", _tex(item["container-title"])))
    fields.append(("publisher", _tex(item["publisher"])))
    fields.append(("howpublished", "\\url{" + item["URL"] + "}"))
    fields.append(("url", item["URL"]))
    if "note" in item:
        fields.append(("note", _tex(item["note"])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{item['id']},\n{body}\n}}\n"


_TEX = {c: "\\" + c for c in "&%$#_{}"} | {
    "~": "\\textasciitilde{}",
    "^": "\\^{}",
    "\\": "\\textbackslash{}",
}


def _tex(text: str) -> str:
    return "".join(_TEX.get(c, c) for c in text)


def cite_section(app: Sphinx, article: Article) -> nodes.section:
    """ "Cite this article": the reference, its files, and how to cite a paragraph."""
    item = csl_item(app, article)
    section = nodes.section(ids=[SECTION_ID], classes=["dossier-cite", "no-search"])
    section += nodes.title("Cite this article", "Cite this article")
    reference = nodes.paragraph(classes=["dossier-reference"])
    if app.builder.format == "html":
        shown = prerendered(html=formatted(item))
        shown += nodes.Text(formatted(item, html=False))  # its words, for other readers
        reference += shown
    else:
        reference += nodes.Text(formatted(item, html=False))
    section += reference
    files = nodes.paragraph(classes=["dossier-cite-files"])
    up = "../" * article.docname.count("/") + CITE_DIR + "/" + item["id"]
    files += nodes.Text("Download this reference as ")
    files += nodes.reference("", "BibTeX", refuri=f"{up}.bib")
    files += nodes.Text(" or as ")
    files += nodes.reference("", "CSL-JSON", refuri=f"{up}.json")
    files += nodes.Text(" (for Zotero and other reference managers).")
    section += web_only(files)  # a book carries no reference files
    hint = nodes.paragraph(
        text="To cite one paragraph, add its number to the reference, as in “¶ 12”, and "
        "its own address: on the web page, hovering over or tabbing to a paragraph shows "
        "its ¶ link and its anchor (#p12).",
        classes=["dossier-cite-paragraph"],
    )
    section += web_only(hint)  # about the web page's ¶ links
    return section


def add_cite_section(app: Sphinx, doctree: nodes.document) -> None:
    """At the end of the article, after its mentions were found (they skip it)."""
    docname = app.env.docname
    article = get_domain(app.env).articles.get(docname)
    if article is None or not is_article(app.env, docname):
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    (top or doctree).append(cite_section(app, article))


def _paragraph_number(para_id: str) -> str | None:
    number = para_id[1:]
    return number if para_id[:1] == "p" and number.isdigit() else None


def add_permalinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A ¶ link at the end of each article paragraph, to the paragraph itself."""
    if app.builder.format != "html" or app.builder.name == "epub":
        return
    if not is_article(app.env, docname):
        return
    for paragraph in doctree.findall(nodes.paragraph):
        number = _paragraph_number(paragraph["ids"][0]) if paragraph["ids"] else None
        if number is not None:
            # as small as a link can be: an article has a hundred paragraphs
            paragraph += prerendered(html=f'<a class="headerlink" href="#p{number}">¶</a>')


def _note_read(app: Sphinx, _env: Any, docnames: list[str]) -> None:
    """The articles whose reference files the next ``build-finished`` writes."""
    app.__dict__.setdefault("dossier_cite_due", set()).update(docnames)


def write_reference_files(app: Sphinx, exception: Exception | None) -> None:
    """``cite/<article>.bib`` and ``.json`` (web site only), rewritten when changed.

    Only for the articles read in this build (one article's reference is made
    of its own metadata), unless the folder or the settings a reference holds
    (the site's name and address) are new: at 10,000 articles, making and
    comparing every file took 1.7 s of each one-article edit in ``dossier serve``.
    """
    if exception or app.builder.name != "html":
        return
    folder = Path(app.outdir) / CITE_DIR
    made_for = Path(app.doctreedir) / "dossier-cite-files.json"
    settings = json.dumps(
        [CITE_FILES_VERSION, app.config.project, app.config.html_baseurl, str(folder)]
    )
    due = app.__dict__.pop("dossier_cite_due", set())
    articles = get_domain(app.env).articles
    if folder.is_dir() and made_for.is_file() and made_for.read_text("utf-8") == settings:
        articles = {name: articles[name] for name in sorted(due & articles.keys())}
    folder.mkdir(exist_ok=True)
    for article in articles.values():
        item = csl_item(app, article)
        files = {
            f"{item['id']}.bib": bibtex(item),
            f"{item['id']}.json": json.dumps([item], ensure_ascii=False, indent=1) + "\n",
        }
        for name, text in files.items():
            path = folder / name
            data = text.encode("utf-8")
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
    made_for.write_text(settings, "utf-8")


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", add_cite_section)
    app.connect("doctree-resolved", add_permalinks)
    app.connect("env-before-read-docs", _note_read)
    app.connect("build-finished", write_reference_files)
