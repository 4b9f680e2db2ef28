"""A search index the browser can start using before it has read all of it.

Sphinx writes one ``searchindex.js`` that the search page must parse whole
before the first result; at 1,000 articles that is 8 MB, nearly all of it word
maps.  Here the HTML builder's index format writes a *core* ``searchindex.js``
(page names and titles, objects, index entries, the shards' names and the list
of title words) and puts the rest in shards under ``_search/``: the word →
pages maps (``terms`` and ``titleterms``, a word's shard being a hash of the
word) and the section titles (``alltitles``, each filed under every word it
holds).  Each file is named by a hash of its content, so a browser never pairs
a new core with an old shard.  ``dossier-search.js`` loads the shards the
query needs, and the list of all words only when a query word is not itself
indexed (Sphinx also matches inside longer words).  On the next build Sphinx
reads the index back through the same format, which joins the shards again, so
incremental builds keep every page's words.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx.builders.html as html_builder
from sphinx.search import js_index

from dossier.sources.spelling import searchable
from dossier.speed import kept_index
from dossier.speed.fence import require
from dossier.speed.kept_index import KeptIndex
from dossier.web.folders import from_confdir

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

FOLDER = "_search"
SHARD_BYTES = 32_000
MAX_SHARDS = 256
SHARDED = ("terms", "titleterms", "alltitles")
# The core is parsed as JSON: V8 reads a JSON string several times faster than
# the same object written as a JavaScript literal.
CORE_START, CORE_END = "Search.setIndex(JSON.parse(", "))"
TITLE_WORD = re.compile(r"\w+")


def shard_count(index_bytes: int) -> int:
    """About 32 kB per shard (a few milliseconds to load): this site 2, 1,000 articles 256."""
    return max(1, min(MAX_SHARDS, math.ceil(index_bytes / SHARD_BYTES)))


def shard_of(word: str, count: int) -> int:
    """FNV-1a of the word's UTF-8 bytes; ``dossier-search.js`` computes the same."""
    value = 0x811C9DC5
    for byte in word.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % count


def title_words(title: str) -> frozenset[str]:
    """The words a section title is filed under: its runs of word characters, in
    lower case.  Sphinx finds a title that holds the whole query; the browser
    takes the query's longest run of letters and digits, which lies inside one
    of these words."""
    return frozenset(TITLE_WORD.findall(title.lower()))


class ShardedIndex:
    """Sphinx's JavaScript index format, with the word maps and titles in shards.

    What it last read or wrote is kept, so that a rebuild serialises only the
    shards that changed (and the core only if it changed).
    """

    def __init__(self, outdir: Path) -> None:
        self.folder = Path(outdir) / FOLDER
        self._shards: tuple[list[str | None], list[dict[str, Any]]] = ([], [])
        self._words: tuple[set[str], str] | None = None
        self._shard_of: tuple[int, dict[str, int]] = (0, {})
        self._title_words: dict[str, frozenset[str]] = {}
        self._count_for: tuple[int, tuple[int, ...]] | None = None
        self._core: tuple[dict[str, Any], str] | None = None
        self._maps: dict[str, dict[str, Any]] | None = None  # the sharded maps last written
        self._current: set[Path] | None = None  # the shard files the last dump's core names

    def remove_stale(self) -> None:
        """Delete the shards no core names any more: only once the new
        ``searchindex.js`` is in place (a failed dump leaves the old core,
        which still needs its shards).  Other files in the folder (the names
        index, ``features/name_search.py``) are not the core's."""
        if self._current is None:
            return
        own = {*self.folder.glob("shard-*.js"), *self.folder.glob("words-*.js")}
        for stale in own - self._current:
            stale.unlink()

    def _write(self, kind: str, call: str, body: str) -> str:
        """A script file named by its content; written only if new."""
        name = f"{kind}-{hashlib.sha1(body.encode('utf-8')).hexdigest()[:12]}.js"
        path = self.folder / name
        if not path.exists():
            path.write_text(f"DossierSearch.{call}({body})", encoding="utf-8")
        return name

    def dump(self, data: dict[str, Any], stream: Any) -> None:
        terms: dict[str, Any] = data["terms"]
        titles = {title: _as_json(places) for title, places in data["alltitles"].items()}
        filed = {title: self._words_of(title) for title in titles}
        count = self._count(data, filed)
        maps = {"terms": terms, "titleterms": data["titleterms"], "alltitles": titles}
        names, groups = self._shards
        if len(names) == count and self._maps is not None:
            changed = self._regroup(groups, maps, count)
        else:
            names, groups = [None] * count, self._group(maps, filed, count)
            changed = set(range(count))
        self._maps = maps
        self.folder.mkdir(parents=True, exist_ok=True)
        for i in changed:
            names[i] = self._shard_file(groups[i])
        shards = list(names)
        self._shards = (names, groups)
        if self._words is None or self._words[0] != terms.keys():
            words = set(terms)
            self._words = (words, self._write("words", "addWords", _json(" ".join(sorted(words)))))
        self._current = {self.folder / name for name in [*shards, self._words[1]] if name}
        wordless = {title: places for title, places in titles.items() if not filed[title]}
        in_titles = set(data["titleterms"]).union(*filed.values())
        core = {
            **data,
            # Sphinx lists a term's places in the order pages were last read:
            # sorted, the same sources give the same file whatever the history.
            "indexentries": {
                term: _as_json(sorted(places)) for term, places in data["indexentries"].items()
            },
            "objects": {prefix: _as_json(found) for prefix, found in data["objects"].items()},
            "terms": {},
            "titleterms": {},
            "alltitles": wordless,
            "termshards": shards,
            "termwords": self._words[1],
            "titlewords": " ".join(sorted(in_titles)),
        }
        if self._core is None or self._core[0] != core:
            self._core = (core, CORE_START + json.dumps(_json(core), ensure_ascii=False) + CORE_END)
        stream.write(self._core[1])

    def _shard_in(self, count: int) -> Callable[[str], int]:
        """A word's shard, from the table of the words seen before (``_shard_table``)."""
        known = self._shard_table(count)

        def shard(word: str) -> int:
            where = known.get(word)
            if where is None:
                where = known[word] = shard_of(word, count)
            return where

        return shard

    def _group(
        self, maps: dict[str, dict[str, Any]], filed: dict[str, frozenset[str]], count: int
    ) -> list[dict[str, Any]]:
        """Every word's pages in its shard, and every title in the shard of each of its words."""
        shard = self._shard_in(count)
        groups: list[dict[str, Any]] = [{part: {} for part in SHARDED} for _ in range(count)]
        for part in ("terms", "titleterms"):
            for word, pages in maps[part].items():
                groups[shard(word)][part][word] = pages
        for title, places in maps["alltitles"].items():
            for word in filed[title]:
                groups[shard(word)]["alltitles"][title] = places
        return groups

    def _regroup(
        self, groups: list[dict[str, Any]], maps: dict[str, dict[str, Any]], count: int
    ) -> set[int]:
        """Update the last groups with what changed since the last dump; the
        shards changed.  After a one-article edit a few words out of 50,000."""
        shard = self._shard_in(count)
        changed = set()
        for part in SHARDED:
            new, old = maps[part], self._maps[part]
            for key in _changed_keys(new, old):
                words = self._words_of(key) if part == "alltitles" else (key,)
                for where in map(shard, words):
                    if key in new:
                        groups[where][part][key] = new[key]
                    else:
                        groups[where][part].pop(key, None)
                    changed.add(where)
        return changed

    def _count(self, data: dict[str, Any], filed: dict[str, frozenset[str]]) -> int:
        """``shard_count`` of the index; the last one while the maps' sizes stay
        within a tenth of what they were (a new count moves every word)."""
        sizes = (len(data["terms"]), len(data["titleterms"]), len(filed))
        if self._count_for is not None:
            count, before = self._count_for
            if all(abs(now - then) <= then / 10 for now, then in zip(sizes, before, strict=True)):
                return count
        size = _json_size(data["terms"]) + _json_size(data["titleterms"])
        count = shard_count(size + _titles_size(data["alltitles"], filed))
        self._count_for = (count, sizes)
        return count

    def _shard_table(self, count: int) -> dict[str, int]:
        """Each word's shard, remembered: a rebuild hashes only new words."""
        if self._shard_of[0] != count:
            self._shard_of = (count, {})
        return self._shard_of[1]

    def _words_of(self, title: str) -> frozenset[str]:
        """``title_words``, remembered between rebuilds."""
        if title not in self._title_words:
            self._title_words[title] = title_words(title)
        return self._title_words[title]

    def _shard_file(self, group: dict[str, Any]) -> str | None:
        if not any(group.values()):
            return None
        return self._write("shard", "addShard", _json(group))

    def load(self, stream: Any) -> dict[str, Any]:
        text = stream.read()
        if text.startswith(CORE_START) and text.endswith(CORE_END):
            data = json.loads(json.loads(text[len(CORE_START) : -len(CORE_END)]))
        else:
            data = js_index.loads(text)  # Sphinx's own format
        if not isinstance(data, dict) or "termshards" not in data:
            return data
        if "titlewords" not in data:
            # Sphinx then builds the index afresh (the environment version changed with it).
            raise ValueError("search index written by an older dossier")
        core = dict(data)
        groups: list[dict[str, Any]] = []
        try:
            for name in data.pop("termshards"):
                group = {part: {} for part in SHARDED}
                if name:
                    shard = (self.folder / name).read_text(encoding="utf-8")
                    group = json.loads(shard[shard.index("(") + 1 : -1])
                groups.append(group)
        except (OSError, TypeError, ValueError) as error:
            # Sphinx reports this as an index it could not load (then: make clean).
            msg = f"search index shard in {self.folder} unreadable: {error}"
            raise ValueError(msg) from error
        for part in SHARDED:
            data[part] = {key: value for group in groups for key, value in group[part].items()}
        data["alltitles"].update(core["alltitles"])
        self._shards = (list(core["termshards"]), groups)
        self._maps = {part: data[part] for part in SHARDED}
        sizes = (len(data["terms"]), len(data["titleterms"]), len(data["alltitles"]))
        self._count_for = (len(groups), sizes)
        words = data.pop("termwords", None)
        self._words = (set(data["terms"]), words) if words else None
        data.pop("titlewords", None)
        self._core = (core, text)
        return data


_MISSING = object()


def _changed_keys(new: dict[str, Any], old: dict[str, Any]) -> list[str]:
    """The keys added, removed or given another value (the same object: unchanged)."""
    changed = [
        key
        for key, value in new.items()
        if (before := old.get(key, _MISSING)) is not value and before != value
    ]
    changed += [key for key in old.keys() - new.keys()]
    return changed


def _json_size(terms: dict[str, Any]) -> int:
    """Close to the bytes of ``terms`` as JSON (page numbers ~4 digits), without writing it."""
    return sum(
        len(word) + 4 + (5 * len(pages) if isinstance(pages, list) else 5)
        for word, pages in terms.items()
    )


def _titles_size(titles: dict[str, Any], filed: dict[str, frozenset[str]]) -> int:
    """The same for section titles, each written once per word it is filed under."""
    return sum(
        (len(title) + 4 + 24 * len(places)) * len(filed[title]) for title, places in titles.items()
    )


def _as_json(rows: list[tuple]) -> list[list]:
    """Sphinx's rows of tuples as lists, as they come back from the file: what
    a build compares with what it read is then equal when nothing changed."""
    return [list(row) for row in rows]


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def check_targets() -> None:
    """The HTML builder's methods ``IndexUpkeep`` wraps, as it was written for."""
    html = html_builder.StandaloneHTMLBuilder
    require(
        "search_shards",
        html,
        "load_indexer",
        "(self, docnames: 'Set[str]') -> 'None'",
        "Sphinx 9.0.4",
    )
    require("search_shards", html, "dump_search_index", "(self) -> 'None'", "Sphinx 9.0.4")


def _use_shards(app: Sphinx) -> None:
    builder = app.builder
    if getattr(builder, "search", False) and builder.name in {"html", "dirhtml"}:
        builder.indexer_format = ShardedIndex(builder.outdir)
        builder.dossier_index_upkeep = IndexUpkeep(app)


class IndexUpkeep:
    """When the HTML builder reads its search index back and writes it out.

    Sphinx reads the whole index back and writes it again on every build, even
    one that changes nothing: two seconds at 1,000 articles.  Here a build that
    writes and removes no document leaves it as it is.  With ``keep_in_memory``
    (``dossier serve``, one application building again and again) the index a
    build wrote is where the next build starts, instead of the file.
    """

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        builder = app.builder
        self._load, self._dump = builder.load_indexer, builder.dump_search_index
        builder.load_indexer, builder.dump_search_index = self.load, self.dump
        self.saved = Path(builder.outdir) / builder.searchindex_filename
        self.keep_in_memory = False
        self.purged = False  # a document was removed or is read again in this build
        self._changed = False
        self._kept: Any = None
        self._loaded = False

    def load(self, docnames: set[str]) -> None:
        """Before writing ``docnames`` (the pages whose words the index takes in)."""
        builder = self.app.builder
        self._changed = bool(docnames) or self.purged or not self.saved.exists()
        self.purged = False
        if self._kept is not None:
            builder.indexer, self._kept = self._kept, None
            builder.indexer.prune(set(builder.env.all_docs) - set(docnames))
            self._loaded = True
        elif self.keep_in_memory or self._changed:
            self._load(docnames)
            self._loaded = True
        else:
            self._loaded = False
        if self._loaded:
            file_persian_words_as_searched(builder.indexer)

    def dump(self) -> None:
        if self._changed:
            self._dump()  # Sphinx writes a temporary file, then puts it in place
            index_format = self.app.builder.indexer_format
            if isinstance(index_format, ShardedIndex):
                index_format.remove_stale()
        if self.keep_in_memory and self._loaded:
            self._kept = self.app.builder.indexer
            if not hasattr(self._kept, "dossier_kept") and kept_index.wanted():
                self._kept.dossier_kept = KeptIndex(self._kept)


def file_persian_words_as_searched(indexer: Any) -> None:
    """Persian words filed in one letter form, without diacritics, and whole
    where a zero-width non-joiner is written: the search page reads a query
    the same way (``spelling.searchable``, in ``dossier-spelling.js`` too)."""
    lang = indexer.lang
    if not getattr(lang, "dossier_searchable", False):
        split = lang.split
        lang.split = lambda text: split(searchable(text))
        lang.dossier_searchable = True


def _note_purged(app: Sphinx, _env: Any, _docname: str) -> None:
    upkeep = getattr(app.builder, "dossier_index_upkeep", None)
    if upkeep is not None:
        upkeep.purged = True


def _add_template(app: Sphinx, config: Any) -> None:
    """The search page's template (``templates/search.html``)."""
    # A new list: the default one is shared by every configuration in the process.
    folder = from_confdir(app, Path(__file__).parent / "templates")
    if folder not in config.templates_path:
        config.templates_path = [*config.templates_path, folder]


def _search_scripts(app: Sphinx, pagename: str, *_args: Any) -> None:
    """The search page's scripts, in the order they must run: the shard loader
    after Sphinx's search script and before the index (deferred, as every
    page's scripts are: ``scripts``)."""
    if pagename == "search":
        # The builder's list is reset for every page; ``app.add_js_file`` would
        # also record the scripts for every page of the next build in this process.
        for name in ("searchtools.js", "dossier-search.js", "language_data.js"):
            app.builder.add_js_file(name)


def setup(app: Sphinx) -> None:
    check_targets()
    app.connect("builder-inited", _use_shards)
    app.connect("config-inited", _add_template)
    app.connect("html-page-context", _search_scripts)
    app.connect("env-purge-doc", _note_purged)
