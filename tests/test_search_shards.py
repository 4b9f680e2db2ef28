"""The search index in shards: the browser reads little, Sphinx reads it all back."""

from __future__ import annotations

import io
import json

import pytest

from dossier.web.search_shards import (
    CORE_END,
    CORE_START,
    DOC_CHUNK,
    FOLDER,
    SHARD_BYTES,
    ShardedIndex,
    shard_of,
    title_grams,
    title_words,
)
from helpers import search_index


def frozen(words: int) -> dict:
    """A frozen index as Sphinx makes it, with ``words`` terms."""
    return {
        "docnames": ["a", "b"],
        "titles": ["A", "B"],
        "filenames": ["a.md", "b.md"],
        "terms": {f"word{i}": [0, 1] if i % 3 else 1 for i in range(words)},
        "titleterms": {f"title{i}": i % 2 for i in range(words // 10)},
        "alltitles": {
            "A": [[0, None]],
            "Section 12 of B": [[1, "section-12-of-b"]],
            "Ça va, Zoë?": [[0, "ca-va"], [1, "ca-va"]],
            "—": [[1, "dash"]],
        },
        "indexentries": {"b": [[0, "", True], [1, "b", False]]},
        "objects": {"": [[0, 0, 1, "", "A"]]},
        "envversion": {"sphinx": 65},
    }


def core_of(text: str) -> dict:
    assert text.startswith(CORE_START) and text.endswith(CORE_END)
    return json.loads(json.loads(text[len(CORE_START) : -len(CORE_END)]))


def shard_holding(outdir, core: dict, word: str) -> dict:
    names = core["termshards"]
    text = (outdir / FOLDER / names[shard_of(word, len(names))]).read_text()
    return json.loads(text[text.index("(") + 1 : -1])


def bucket_holding(outdir, core: dict, kind: str, gram: str):
    """What the trigram bucket of ``kind`` the browser loads for ``gram`` holds."""
    names = core["grams"][kind]["buckets"]
    text = (outdir / FOLDER / names[shard_of(gram, len(names))]).read_text()
    return json.loads("[" + text[text.index("(") + 1 : -1] + "]")[1]


def dump(outdir, data: dict) -> str:
    """As the builder does: the core written, then the shards it no longer names removed."""
    stream = io.StringIO()
    index = ShardedIndex(outdir)
    index.dump(data, stream)
    index.remove_stale()
    return stream.getvalue()


def load(outdir, core: str) -> dict:
    return ShardedIndex(outdir).load(io.StringIO(core))


def test_what_sphinx_reads_back_is_what_it_wrote(tmp_path):
    data = frozen(5000)
    core = dump(tmp_path, data)
    assert load(tmp_path, core) == data
    held = core_of(core)
    assert held["terms"] == held["titleterms"] == {}, "the core holds no word → pages map"
    assert held["alltitles"] == {"—": [[1, "dash"]]}, "only a title with no word stays in the core"
    shards = list((tmp_path / FOLDER).glob("shard-*.js"))
    assert len(shards) > 1
    sizes = [len(shard.read_bytes()) for shard in shards]
    assert all(size < 2 * SHARD_BYTES for size in sizes), sizes


def test_a_word_is_in_the_shard_its_hash_names(tmp_path):
    core = core_of(dump(tmp_path, frozen(3000)))
    assert "word42" in shard_holding(tmp_path, core, "word42")["terms"]
    assert "title42" in shard_holding(tmp_path, core, "title42")["titleterms"]
    assert "word42" in (tmp_path / FOLDER / core["grams"]["words"]["all"]).read_text()
    for gram in ("wor", "ord", "rd4", "d42"):
        assert "word42" in bucket_holding(tmp_path, core, "words", gram).split()


def test_a_section_title_is_in_the_shard_of_each_of_its_words(tmp_path):
    core = core_of(dump(tmp_path, frozen(3000)))
    assert title_words("Ça va, Zoë?") == {"ça", "va", "zoë"}
    for word in ("section", "12", "of", "b"):
        assert "Section 12 of B" in shard_holding(tmp_path, core, word)["alltitles"]
    for word in ("ça", "va", "zoë"):
        assert "Ça va, Zoë?" in shard_holding(tmp_path, core, word)["alltitles"]
    in_titles = {"a", "section", "12", "of", "b", "ça", "va", "zoë"}
    every = (tmp_path / FOLDER / core["grams"]["titlewords"]["all"]).read_text()
    assert (
        set(json.loads("[" + every[every.index("(") + 1 : -1] + "]")[1].split())
        == {f"title{i}" for i in range(300)} | in_titles
    )
    assert "zoë" in bucket_holding(tmp_path, core, "titlewords", "zoë").split()


def test_a_section_title_is_in_the_title_bucket_a_query_holding_it_looks_in(tmp_path):
    """Sphinx lists a title that holds the whole query, if the query is at
    least half as long: such a query starts in the title's first half, and
    the title is filed under each trigram there, with the word whose shard
    holds it."""
    core = core_of(dump(tmp_path, frozen(3000)))
    title = "Section 12 of B"
    # "of b" is too short to list it: not filed under "of ".
    assert title_grams(title) == {"sec", "ect", "cti", "tio", "ion", "on ", "n 1", " 12"}
    for query in ("section", "tion 12", "n 12 of b"):
        assert bucket_holding(tmp_path, core, "titles", query[:3])[title] == "12"
    assert "Ça va, Zoë?" in bucket_holding(tmp_path, core, "titles", "zoë")
    assert "all" not in core["grams"]["titles"], "shorter queries look through title words"


def test_a_rebuild_rewrites_only_changed_shards_and_removes_old_ones(tmp_path):
    data = frozen(3000)
    dump(tmp_path, data)
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / FOLDER).iterdir()}
    data["terms"]["word7"] = [1]
    dump(tmp_path, data)
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / FOLDER).iterdir()}
    replaced = set(before) - set(after)
    assert len(replaced) == 1, "only the changed shard is replaced (the word list is the same)"
    assert replaced.pop().startswith("shard-")
    assert len(set(after) - set(before)) == 1
    assert all(after[name] == before[name] for name in set(before) & set(after))


def test_a_failed_dump_leaves_the_live_index_its_shards(tmp_path):
    """Old shards go only once the new ``searchindex.js`` is in place: a dump
    that fails on the way leaves the old core, which still needs them."""
    core = dump(tmp_path, frozen(3000))
    data = frozen(3000)
    data["terms"]["word7"] = [1]

    class Failing(io.StringIO):
        def write(self, _text):
            raise OSError("disk full")

    with pytest.raises(OSError):
        ShardedIndex(tmp_path).dump(data, Failing())
    assert load(tmp_path, core)["terms"] == frozen(3000)["terms"]


def test_a_missing_shard_is_an_index_sphinx_cannot_load(tmp_path):
    core = dump(tmp_path, frozen(3000))
    next((tmp_path / FOLDER).glob("shard-*.js")).unlink()
    with pytest.raises(ValueError, match=r"search index shard in .* unreadable"):
        load(tmp_path, core)


@pytest.fixture
def project(copy_root):
    return copy_root("entities")


def test_an_incremental_build_keeps_the_words_of_pages_it_did_not_rebuild(build, project):
    before = search_index(build().outdir)
    article = project / "articles" / "two.md"
    article.write_text(article.read_text("utf-8") + "\nZanzibarite.\n", "utf-8")
    after = search_index(build().outdir)
    assert "zanzibarit" in after["terms"]
    del after["terms"]["zanzibarit"]
    assert after["terms"] == before["terms"]


def test_a_build_that_changes_nothing_leaves_the_index_as_it_is(build):
    index = build().outdir / "searchindex.js"
    before = index.stat().st_mtime_ns
    build()
    assert index.stat().st_mtime_ns == before


def test_a_removed_page_leaves_the_index(build, project):
    assert "articles/two" in search_index(build().outdir)["docnames"]
    (project / "articles" / "two.md").unlink()
    assert "articles/two" not in search_index(build().outdir)["docnames"]


def test_after_reading_the_index_back_an_unchanged_index_serialises_no_shard(tmp_path):
    """Sphinx freezes rows as tuples; they come back from the file as lists."""
    data = frozen(3000)
    data["alltitles"] = {
        title: [tuple(p) for p in places] for title, places in data["alltitles"].items()
    }
    data["objects"] = {"": [(0, 0, 1, "", "A")]}
    core = dump(tmp_path, data)
    again = ShardedIndex(tmp_path)
    again.load(io.StringIO(core))

    def no_new_shard(_group):
        raise AssertionError("a shard was serialised again")

    again._shard_file = no_new_shard
    stream = io.StringIO()
    again.dump(data, stream)
    assert stream.getvalue() == core


def test_pages_names_and_titles_come_in_files_by_page_number(tmp_path):
    """The core names no page: a query loads the ``docs`` files of the pages it lists."""
    data = frozen(300)
    pages = DOC_CHUNK * 2 + 10
    data["docnames"] = [f"page{n:04}" for n in range(pages)]
    data["titles"] = [f"Page {n}" for n in range(pages)]
    data["filenames"] = [f"page{n:04}.md" for n in range(pages)]
    data["objects"] = {"": [[n, 0, 1, "", f"Object {n}"] for n in range(0, pages, 7)]}
    core_text = dump(tmp_path, data)
    core = core_of(core_text)
    assert core["docnames"] == core["titles"] == core["filenames"] == []
    assert core["objects"] == {} and core["indexentries"] == {}
    assert len(core["docchunks"]) == 3
    assert core["docfirst"] == ["page0000", f"page{DOC_CHUNK:04}", f"page{2 * DOC_CHUNK:04}"]
    text = (tmp_path / FOLDER / core["docchunks"][1]).read_text()
    chunk = json.loads(text[text.index("(") + 1 : -1])
    assert chunk["start"] == DOC_CHUNK
    assert chunk["titles"][0] == f"Page {DOC_CHUNK}"
    assert chunk["filenames"][0] == 0, "a page's source file is its name and the usual suffix"
    text = (tmp_path / FOLDER / core["defchunks"][1]).read_text()
    defs = json.loads(text[text.index("(") + 1 : -1])
    assert {row[0] for _prefix, row in defs} == {
        n for n in range(DOC_CHUNK, 2 * DOC_CHUNK) if n % 7 == 0
    }
    assert load(tmp_path, core_text) == data


def test_objects_and_index_entries_are_in_the_bucket_of_each_trigram(tmp_path):
    data = frozen(300)
    data["objects"] = {"": [[0, 0, 1, "", "Massoud Rajavi"]], "dossier": [[1, 0, 1, "", "Ashraf"]]}
    data["indexentries"] = {"camp ashraf": [[1, "", True]]}
    core = core_of(dump(tmp_path, data))
    for gram in ("mas", "raj", "avi"):
        assert [0, "", [0, 0, 1, "", "Massoud Rajavi"]] in bucket_holding(
            tmp_path, core, "objects", gram
        )
    assert [1, "dossier", [1, 0, 1, "", "Ashraf"]] in bucket_holding(
        tmp_path, core, "objects", "r.a"
    )
    for gram in ("cam", "p a", "raf"):
        assert "camp ashraf" in bucket_holding(tmp_path, core, "entries", gram)
