"""The general index and ``objects.inv`` written only when what they show changed.

The HTML builder writes ``genindex.html`` and ``objects.inv`` at the end of
every build, also after an edit that changes no index entry and no object: at
1,000 articles, 60 ms to sort the index entries and render the page, and 50
ms to list every domain's objects and compress them, a fifth of the edit's
rebuild in ``dossier serve``.  Here each is written only when its inputs
differ from those of the files on disk, and then by Sphinx's own method, so
the files are always the ones Sphinx writes.

The inputs of ``objects.inv`` are what Sphinx writes it from: the project's
name and version, every domain's objects and the builder's addresses.  Those
of the general index: every document's index entries (in Sphinx's order), the
set of documents, the toctrees, what every page shares (the configuration,
the theme's options, the scripts and styles with their checksums, the
templates, the extensions' code) and the navigation in its sidebar.  The
navigation would be costly to compare; a token stands for it, renewed when a
build reads again or removes a document that the navigation may show.  The
token lives in the environment, which Sphinx saves before it writes a page:
a build stopped in between leaves a token the files were not written from.

What each file was written from is kept beside the environment, with the
file's size and modification time: a file changed or deleted since is
written again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx
import sphinx.builders.html as html_builder
from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

from dossier.speed.fence import require, switched_off

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

KEPT_PAGE_EVENT = "dossier-html-page-kept"  # (app, pagename): a page left as it was
NAVIGATION_TOKEN = "dossier_navigation_token"  # the environment's attribute
RECORD_FORMAT = 1


class NavigationWatch:
    """Renews the environment's navigation token when a build reads again or
    removes a document that the navigation may show (before or after).

    Sphinx purges such a document first, in the main process also under
    ``-j``; the token is renewed once every document is read.
    """

    def __init__(self) -> None:
        self.purged: set[str] = set()
        self.shown = False

    def note(self, _app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.purged.add(docname)
        self.shown = self.shown or in_navigation(env, docname)

    def renew(self, _app: Sphinx, env: BuildEnvironment) -> None:
        shown = self.shown or any(in_navigation(env, docname) for docname in self.purged)
        self.purged, self.shown = set(), False
        if shown or NAVIGATION_TOKEN not in env.__dict__:
            setattr(env, NAVIGATION_TOKEN, uuid.uuid4().hex)


def in_navigation(env: BuildEnvironment, docname: str) -> bool:
    """The root document and those in a toctree (in the navigation if that is
    reached from the root)."""
    return docname == env.config.root_doc or docname in env.files_to_rebuild


class UnchangedIndices:
    """Wraps the HTML builder's ``write_genindex`` and ``dump_inventory``."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        builder = app.builder
        self._write_genindex, self._dump_inventory = builder.write_genindex, builder.dump_inventory
        builder.write_genindex, builder.dump_inventory = self.write_genindex, self.dump_inventory
        self.path = Path(builder.doctreedir) / f"dossier-indices-{builder.name}.json"
        self._records: dict[str, Any] | None = None
        self._last: dict[str, tuple[tuple[Any, ...], str]] = {}

    def write_genindex(self) -> None:
        self._write_if_changed("genindex", genindex_inputs(self.app), self._write_genindex)

    def dump_inventory(self) -> None:
        self._write_if_changed("inventory", inventory_inputs(self.app), self._dump_inventory)

    def _write_if_changed(
        self, name: str, inputs: tuple[Any, ...], write: Callable[[], None]
    ) -> None:
        digest = self._digest(name, inputs)
        records = self._load()
        kept = records.get(name)
        if digest is not None and kept and kept["inputs"] == digest and self._intact(kept["files"]):
            for pagename, _file, *_stat in kept["files"]:
                if pagename:
                    self.app.emit(KEPT_PAGE_EVENT, pagename)
            return
        records.pop(name, None)
        with self._pages_written() as pages:
            write()
        if name == "inventory":
            pages.append(("", Path(self.app.builder.outdir, html_builder.INVENTORY_FILENAME)))
        files = [[pagename, str(path), *_size_and_time(path)] for pagename, path in pages]
        if digest is not None and files and all(file[2:] for file in files):
            records[name] = {"inputs": digest, "files": files}
        self._save()

    def _digest(self, name: str, inputs: tuple[Any, ...]) -> str | None:
        """``digest(inputs)``; the last one again if the inputs equal the last
        ones (comparing is cheaper than ``repr``)."""
        last = self._last.get(name)
        if last is not None and last[0] == inputs:
            return last[1]
        found = digest(inputs)
        if found is None:
            self._last.pop(name, None)
        else:
            self._last[name] = (inputs, found)
        return found

    @contextlib.contextmanager
    def _pages_written(self) -> Iterator[list[tuple[str, Path]]]:
        """The (pagename, file) of each page the builder writes meanwhile."""
        builder = self.app.builder
        pages: list[tuple[str, Path]] = []
        handle_page = builder.handle_page
        own = builder.__dict__.get("handle_page")

        def recording(pagename: str, *args: Any, outfilename: Any = None, **kwargs: Any) -> Any:
            path = Path(outfilename) if outfilename else builder.get_output_path(pagename)
            pages.append((pagename, path))
            return handle_page(pagename, *args, outfilename=outfilename, **kwargs)

        builder.handle_page = recording
        try:
            yield pages
        finally:
            if own is None:
                del builder.handle_page
            else:
                builder.handle_page = own

    def _intact(self, files: list[list[Any]]) -> bool:
        """Each file is still the one written (same size and modification time)."""
        return all(_size_and_time(Path(path)) == stat for _pagename, path, *stat in files)

    def _load(self) -> dict[str, Any]:
        if self._records is None:
            try:
                saved = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                saved = {}
            where = (RECORD_FORMAT, str(self.app.builder.outdir))
            self._records = saved.get("records", {}) if saved.get("for") == list(where) else {}
        return self._records

    def _save(self) -> None:
        saved = {"for": [RECORD_FORMAT, str(self.app.builder.outdir)], "records": self._records}
        partial = self.path.with_name(self.path.name + ".partial")
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(saved), encoding="utf-8")
            partial.replace(self.path)


def _size_and_time(path: Path) -> list[int]:
    try:
        found = path.stat()
    except OSError:
        return []
    return [found.st_size, found.st_mtime_ns]


def genindex_inputs(app: Sphinx) -> tuple[Any, ...]:
    """Everything the general index pages show."""
    env = app.env
    entries = env.get_domain("index").entries  # type: ignore[attr-defined]
    return (
        "genindex",
        getattr(env, NAVIGATION_TOKEN, None),
        _page_context(app),
        tuple(sorted(env.all_docs)),
        tuple(sorted((docname, tuple(docs)) for docname, docs in env.toctree_includes.items())),
        # In Sphinx's order: an entry's first occurrence gives it its category.
        tuple((docname, tuple(found)) for docname, found in entries.items() if found),
    )


def inventory_inputs(app: Sphinx) -> tuple[Any, ...]:
    """Everything ``objects.inv`` lists, as ``InventoryFile.dump`` reads it."""
    env = app.env
    return (
        "inventory",
        sphinx.__version__,
        env.config.project,
        env.config.version,
        _builder_identity(app.builder),
        tuple(
            (domain.name, tuple(sorted(domain.get_objects()))) for domain in env.domains.sorted()
        ),
    )


def _page_context(app: Sphinx) -> Any:
    """What every page of the build shares: the configuration, the theme, the
    site's scripts and styles (the page links them by checksum), the templates
    and the code of the extensions (whose handlers add to the page)."""
    builder = app.builder
    shared = {
        key: value
        for key, value in getattr(builder, "globalcontext", {}).items()
        # The lists as the last page written left them: the site's own are below.
        if key not in {"script_files", "css_files"}
    }
    assets = [*builder._orig_css_files, *builder._orig_js_files]
    checksums = [
        html_builder._file_checksum(builder.outdir, asset.filename)
        for asset in assets
        if isinstance(asset, _JavaScript | _CascadingStyleSheet) and asset.filename
    ]
    return (
        _builder_identity(builder),
        builder.build_info.config_hash,
        builder.build_info.tags_hash,
        _plain(shared),
        _plain(assets),
        checksums,
        builder.templates.newest_template_mtime() if builder.templates else None,
        _code_of(app),
    )


def _builder_identity(builder: Any) -> tuple[str, ...]:
    """What the builder's addresses for pages depend on."""
    kind = type(builder)
    return kind.__module__, kind.__qualname__, builder.name, builder.out_suffix, builder.link_suffix


def _code_of(app: Sphinx) -> list[tuple[str, Any]]:
    """Each extension's version, and when its package's Python files last
    changed (Sphinx's own version is in the page context)."""
    versions = [(name, str(extension.version)) for name, extension in app.extensions.items()]
    packages = sorted({name.partition(".")[0] for name in app.extensions} - {"sphinx"})
    return sorted(versions) + [(package, _newest_python_file(package)) for package in packages]


@functools.cache
def _newest_python_file(package: str) -> int:
    """Once per process: code that changes restarts ``dossier serve``."""
    module = sys.modules.get(package)
    folders = list(getattr(module, "__path__", ()))
    files = [module.__file__] if module is not None and not folders and module.__file__ else []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            files += [os.path.join(root, name) for name in names if name.endswith(".py")]
    newest = 0
    for file in files:
        with contextlib.suppress(OSError):
            newest = max(newest, os.stat(file).st_mtime_ns)
    return newest


def _plain(value: Any) -> Any:
    """``value`` as tuples of strings: dictionaries and sets in sorted order,
    scripts and styles by what they say, anything else by its ``repr`` (so
    ``1`` and ``True`` differ, and a later change to the object is seen)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        items = ((repr(_plain(key)), _plain(item)) for key, item in value.items())
        return ("dict", *sorted(items, key=lambda item: item[0]))
    if isinstance(value, list | tuple):
        return (type(value).__name__, *map(_plain, value))
    if isinstance(value, set | frozenset):
        return ("set", *sorted(repr(_plain(item)) for item in value))
    if isinstance(value, _JavaScript | _CascadingStyleSheet):
        return (type(value).__name__, str(value))
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return repr(value)


def digest(inputs: tuple[Any, ...]) -> str | None:
    """A digest of ``inputs`` by their ``repr``; None when that names an object
    by its address (an object found there later may have the same one)."""
    text = repr(inputs)
    if " at 0x" in text:
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_targets() -> None:
    """The builder's methods this wraps, as they were written for."""
    html = html_builder.StandaloneHTMLBuilder
    for attribute, signature in (
        ("write_genindex", "(self) -> 'None'"),
        ("dump_inventory", "(self) -> 'None'"),
        (
            "handle_page",
            "(self, pagename: 'str', addctx: 'dict[str, Any]', templatename: 'str' = "
            "'page.html', *, outfilename: 'Path | None' = None, event_arg: 'Any' = None) "
            "-> 'None'",
        ),
    ):
        require("unchanged_indices", html, attribute, signature, "Sphinx 9.0.4")


def _wrap_builder(app: Sphinx) -> None:
    builder = app.builder
    if (
        builder.name in {"html", "dirhtml"}
        and isinstance(builder, html_builder.StandaloneHTMLBuilder)
        and not switched_off("unchanged_indices")
    ):
        builder.dossier_unchanged_indices = UnchangedIndices(app)


def setup(app: Sphinx) -> None:
    check_targets()
    app.add_event(KEPT_PAGE_EVENT)
    watch = NavigationWatch()
    # Before Sphinx's collectors (priority 500) forget the document's toctrees.
    app.connect("env-purge-doc", watch.note, priority=10)
    # After the other handlers, which may still change what was read.
    app.connect("env-updated", watch.renew, priority=900)
    app.connect("builder-inited", _wrap_builder)
