"""The search index's word → pages sets kept as arrays of page numbers.

Sphinx files each page under each of its words in a ``set`` of page names: at
10,000 articles (30,000 pages) 14.5 million entries, 844 MB of sets, most of
the memory a full build gains while it writes its pages.  Here the maps that
``IndexBuilder.__init__`` leaves give each new word a ``Postings``: the
pages' numbers in a sorted ``array`` of 4-byte integers (48 MB for the same
index), numbered once per build by a table the two maps share
(``search_shards.IndexUpkeep`` does the same after Sphinx's ``load``, which
``index_entries_kept`` replaces).  ``Postings`` answers what ``feed``,
``prune``, ``get_terms`` and ``kept_index`` ask of the sets (add, membership,
length, iteration, discard, keeping only given pages), and pages come in the
order ``feed`` gave them a number, so adding one is an append.  The words of
a loaded index keep their sets; the words added to it get ``Postings``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from sphinx.search import IndexBuilder

from dossier.speed.fence import Patch, PatchTargetChangedError, switched_off

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_init = IndexBuilder.__init__
WRITTEN_FOR = "Sphinx 9.0.4"


class PageTable:
    """Page names and their numbers, shared by an index's two maps."""

    __slots__ = ("names", "numbers")

    def __init__(self) -> None:
        self.names: list[str] = []
        self.numbers: dict[str, int] = {}

    def number(self, name: str) -> int:
        found = self.numbers.get(name)
        if found is None:
            found = self.numbers[name] = len(self.names)
            self.names.append(name)
        return found


class Postings:
    """The pages filed under one word: a set of names, kept as sorted numbers."""

    __slots__ = ("numbers", "table")

    def __init__(self, table: PageTable) -> None:
        self.table = table
        self.numbers = array("I")

    def add(self, page: str) -> None:
        number, numbers = self.table.number(page), self.numbers
        if not numbers or number > numbers[-1]:
            numbers.append(number)  # ``feed`` numbers pages as it meets them
            return
        at = bisect_left(numbers, number)
        if numbers[at] != number:
            numbers.insert(at, number)

    def _at(self, page: str) -> int:
        """Where ``page`` is in ``numbers``, or -1."""
        number = self.table.numbers.get(page)
        if number is None:
            return -1
        at = bisect_left(self.numbers, number)
        return at if at < len(self.numbers) and self.numbers[at] == number else -1

    def __contains__(self, page: object) -> bool:
        return isinstance(page, str) and self._at(page) >= 0

    def discard(self, page: str) -> None:
        at = self._at(page)
        if at >= 0:
            del self.numbers[at]

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator[str]:
        return map(self.table.names.__getitem__, self.numbers)

    def intersection_update(self, pages: Iterable[str]) -> None:
        kept = pages if isinstance(pages, set | frozenset | dict) else set(pages)
        names = self.table.names
        self.numbers = array("I", [n for n in self.numbers if names[n] in kept])

    def __repr__(self) -> str:
        return f"Postings({sorted(self)!r})"


class CompactMapping(dict):
    """A word → pages map whose new words get ``Postings`` instead of sets."""

    __slots__ = ("table",)

    def __init__(self, table: PageTable, words: dict[str, Any] | None = None) -> None:
        super().__init__(words or {})
        self.table = table

    def setdefault(self, word: str, default: Any = None) -> Any:
        found = self.get(word)
        if found is not None:
            return found
        if default is None or default != set():
            # ``feed`` files a page with ``setdefault(word, set()).add(page)``.
            raise PatchTargetChangedError(
                "compact_index",
                f"IndexBuilder.feed files words with setdefault(word, {default!r})",
                WRITTEN_FOR,
            )
        found = self[word] = Postings(self.table)
        return found


def compact(index: IndexBuilder) -> None:
    """New words of ``index``'s maps get ``Postings`` (unless switched off)."""
    if switched_off("compact_index") or isinstance(index._mapping, CompactMapping):
        return
    table = PageTable()
    index._mapping = CompactMapping(table, index._mapping)
    index._title_mapping = CompactMapping(table, index._title_mapping)


def init_compact(self: IndexBuilder, *args: Any, **kwargs: Any) -> None:
    _init(self, *args, **kwargs)
    compact(self)


def frozen_numbers(table: PageTable, fn2index: dict[str, int]) -> list[int]:
    """For each number of ``table``, the page's number in ``freeze`` (-1: none)."""
    return [fn2index.get(name, -1) for name in table.names]


def numbers_in(pages: Postings, frozen: list[int]) -> list[int]:
    """The ``freeze`` numbers of the pages in ``pages`` that have one, sorted
    (``frozen``: ``frozen_numbers`` of its table); the loop is in C."""
    found = sorted(map(frozen.__getitem__, pages.numbers))
    if found and found[0] < 0:
        del found[: bisect_left(found, 0)]
    return found


PATCHES = (
    Patch(
        name="compact_index",
        owner=IndexBuilder,
        attribute="__init__",
        replacement=init_compact,
        signature=(
            "(self, env: 'BuildEnvironment', lang: 'str', options: 'dict[str, str]', "
            "scoring: 'str') -> 'None'"
        ),
        written_for=WRITTEN_FOR,
        upstream="sphinx-doc/sphinx: IndexBuilder keeps each word's pages as a set of names",
    ),
)
