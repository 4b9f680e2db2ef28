"""A search index the browser can start using before it has read all of it.

Sphinx writes one ``searchindex.js`` that the search page must parse whole
before the first result; at 1,000 articles that is 8 MB, nearly all of it word
maps, and at 10,000 the page names and titles alone are 2 MB.  Here the HTML
builder's index format writes a small *core* ``searchindex.js`` (the tables
Sphinx's search looks things up in, empty, and the names of the files that fill
them) and puts the rest in files under ``_search/``, each named by a hash of
its content (a browser never pairs a new core with an old file):

- ``shard-*``: the word → pages maps (``terms``, ``titleterms``; a word's shard
  is a hash of the word) and the section titles (``alltitles``, each filed
  under every word it holds);
- ``docs-*``: each page's name, title and source file, ``DOC_CHUNK`` pages a
  file by page number (Sphinx numbers pages in the order of their names), with
  the objects they define;
- buckets that find what *holds* a query word (Sphinx matches inside longer
  words, object names and index entries): all words (``words``), title words
  (``titlewords``), objects (``objects``) and index entries (``entries``), each
  item filed under every three-letter run (trigram) of its text, so a query
  word of three letters or more needs the bucket of its first trigram; a whole
  file of each (``wordsall-*`` …) serves shorter query words;
- the section titles that can hold a whole query (``titles``: each with one
  word whose shard holds it), filed under the trigrams a query of at least
  half the title's length can start with.  Without them the browser loaded
  the shard of every title word holding the query: 185 shards, 2.8 MB gzip,
  for a four-letter name at 10,000 articles.

``dossier-search.js`` loads the shards and buckets the query needs, asks
Sphinx's own search which pages it would list, loads their ``docs`` files, and
only then lets Sphinx's search run.  On the next build Sphinx reads the index
back through the same format, which joins the files again, so incremental
builds keep every page's words.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx.builders.html as html_builder
from sphinx.search import js_index

from dossier.sources.spelling import searchable
from dossier.speed import compact_index, kept_index
from dossier.speed.fence import require
from dossier.speed.kept_index import KeptIndex
from dossier.web.folders import from_confdir

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

FOLDER = "_search"
SHARD_BYTES = 32_000
MAX_SHARDS = 4096
SHARDED = ("terms", "titleterms", "alltitles")
DOC_CHUNK = 512  # pages per ``docs`` file: ~32 kB of names and titles
GRAMS = ("words", "titlewords", "objects", "entries", "titles")  # the kinds of trigram buckets
NO_WHOLE_FILE = {"titles"}  # a query too short for a trigram finds titles through their words
GRAM = 3
# The core is parsed as JSON: V8 reads a JSON string several times faster than
# the same object written as a JavaScript literal.  The comment marks this
# layout: a core without it (an older dossier's) is read back and written anew.
FORMAT_MARK = "/* dossier search index 3 */"
CORE_START, CORE_END = FORMAT_MARK + "Search.setIndex(JSON.parse(", "))"
OLD_CORE_START = "Search.setIndex(JSON.parse("
OLD_MARK = re.compile(r"/\* dossier search index \d+ \*/")
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


def grams_of(text: str) -> frozenset[str]:
    """The trigrams (three code points) of ``text``; ``dossier-search.js`` takes
    a query word's first one.  A text shorter than that is its own."""
    if len(text) < GRAM:
        return frozenset((text,))
    return frozenset(text[i : i + GRAM] for i in range(len(text) - GRAM + 1))


def title_grams(title: str) -> frozenset[str]:
    """The trigrams of a section title, in lower case, that a query it holds can
    start with: Sphinx lists a title only for a query at least half its length,
    so in an ASCII title that query starts in the first half.  (Lower case can
    change the length of other text: all its trigrams.)"""
    lower = title.lower().strip()
    if not title.isascii():
        return grams_of(lower)
    last = min(len(title) // 2, len(lower) - GRAM)
    return frozenset(lower[i : i + GRAM] for i in range(last + 1))


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
        self._shard_of: tuple[int, dict[str, int]] = (0, {})
        self._title_words: dict[str, frozenset[str]] = {}
        self._count_for: tuple[int, tuple[int, ...]] | None = None
        self._core: tuple[dict[str, Any], str] | None = None
        self._maps: dict[str, dict[str, Any]] | None = None  # the sharded maps last written
        self._current: set[Path] | None = None  # the shard files the last dump's core names
        self._grams: dict[str, Buckets] = {}  # by kind
        self._grams_of: dict[str, frozenset[str]] = {}
        self._title_grams: dict[str, frozenset[str]] = {}
        self._docs: tuple[Any, ...] = ()  # what the docs files were last written from, their names

    def remove_stale(self) -> None:
        """Delete the shards no core names any more: only once the new
        ``searchindex.js`` is in place (a failed dump leaves the old core,
        which still needs its shards).  Other files in the folder (the names
        index, ``features/name_search.py``) are not the core's."""
        if self._current is None:
            return
        own = {path for path in self.folder.glob("*-*.js") if path.name.split("-")[0] in OWN_KINDS}
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
        objects = [
            [prefix, row] for prefix, found in data["objects"].items() for row in _as_json(found)
        ]
        entries = {term: _as_json(sorted(places)) for term, places in data["indexentries"].items()}
        in_titles = set(data["titleterms"]).union(*filed.values())
        homes = {title: min(words) for title, words in filed.items() if words}
        grams = {
            "words": self._gram_files("words", frozenset(terms)),
            "titlewords": self._gram_files("titlewords", frozenset(in_titles)),
            "objects": self._gram_files("objects", objects),
            "entries": self._gram_files("entries", entries),
            "titles": self._gram_files("titles", homes),
        }
        docs, defs, first = self._doc_files(data, objects)
        self._current = {
            self.folder / name
            for name in [
                *shards,
                *docs,
                *defs,
                *(name for files in grams.values() for name in files["buckets"]),
                *(files.get("all") for files in grams.values()),
            ]
            if name
        }
        wordless = {title: places for title, places in titles.items() if not filed[title]}
        core = {
            **data,
            # Filled by the browser from the files below, as a query needs them.
            "docnames": [],
            "titles": [],
            "filenames": [],
            "objects": {},
            "indexentries": {},
            "terms": {},
            "titleterms": {},
            "alltitles": wordless,
            "termshards": shards,
            "docchunks": docs,
            "defchunks": defs,
            "docfirst": first,
            "docchunk": DOC_CHUNK,
            "grams": grams,
        }
        if self._core is None or self._core[0] != core:
            self._core = (core, CORE_START + json.dumps(_json(core), ensure_ascii=False) + CORE_END)
        stream.write(self._core[1])

    def _doc_files(
        self, data: dict[str, Any], objects: list
    ) -> tuple[list[str], list[str | None], list[str]]:
        """The ``docs`` files (``DOC_CHUNK`` pages each: names, titles, and
        source files written as 0 where they are the name and the usual
        suffix), the ``defs`` files (the objects those pages define, which the
        names index reads), and the first page name of each."""
        docnames, titles, filenames = data["docnames"], data["titles"], data["filenames"]
        key = (docnames, titles, filenames, objects)
        if self._docs and self._docs[0] == key:
            return self._docs[1]
        defined: dict[int, list] = {}
        for prefix, row in objects:
            defined.setdefault(row[0], []).append([prefix, row])
        suffixes = Counter(
            file[len(name) :]
            for name, file in zip(docnames, filenames, strict=True)
            if isinstance(file, str) and file.startswith(name)
        )
        suffix = suffixes.most_common(1)[0][0] if suffixes else ""
        docs, defs, first = [], [], []
        for start in range(0, len(docnames), DOC_CHUNK):
            end = start + DOC_CHUNK
            names = list(docnames[start:end])
            chunk = {
                "start": start,
                "docnames": names,
                "titles": list(titles[start:end]),
                "suffix": suffix,
                "filenames": [
                    0 if file == name + suffix else file
                    for name, file in zip(names, filenames[start:end], strict=True)
                ],
            }
            docs.append(self._write("docs", "addDocs", _json(chunk)))
            held = [o for n in range(start, end) for o in defined.get(n, ())]
            defs.append(self._write("defs", "addDefs", _json(held)) if held else None)
            first.append(names[0])
        self._docs = (key, (docs, defs, first))
        return docs, defs, first

    def _gram_files(self, kind: str, items: Any) -> dict[str, Any]:
        """The buckets of ``kind`` and its whole file (``Buckets``)."""
        if kind not in self._grams:
            self._grams[kind] = Buckets(kind, self)
        return self._grams[kind].update(items)

    def _grams_in(self, text: str) -> frozenset[str]:
        """``grams_of``, remembered between rebuilds."""
        if text not in self._grams_of:
            self._grams_of[text] = grams_of(text)
        return self._grams_of[text]

    def _title_grams_in(self, title: str) -> frozenset[str]:
        """``title_grams``, remembered between rebuilds."""
        if title not in self._title_grams:
            self._title_grams[title] = title_grams(title)
        return self._title_grams[title]

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
        if not text.startswith(CORE_START) and (mark := OLD_MARK.match(text)):
            text = text[mark.end() :]
        for start in (CORE_START, OLD_CORE_START):
            if text.startswith(start) and text.endswith(CORE_END):
                data = json.loads(json.loads(text[len(start) : -len(CORE_END)]))
                break
        else:
            data = js_index.loads(text)  # Sphinx's own format
        if not isinstance(data, dict) or "termshards" not in data:
            return data
        if "titlewords" not in data and "docchunks" not in data:
            # Sphinx then builds the index afresh (the environment version changed with it).
            raise ValueError("search index written by an older dossier")
        core = dict(data)
        groups: list[dict[str, Any]] = []
        try:
            for name in data.pop("termshards"):
                group = {part: {} for part in SHARDED}
                if name:
                    group = self._read(name)[0]
                groups.append(group)
            if "docchunks" in data:
                self._read_rest(data)
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
        for key in (
            "termwords",
            "titlewords",
            "docchunks",
            "defchunks",
            "docfirst",
            "docchunk",
            "grams",
        ):
            data.pop(key, None)
        if text.startswith(CORE_START):
            self._core = (core, text)
        return data

    def _read(self, name: str) -> list[Any]:
        """The values a file under ``_search/`` passes to ``DossierSearch``."""
        body = (self.folder / name).read_text(encoding="utf-8")
        return json.loads("[" + body[body.index("(") + 1 : -1] + "]")

    def _read_rest(self, data: dict[str, Any]) -> None:
        """The pages' names and titles, objects and index entries, from their files."""
        for part in ("docnames", "titles", "filenames"):
            data[part] = []
        for name in data["docchunks"]:
            chunk = self._read(name)[0]
            data["docnames"].extend(chunk["docnames"])
            data["titles"].extend(chunk["titles"])
            data["filenames"].extend(
                chunk["docnames"][n] + chunk["suffix"] if file == 0 else file
                for n, file in enumerate(chunk["filenames"])
            )
        objects: dict[str, list] = {}
        for _n, prefix, row in self._read(data["grams"]["objects"]["all"])[1]:
            objects.setdefault(prefix, []).append(row)
        data["objects"] = objects
        data["indexentries"] = self._read(data["grams"]["entries"]["all"])[1]


class Buckets:
    """One kind of trigram buckets, kept between dumps: after an edit only the
    buckets of the items that changed are written again (at 1,000 articles,
    filing 37,000 words anew takes seconds)."""

    def __init__(self, kind: str, index: ShardedIndex) -> None:
        self.kind, self.index = kind, index
        self.items: Any = None  # words (a frozenset), [prefix, row] objects or entry -> places
        self.size = 0
        self.count: tuple[int, int] | None = None  # buckets, and the size they were made for
        self.members: list[set[Any]] = []
        self.names: list[str | None] = []
        self.files: dict[str, Any] = {}
        self._bucket_of: dict[str, int] = {}  # trigram -> bucket, for this count

    def update(self, items: Any) -> dict[str, Any]:
        """``{"buckets": [file names], "all": file name}`` for ``items``."""
        old = self.items
        if old is not None and old == items:
            return self.files
        changed: Any = None
        if old is not None and self.kind != "objects":  # objects are numbered: all anew
            changed = old ^ items if isinstance(items, frozenset) else _changed_keys(items, old)
            size = self.size + sum(self._size(key, items) for key in changed if key in items)
            size -= sum(self._size(key, old) for key in changed if key in old)
            if _stable(self.count, size) != self.count:
                changed = None
        if changed is None:
            size = sum(self._size(key, items) for key in self._keys(items))
            count = _stable(self.count, size)
            if count != self.count:
                self._bucket_of = {}
            self.count, self.members = count, [set() for _ in range(count[0])]
            self.names = [None] * count[0]
            changed, touched = self._keys(items), set(range(count[0]))
        else:
            touched = set()
        self.items, self.size = items, size
        objects = self.kind == "objects"  # all filed anew: each key is an item
        for key in changed:
            where = self._where(key)
            touched |= where
            for bucket in where:
                if objects or key in items:
                    self.members[bucket].add(key)
                else:
                    self.members[bucket].discard(key)
        write = self.index._write
        for bucket in touched:
            keys = sorted(self.members[bucket])
            body = _gram_body(self.kind, keys, items)
            self.names[bucket] = write(self.kind, "addGrams", body) if keys else None
        self.files = {"buckets": list(self.names)}
        if self.kind not in NO_WHOLE_FILE:
            every = _gram_body(self.kind, sorted(self._keys(items)), items)
            self.files["all"] = write(f"{self.kind}all", "addGrams", every)
        return self.files

    def _keys(self, items: Any) -> Any:
        return range(len(items)) if self.kind == "objects" else items

    def _text(self, key: Any, items: Any) -> str:
        """What a query word is looked for in: an object's full name in lower
        case (as Sphinx's search compares it), else the key itself."""
        if self.kind == "objects":
            prefix, row = items[key]
            return (f"{prefix}.{row[4]}" if prefix else row[4]).lower()
        return key

    def _grams(self, key: Any, items: Any) -> frozenset[str]:
        """The trigrams ``key`` is filed under."""
        if self.kind == "titles":
            return self.index._title_grams_in(key)
        return self.index._grams_in(self._text(key, items))

    def _size(self, key: Any, items: Any) -> int:
        return _item_size(self.kind, key, items) * len(self._grams(key, items))

    def _where(self, key: Any) -> set[int]:
        """The buckets of ``key``'s trigrams."""
        found = set()
        # Objects are filed anew each time, so ``key`` is one of the current items.
        for gram in self._grams(key, self.items):
            bucket = self._bucket_of.get(gram)
            if bucket is None:
                bucket = self._bucket_of[gram] = shard_of(gram, self.count[0])
            found.add(bucket)
        return found


def _item_size(kind: str, key: Any, items: Any) -> int:
    """About the bytes ``key`` takes in a bucket of ``kind``."""
    if kind == "objects":
        prefix, row = items[key]
        return 16 + len(prefix) + len(row[3]) + len(row[4])
    if kind == "entries":
        return len(key) + 4 + 24 * len(items[key])
    if kind == "titles":
        return len(key) + len(items[key]) + 6
    return len(key) + 1


def _gram_body(kind: str, keys: list[Any], items: Any) -> str:
    """What a bucket or whole file of ``kind`` passes to ``DossierSearch.addGrams``:
    words space-separated, ``[number, prefix, row]`` objects, entry -> places,
    or title -> the word whose shard holds it."""
    if kind == "objects":
        value: Any = [[key, *items[key]] for key in keys]
    elif kind in ("entries", "titles"):
        value = {key: items[key] for key in keys}
    else:
        value = " ".join(keys)
    return f"{_json(kind)},{_json(value)}"


def _stable(last: tuple[int, int] | None, size: int) -> tuple[int, int]:
    """The bucket count for ``size`` bytes, and the size it was made for: the
    last one while the size stays within a tenth of it (a new count moves every item)."""
    if last is not None and abs(size - last[1]) <= last[1] / 10:
        return last
    return (shard_count(size), size)


OWN_KINDS = {"shard", "docs", "defs", *GRAMS, *(f"{kind}all" for kind in GRAMS), "words"}


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
    build wrote is where the next build starts, instead of the file, and with
    ``deferred`` the index is written when ``write_deferred`` is called (by
    ``dossier serve`` once the pages are out: 3 s at 10,000 articles).
    """

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        builder = app.builder
        self._load, self._dump = builder.load_indexer, builder.dump_search_index
        builder.load_indexer, builder.dump_search_index = self.load, self.dump
        self.saved = Path(builder.outdir) / builder.searchindex_filename
        self.keep_in_memory = False
        self.deferred = False
        self._pending = False  # an index to write (``deferred``)
        self.purged = False  # a document was removed or is read again in this build
        self._changed = False
        self._kept: Any = None
        self._loaded = False

    def load(self, docnames: set[str]) -> None:
        """Before writing ``docnames`` (the pages whose words the index takes in)."""
        builder = self.app.builder
        self._changed = bool(docnames) or self.purged or not self._in_this_format()
        self.purged = False
        if self._kept is not None:
            builder.indexer, self._kept = self._kept, None
            builder.indexer.prune(set(builder.env.all_docs) - set(docnames))
            self._loaded = True
        elif self.keep_in_memory or self._changed:
            self._load(docnames)
            compact_index.compact(builder.indexer)  # Sphinx's ``load`` made new maps
            self._loaded = True
        else:
            self._loaded = False
        if self._loaded:
            file_persian_words_as_searched(builder.indexer)

    def _write(self) -> None:
        self._dump()  # Sphinx writes a temporary file, then puts it in place
        index_format = self.app.builder.indexer_format
        if isinstance(index_format, ShardedIndex):
            index_format.remove_stale()

    def write_deferred(self) -> None:
        """Write the index the last build left to write (``deferred``)."""
        if self._pending:
            self._pending = False
            self._write()

    def warm_up(self) -> None:
        """Write the kept index once now (the same files), so that the file
        layout's buckets are made before the first edit: at 10,000 articles the
        first edit's index otherwise took 14 s instead of a few."""
        if self.keep_in_memory and self._kept is not None and not self._pending:
            self._write()  # (a pending one is about to be written anyway)

    def _in_this_format(self) -> bool:
        """The saved index exists, written in this layout (``FORMAT_MARK``; an
        older dossier's is read back and written anew)."""
        try:
            with self.saved.open(encoding="utf-8") as saved:
                return saved.read(len(FORMAT_MARK)) == FORMAT_MARK
        except OSError:
            return False

    def dump(self) -> None:
        if self._changed and self.deferred:
            self._pending = True
        elif self._changed:
            self._write()
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
