"""The search index in shards: the browser reads little, Sphinx reads it all back."""

from __future__ import annotations

import io
import json

import pytest

from dossier.search_shards import FOLDER, SHARD_BYTES, ShardedIndex, shard_of
from helpers import search_index


def frozen(words: int) -> dict:
    """A frozen index as Sphinx makes it, with ``words`` terms."""
    return {
        "docnames": ["a", "b"],
        "titles": ["A", "B"],
        "terms": {f"word{i}": [0, 1] if i % 3 else 1 for i in range(words)},
        "titleterms": {"a": 0},
        "envversion": {"sphinx": 65},
    }


def dump(outdir, data: dict) -> str:
    stream = io.StringIO()
    ShardedIndex(outdir).dump(data, stream)
    return stream.getvalue()


def load(outdir, core: str) -> dict:
    return ShardedIndex(outdir).load(io.StringIO(core))


def test_what_sphinx_reads_back_is_what_it_wrote(tmp_path):
    data = frozen(5000)
    core = dump(tmp_path, data)
    assert load(tmp_path, core) == data
    assert '"terms":{}' in core, "the core holds no word → pages map"
    shards = list((tmp_path / FOLDER).glob("terms-*.js"))
    assert len(shards) > 1
    sizes = [len(shard.read_bytes()) for shard in shards]
    assert all(size < 2 * SHARD_BYTES for size in sizes), sizes


def test_a_word_is_in_the_shard_its_hash_names(tmp_path):
    core = json.loads(dump(tmp_path, frozen(3000))[len("Search.setIndex(") : -1])
    names = core["termshards"]
    shard = (tmp_path / FOLDER / names[shard_of("word42", len(names))]).read_text()
    assert '"word42":' in shard
    assert "word42" in (tmp_path / FOLDER / core["termwords"]).read_text()


def test_a_rebuild_rewrites_only_changed_shards_and_removes_old_ones(tmp_path):
    data = frozen(3000)
    dump(tmp_path, data)
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / FOLDER).iterdir()}
    data["terms"]["word7"] = [1]
    dump(tmp_path, data)
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / FOLDER).iterdir()}
    replaced = set(before) - set(after)
    assert len(replaced) == 1, "only the changed shard is replaced (the word list is the same)"
    assert replaced.pop().startswith("terms-")
    assert len(set(after) - set(before)) == 1
    assert all(after[name] == before[name] for name in set(before) & set(after))


def test_a_missing_shard_is_an_index_sphinx_cannot_load(tmp_path):
    core = dump(tmp_path, frozen(3000))
    next((tmp_path / FOLDER).glob("terms-*.js")).unlink()
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
