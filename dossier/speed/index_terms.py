"""``IndexBuilder.get_terms`` with the per-word loop in C.

Sphinx turns every word's set of pages into a sorted list of page numbers
with a Python generator per word: at 1,000 articles, about 1.6 million steps
and most of a second on every build, also after a one-page edit.  When all
the pages are numbered (as after pruning), the same list is made by
``sorted(map(...))`` in C.  ``kept_index`` freezes its words the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.search import IndexBuilder

from dossier.speed.compact_index import Postings, frozen_numbers, numbers_in
from dossier.speed.fence import Patch

if TYPE_CHECKING:
    from collections.abc import Iterable

Terms = dict[str, list[int] | int]

_get_terms = IndexBuilder.get_terms


def terms_of(
    mappings: Iterable[dict[str, set[str]]], fn2index: dict[str, int]
) -> tuple[Terms, ...]:
    """Each word → pages map as Sphinx's ``get_terms`` freezes it, in C when it can be."""
    terms: list[Terms] = []
    number = fn2index.__getitem__
    numbered = fn2index.keys()
    frozen: dict[int, list[int]] = {}  # ``compact_index``: its tables' pages numbered
    for mapping in mappings:
        found: Terms = {}
        for word, pages in mapping.items():
            if len(pages) == 1:
                (page,) = pages
                if page in fn2index:
                    found[word] = fn2index[page]
            elif isinstance(pages, Postings):
                table = frozen.get(id(pages.table))
                if table is None:
                    table = frozen[id(pages.table)] = frozen_numbers(pages.table, fn2index)
                found[word] = numbers_in(pages, table)
            elif numbered >= pages:
                found[word] = sorted(map(number, pages))
            else:
                found[word] = sorted(fn2index[page] for page in pages if page in fn2index)
        terms.append(found)
    return tuple(terms)


def get_terms_in_c(self: IndexBuilder, fn2index: dict[str, int]) -> tuple[Terms, Terms]:
    """Sphinx's ``get_terms``, with the per-word generator in C when it can be."""
    return terms_of((self._mapping, self._title_mapping), fn2index)  # type: ignore[return-value]


PATCH = Patch(
    name="index_terms",
    owner=IndexBuilder,
    attribute="get_terms",
    replacement=get_terms_in_c,
    signature=(
        "(self, fn2index: 'dict[str, int]') -> "
        "'tuple[dict[str, list[int] | int], dict[str, list[int] | int]]'"
    ),
    written_for="Sphinx 9.0.4",
    upstream="sphinx-doc/sphinx: IndexBuilder.get_terms sorts page numbers in a generator",
)
