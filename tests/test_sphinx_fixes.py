"""The search-index workarounds keep exactly what Sphinx means to keep."""

from __future__ import annotations

import sphinx.builders.html as html_builder
from sphinx.search import IndexBuilder

import dossier.sphinx_fixes as fixes


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
    fixes._prune_with_a_set(ours, {"a": 1, "c": 2})
    fixes._prune(theirs, {"a": 1, "c": 2})
    assert ours._mapping == theirs._mapping == {"word": {"a", "c"}, "other": {"c"}}
    assert ours._titles == theirs._titles
    assert ours._index_entries == {"c": [("ncri", "", "main")]}  # removed pages' entries go too


def test_get_terms_gives_what_sphinx_gives():
    index = Index()
    index._mapping["stray"] = {"a", "gone"}  # a page without a number is left out
    index._mapping["lone"] = {"gone"}
    numbers = {"a": 0, "b": 1, "c": 2}
    assert fixes._get_terms_in_c(index, numbers) == fixes._get_terms(index, numbers)
    assert fixes._get_terms_in_c(index, numbers)[0] == {"word": [0, 1, 2], "other": 2, "stray": [0]}


def test_the_workarounds_are_installed_once():
    fixes.setup(None)
    fixes.setup(None)
    assert IndexBuilder.prune is fixes._prune_with_a_set
    assert IndexBuilder.load is fixes._load_with_index_entries
    assert IndexBuilder.get_terms is fixes._get_terms_in_c
    assert html_builder._file_checksum is fixes._file_checksum_once


def test_asset_checksums_are_sphinx_own(tmp_path):
    (tmp_path / "site.css").write_text("body {}", encoding="utf-8")
    assert fixes._file_checksum_once(tmp_path, "site.css") == fixes._file_checksum(
        tmp_path, "site.css"
    )
    assert fixes._file_checksum_once(tmp_path, "missing.css") == ""


def test_settings_made_once_are_sphinx_settings_with_their_own_dependency_list():
    from docutils.readers import standalone
    from myst_parser.parsers.sphinx_ import MystParser

    make = fixes._SettingsOnce(fixes._sphinx_settings)
    shared = []
    defaults = {"traceback": True, "smartquotes_locales": shared, "tab_width": 8}
    first = make(standalone.Reader, MystParser, defaults=defaults, read_config_files=True)
    second = make(standalone.Reader, MystParser, defaults=dict(defaults), read_config_files=True)
    fresh = make.make(standalone.Reader, MystParser, defaults=defaults, read_config_files=True)
    assert len(make.made) == 1, "the same defaults are made once"
    assert first is not second
    assert first.record_dependencies is not second.record_dependencies
    first.record_dependencies.add("included.md")
    assert second.record_dependencies.list == []
    ignored = {"record_dependencies"}
    assert {k: v for k, v in vars(second).items() if k not in ignored} == {
        k: v for k, v in vars(fresh).items() if k not in ignored
    }
    other = make(standalone.Reader, MystParser, defaults={**defaults, "tab_width": 4})
    assert other.tab_width == 4 and len(make.made) == 2
    # Sphinx passes a new parser object for every document: made once all the same.
    for _ in range(3):
        make(standalone.Reader, MystParser(), defaults=defaults, read_config_files=True)
    assert len(make.made) == 3


def test_feeding_each_word_once_indexes_what_sphinx_indexes(make_app, copy_root, monkeypatch):
    from helpers import search_index

    project = copy_root("timeline")

    def index(folder: str) -> dict:
        app = make_app("html", srcdir=project, builddir=project / folder, freshenv=True)
        app.build()
        return search_index(app.outdir)

    ours = index("ours")
    monkeypatch.setattr(IndexBuilder, "_word_collector", fixes._word_collector)
    assert index("sphinx") == ours
    assert len(ours["terms"]) > 50


def test_a_renamed_page_is_listed_under_its_new_title_in_objects_inv(copy_root, tmp_path):
    """The page titles the standard domain lists are remembered per title node;
    a page read again with a new title gets its new title."""
    from sphinx.util.inventory import InventoryFile

    from dossier.serve import ResidentSite

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
