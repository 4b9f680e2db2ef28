"""The dossier's Sphinx domain: the one store of per-document data.

Everything read from a document lives here, keyed by docname, so that Sphinx
can forget it when the document changes (``clear_doc``) and merge it back from
worker processes under ``-j`` (``merge_domaindata``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from sphinx.domains import Domain

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx


class Article(NamedTuple):
    """What listings need to know about one article."""

    docname: str
    title: str
    date: str
    summary: str
    tags: tuple[str, ...]
    source: str


class DossierDomain(Domain):
    name = "dossier"
    label = "Dossier"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {
        "articles": {},  # docname -> Article
        "aggregates": {},  # docname -> sorted tuple of aggregate kinds on that page
        "digests": {},  # aggregate kind -> digest of its inputs at the last build
    }

    @property
    def articles(self) -> dict[str, Article]:
        return self.data["articles"]

    @property
    def aggregates(self) -> dict[str, tuple[str, ...]]:
        return self.data["aggregates"]

    def clear_doc(self, docname: str) -> None:
        self.articles.pop(docname, None)
        self.aggregates.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("articles", "aggregates"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value


def get_domain(env: Any) -> DossierDomain:
    return env.get_domain("dossier")


def setup(app: Sphinx) -> None:
    app.add_domain(DossierDomain)
