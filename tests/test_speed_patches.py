"""The speed patches: each is installed in place of its target, stops the build
when its target changed, and changes nothing but speed."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx.events as sphinx_events
from sphinx.search import IndexBuilder

from dossier.speed import (
    asset_checksums,
    docutils_settings,
    event_debug,
    fence,
    index_entries_kept,
    index_prune,
    index_terms,
    index_words_once,
    kept_index,
    patches,
)
from dossier.speed.fence import PatchTargetChangedError


class Index:
    def __init__(self) -> None:
        self._titles = {"a": "A", "b": "B", "c": "C"}
        self._all_titles = {"a": [], "b": [], "c": []}
        self._filenames = {"a": "a.md", "b": "b.md", "c": "c.md"}
        self._mapping = {"word": {"a", "b", "c"}, "other": {"c"}}
        self._title_mapping = {"title": {"b", "c"}}
        self._index_entries = {"b": [("mek", "", "main")], "c": [("ncri", "", "main")]}


def test_prune_with_a_dict_keeps_the_same_documents_as_sphinx():
    ours, theirs = Index(), Index()
    index_prune.prune_with_a_set(ours, {"a": 1, "c": 2})
    index_prune._prune(theirs, {"a": 1, "c": 2})
    assert ours._mapping == theirs._mapping == {"word": {"a", "c"}, "other": {"c"}}
    assert ours._titles == theirs._titles
    assert ours._index_entries == {"c": [("ncri", "", "main")]}  # removed pages' entries go too


def test_get_terms_gives_what_sphinx_gives():
    index = Index()
    index._mapping["stray"] = {"a", "gone"}  # a page without a number is left out
    index._mapping["lone"] = {"gone"}
    numbers = {"a": 0, "b": 1, "c": 2}
    ours = index_terms.get_terms_in_c(index, numbers)
    assert ours == index_terms._get_terms(index, numbers)
    assert ours[0] == {"word": [0, 1, 2], "other": 2, "stray": [0]}


def test_every_patch_replaces_its_target_with_its_own_function():
    patches.setup(None)
    for patch in patches.PATCHES:
        assert getattr(patch.owner, patch.attribute) is patch.replacement, patch.name
        assert patch.original is not patch.replacement, patch.name
    assert event_debug.installed()


def test_installing_again_keeps_the_real_target_as_the_original():
    """A second install must not take the first one's replacement for the target."""
    patches.setup(None)
    patches.setup(None)
    for patch in patches.PATCHES:
        home = patch.original.__module__.partition(".")[0]
        assert home in {"sphinx", "myst_parser", "docutils"}, patch.name
        assert getattr(patch.owner, patch.attribute) is patch.replacement


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda patch: patch.target)
def test_a_target_with_another_signature_stops_the_build_naming_the_patch(patch, monkeypatch):
    def changed(self, something_new):  # what a new release might bring
        return None

    monkeypatch.setattr(patch, "original", changed)
    monkeypatch.setattr(patch.owner, patch.attribute, changed)
    with pytest.raises(PatchTargetChangedError) as raised:
        patches.setup(None)
    message = str(raised.value)
    assert f"dossier speed patch '{patch.name}'" in message
    assert "changed signature: (self, something_new)" in message
    assert f"update dossier/speed/{patch.name}.py" in message and "pin" in message


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda patch: patch.target)
def test_a_missing_target_stops_the_build(patch, monkeypatch):
    monkeypatch.setattr(patch, "original", None)
    monkeypatch.delattr(patch.owner, patch.attribute)
    with pytest.raises(PatchTargetChangedError, match=f"{patch.attribute} is missing"):
        patch.install()


def test_a_target_someone_else_replaced_stops_the_build(monkeypatch):
    patch = index_prune.PATCH
    monkeypatch.setattr(IndexBuilder, "prune", lambda self, docnames: None)
    with pytest.raises(PatchTargetChangedError, match="was replaced by"):
        patch.install()


def test_an_emit_that_no_longer_uses_repr_stops_the_build(monkeypatch):
    original = sphinx_events.EventManager.emit

    def emit(self, name: str, *args, allowed_exceptions: tuple[type[Exception], ...] = ()):
        return original(self, name, *args, allowed_exceptions=allowed_exceptions)

    emit.__annotations__ = original.__annotations__
    monkeypatch.setattr(event_debug.PATCH, "original", emit)
    monkeypatch.setattr(sphinx_events.EventManager, "emit", emit)
    with pytest.raises(PatchTargetChangedError, match="no longer uses repr, logger, debug"):
        event_debug.apply(None)


def test_an_index_of_another_shape_stops_the_build_instead_of_a_partial_index():
    """Sphinx's ``load_indexer`` turns a ``ValueError`` into a warning and an
    index missing pages; the patch's error is not one, so the build stops."""
    index = Index()
    changed = {"docnames": ["a"], "indexentries": {"mek": [[0, "", True, "new field"]]}}
    with pytest.raises(PatchTargetChangedError, match="index_entries_kept") as raised:
        index_entries_kept.restore_index_entries(index, changed)
    assert not isinstance(raised.value, ValueError | OSError)
    with pytest.raises(PatchTargetChangedError):
        index_entries_kept.restore_index_entries(index, {"indexentries": {}})
    good = {"docnames": ["a"], "indexentries": {"mek": [[0, "", True]]}}
    index_entries_kept.restore_index_entries(index, good)
    assert index._index_entries["a"] == [("mek", "", "main")]


def test_a_kept_index_whose_feed_files_words_another_way_stops_the_build(monkeypatch):
    """``kept_index`` learns a page's words from ``setdefault``: if Sphinx's
    ``feed`` stops calling it, the first page fed says so."""

    class Indexer(Index):
        def feed(self, docname, *_args):
            for word in ("alpha", "beta"):  # not through setdefault
                self._mapping[word] = self._mapping.get(word, set()) | {docname}

        def prune(self, _docnames): ...

        def get_terms(self, _numbers): ...

    monkeypatch.setattr(kept_index, "_feed_checked", False)
    kept = kept_index.KeptIndex(Indexer())
    with pytest.raises(PatchTargetChangedError, match="no longer files words with setdefault"):
        kept.feed("d")


def test_a_kept_index_checks_sphinx_feed_once_and_finds_it_right(monkeypatch):
    class Indexer(Index):
        def feed(self, docname, *_args):
            for word in ("alpha", "word"):
                self._mapping.setdefault(word, set()).add(docname)

        def prune(self, _docnames): ...

        def get_terms(self, _numbers): ...

    monkeypatch.setattr(kept_index, "_feed_checked", False)
    kept = kept_index.KeptIndex(Indexer())
    kept.feed("d")
    assert kept.words_of["d"] == ({"alpha", "word"}, set())
    assert kept_index._feed_checked


def test_asset_checksums_are_sphinx_own(tmp_path):
    (tmp_path / "site.css").write_text("body {}", encoding="utf-8")
    once, sphinx_own = asset_checksums.file_checksum_once, asset_checksums._file_checksum
    assert once(tmp_path, "site.css") == sphinx_own(tmp_path, "site.css")
    assert once(tmp_path, "missing.css") == ""


def test_settings_made_once_are_sphinx_settings_with_their_own_lists_and_dependencies():
    from docutils.readers import standalone
    from myst_parser.parsers.sphinx_ import MystParser

    make = docutils_settings.SettingsOnce(docutils_settings._sphinx_settings)
    environment = object()
    defaults = {"traceback": True, "smartquotes_locales": [], "tab_width": 8, "env": environment}
    first = make(standalone.Reader, MystParser, defaults=defaults, read_config_files=True)
    second = make(standalone.Reader, MystParser, defaults=dict(defaults), read_config_files=True)
    fresh = make.make(standalone.Reader, MystParser, defaults=defaults, read_config_files=True)
    assert len(make.made) == 1, "the same defaults are made once"
    assert first is not second
    assert first.record_dependencies is not second.record_dependencies
    first.record_dependencies.add("included.md")
    assert second.record_dependencies.list == []
    first.smartquotes_locales.append(("fr", "«»‹›"))
    assert second.smartquotes_locales == [], "a list changed in one copy is not the other's"
    assert first.env is second.env is environment, "the environment stays one object"
    ignored = {"record_dependencies", "smartquotes_locales"}
    assert {k: v for k, v in vars(second).items() if k not in ignored} == {
        k: v for k, v in vars(fresh).items() if k not in ignored
    }
    other = make(standalone.Reader, MystParser, defaults={**defaults, "tab_width": 4})
    assert other.tab_width == 4 and len(make.made) == 2
    # Sphinx passes a new parser object for every document: made once all the same.
    for _ in range(3):
        make(standalone.Reader, MystParser(), defaults=defaults, read_config_files=True)
    assert len(make.made) == 3


SPEED_UPS = sorted(
    {patch.name for patch in patches.PATCHES}
    | {"event_debug", "kept_index", "unchanged_indices", "gc_policy", "doctree_cache"}
)


# Sphinx's incremental search index loses the index entries of pages it does
# not rewrite (what this patch is for): without it, the same files come from a
# full build of the edited project, not from an incremental one.
COMPLETES_INCREMENTAL_BUILDS = {"index_entries_kept", "all"}


def _build_twice(project, outdir, off: str, incremental: bool = True) -> None:
    """A full build, an edit, and an incremental build, as a maintainer runs them
    (or, not ``incremental``, a full build of the edited project)."""
    # One date for both builds' books (else the newest source's time: the edit's).
    env = {**os.environ, fence.OFF_VARIABLE: off, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-n", "-W", "--keep-going"]
    command += ["-d", str(outdir) + "-doctrees", str(project), str(outdir)]
    if incremental:
        subprocess.run(command, env=env, check=True, capture_output=True)
    article = project / "articles" / "one.md"
    original = article.read_text("utf-8")
    article.write_text(original + "\nAn added paragraph.\n", "utf-8")
    try:
        subprocess.run(command, env=env, check=True, capture_output=True)
    finally:
        article.write_text(original, "utf-8")


def _differences(left, right) -> list[str]:
    found = []
    compared = filecmp.dircmp(left, right)
    found += [str(left / name) for name in compared.left_only + compared.right_only]
    found += [str(left / name) for name in compared.diff_files if name != ".buildinfo"]
    for name in compared.common_dirs:
        found += _differences(left / name, right / name)
    return found


@pytest.fixture(scope="module")
def patched_site(tmp_path_factory):
    import shutil
    from pathlib import Path

    project = tmp_path_factory.mktemp("speed") / "timeline"
    shutil.copytree(Path(__file__).parent / "roots" / "test-timeline", project)
    _build_twice(project, project.parent / "patched", off="")
    return project


@pytest.mark.parametrize("name", [*SPEED_UPS, "all"])
def test_each_speed_patch_changes_nothing_but_speed(name, patched_site):
    """The same project, built and rebuilt after an edit with the patch left
    out, gives the same files as with every patch."""
    unpatched = patched_site.parent / f"without-{name}"
    incremental = name not in COMPLETES_INCREMENTAL_BUILDS
    _build_twice(patched_site, unpatched, off=name, incremental=incremental)
    assert _differences(patched_site.parent / "patched", unpatched) == []


def test_feeding_each_word_once_indexes_what_sphinx_indexes(make_app, copy_root, monkeypatch):
    from helpers import search_index

    project = copy_root("timeline")

    def index(folder: str) -> dict:
        app = make_app("html", srcdir=project, builddir=project / folder, freshenv=True)
        app.build()
        return search_index(app.outdir)

    ours = index("ours")
    monkeypatch.setattr(IndexBuilder, "_word_collector", index_words_once._word_collector)
    assert index("sphinx") == ours
    assert len(ours["terms"]) > 50


def test_a_renamed_page_is_listed_under_its_new_title_in_objects_inv(copy_root, tmp_path):
    """The page titles the standard domain lists are remembered per title node;
    a page read again with a new title gets its new title."""
    from sphinx.util.inventory import InventoryFile

    from dossier.tools.serve import ResidentSite

    project = copy_root("timeline")
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")

    def page_title() -> str:
        site.build()
        inventory = InventoryFile.loads((site.outdir / "objects.inv").read_bytes(), uri="")
        return inventory.data["std:doc"]["articles/two"].display_name

    assert page_title() == "Article two"
    two = project / "articles" / "two.md"
    two.write_text(two.read_text("utf-8").replace("title: Article two", "title: Renamed"), "utf-8")
    assert page_title() == "Renamed"


def test_emitted_events_are_logged_with_their_arguments_only_with_vv(make_app, copy_root):
    """Without ``-vv`` Sphinx shows no debug message, so the text of every
    event's arguments is not made; with it, the messages are Sphinx's own."""
    from io import StringIO

    project = copy_root("articles")
    for verbosity, shown in ((2, True), (0, False)):
        status = StringIO()
        make_app("html", srcdir=project, status=status, verbosity=verbosity).build()
        messages = status.getvalue()
        assert ("[app] emitting event: 'html-page-context'" in messages) is shown
        if shown:
            assert "'body':" in messages, "the event's arguments, as Sphinx logs them"
        assert "build succeeded" in messages


def test_doctrees_past_the_cap_are_loaded_from_their_pickle_and_give_the_same_pages(
    make_app, copy_root, monkeypatch
):
    """With room for one doctree, every other page is written from its pickle,
    and the site is the same file for file as with room for all."""
    from dossier.speed import doctree_cache

    project = copy_root("timeline")

    def site(folder: str, kept: int) -> tuple[Path, int]:
        monkeypatch.setattr(doctree_cache, "DOCTREES_KEPT", kept)
        app = make_app("html", srcdir=project, builddir=project / folder, freshenv=True)
        app.build()
        cache = app.env._write_doc_doctree_cache
        assert isinstance(cache, doctree_cache.CappedCache) and not cache
        return Path(app.outdir), cache.turned_away

    all_kept, turned_away_none = site("all", 10_000)
    one_kept, turned_away = site("one", 1)
    assert turned_away_none == 0 and turned_away > 3
    assert _differences(all_kept, one_kept) == []


def test_a_cache_sphinx_no_longer_uses_stops_the_build(monkeypatch):
    from sphinx.environment import BuildEnvironment

    from dossier.speed import doctree_cache

    def get_doctree(self, docname: str) -> nodes.document:  # noqa: F821 (as Sphinx writes it)
        return None  # keeps no cache

    monkeypatch.setattr(BuildEnvironment, "get_doctree", get_doctree)
    with pytest.raises(
        fence.PatchTargetChangedError, match=r"doctree_cache.*_pickled_doctree_cache"
    ):
        doctree_cache.check_targets()


def test_the_capped_cache_takes_no_new_key_when_full():
    from dossier.speed.doctree_cache import CappedCache

    cache = CappedCache(2, {"a": 1})
    cache["b"], cache["c"], cache["a"] = 2, 3, 4
    assert cache == {"a": 4, "b": 2}
    assert cache.pop("a") == 4 and "a" not in cache
