"""``dossier serve``: a live preview that rebuilds in place.

sphinx-autobuild starts a new ``sphinx-build`` for every change, which loads
Python, the extensions, the environment and the search index again: most of
the five seconds one edit costs at 1,000 articles.  Here one Sphinx
application stays in memory with its environment and search index; a change
re-reads the changed documents and writes what they feed, and open pages
reload themselves.  It listens on 127.0.0.1 only.  A change to ``conf.py`` or
to this package restarts the command, since Sphinx cannot reload them.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import http.server
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


PACKAGE = Path(__file__).resolve().parents[1]  # the whole dossier package
STATE = "/__dossier/build"
RELOADER = "/__dossier/reload.js"
RELOAD_SCRIPT = (Path(__file__).parent / "serve-reload.js").read_bytes()


def _environment_kept_in_memory(env: Any) -> None:
    """Sphinx pickles the environment in the middle of every build that read a
    document (0.5 s at 1,000 articles), before it writes any page.  Here that
    pickle is a stub, and ``ResidentSite.save`` writes the real one once the
    pages are out.  Should the process end in between, the stub fails to load
    and the next ``sphinx-build`` starts afresh."""
    from sphinx.environment import BuildEnvironment

    class KeptEnvironment(BuildEnvironment):
        def __reduce_ex__(self, _protocol: Any) -> Any:
            self.dossier_unsaved = True
            return (_stub_environment, ())

    env.__class__ = KeptEnvironment


def _stub_environment() -> None:
    msg = "the environment was kept in memory by dossier serve and not saved"
    raise ValueError(msg)


def generated_sources(config: Any) -> tuple[str, ...]:
    """The source folders the build writes itself: entity, tag and year pages."""
    from dossier.features.articles import TAGS_DIR
    from dossier.features.year_pages import FOLDERS

    return (config.dossier_entities_dir, TAGS_DIR, *FOLDERS)


class ResidentSite:
    """One Sphinx application for the HTML site, built again on each change."""

    def __init__(self, srcdir: Path, confdir: Path, outdir: Path, doctreedir: Path) -> None:
        from sphinx.application import Sphinx

        self.outdir = outdir
        self.app = Sphinx(
            str(srcdir), str(confdir), str(outdir), str(doctreedir), "html",
            status=None, warning=sys.stderr, freshenv=False, keep_going=True,
            # A fresh import previews at once; the books (one EPUB per year) and the
            # data files, seconds to make at 10,000 articles, wait for `make html`.
            confoverrides={
                "dossier_show_drafts": True,
                "dossier_books": False,
                "dossier_data_files": False,
            },
        )  # fmt: skip
        _environment_kept_in_memory(self.app.env)
        self.upkeep = getattr(self.app.builder, "dossier_index_upkeep", None)
        if self.upkeep is not None:
            self.upkeep.keep_in_memory = True  # each build starts from the last one's search index
            self.upkeep.deferred = True  # and the pages are out before it is written
        self.builds = 0
        self.search_seconds = 0.0  # writing the last build's search index, after its pages

    def build(self, changed: Iterable[Path] | None = None) -> float:
        """Build what changed; the seconds until its pages were out (the search
        index is written after them: ``search_seconds``).  ``changed``: the
        files the watcher saw change, if known (see ``_only``)."""
        from dossier import start_build

        started = time.perf_counter()
        generated = self._generated() if changed is not None else None
        if self.builds:
            # Sphinx takes the site-wide scripts and styles from the lists as the last
            # page written left them (with its own extras); it resets them per page.
            builder = self.app.builder
            builder._js_files[:] = builder._orig_js_files
            builder._css_files[:] = builder._orig_css_files
            start_build(self.app)
        known = None
        if generated is not None and generated == self._generated():
            known = self._known_documents(changed)
        with self._only(known), self._last_saved_kept():
            self.app.build()
        first = not self.builds
        if first:
            self._warm_up()
        if self.app.__dict__.pop("dossier_gc_thawed", False) or first:
            # What the first build loaded stays for good; later garbage collections,
            # which would walk it all, walk only what later builds make.  (A build
            # that wrote many pages thawed it: gc_policy.  Not gc.get_freeze_count,
            # which counts the frozen objects one by one: 60 ms.)
            gc.collect()
            gc.freeze()
        self.builds += 1  # open pages reload now
        seconds = time.perf_counter() - started
        if self.upkeep is not None:
            started = time.perf_counter()
            self.upkeep.write_deferred()
            self.search_seconds = time.perf_counter() - started
        return seconds

    @contextlib.contextmanager
    def _last_saved_kept(self) -> Iterator[None]:
        """The environment last saved stays on disk through a build.

        Sphinx pickles the environment in the middle of a build that read a
        document; here that pickle is a stub (``_environment_kept_in_memory``),
        which goes to a fresh file set aside and dropped.  A preview that ends
        without saving (killed, or its machine stopped) so leaves an older but
        whole environment, and the next ``sphinx-build`` reads again what was
        edited since, instead of everything.
        """
        from sphinx.application import ENV_PICKLE_FILENAME

        path = Path(self.app.doctreedir) / ENV_PICKLE_FILENAME
        if not path.is_file():
            yield
            return
        aside = path.with_name(f"{path.name}.last-saved")
        os.replace(path, aside)
        try:
            yield
        finally:
            os.replace(aside, path)

    def _warm_up(self) -> None:
        """What the first edit would otherwise make: the mention matcher's
        regex, the mentions filed by entity (``mention_view``), and the search
        index's file layout."""
        from dossier.store.mention_view import view

        env = self.app.env
        matcher = getattr(env, "dossier_matcher", None)
        if matcher is not None:
            matcher.regex  # noqa: B018  compiled now
        view(env)
        if self.upkeep is not None:
            self.upkeep.warm_up()

    def _generated(self) -> set[str]:
        """The entity, tag and year pages the build writes as sources (``stubs``,
        ``year_pages``)."""
        srcdir = Path(self.app.srcdir)
        folders = [srcdir / name for name in generated_sources(self.app.config)]
        return {entry.path for folder in folders if folder.is_dir() for entry in os.scandir(folder)}

    def _known_documents(self, changed: Iterable[Path] | None) -> set[str] | None:
        """The documents behind ``changed``, if all are sources Sphinx knows and
        that are still there; otherwise None."""
        if changed is None or not self.builds:
            return None
        env = self.app.env
        documents = set()
        for path in map(Path, changed):
            docname = env.path2doc(path.resolve())
            if docname is None or docname not in env.all_docs or not path.is_file():
                return None
            documents.add(docname)
        return documents

    @contextlib.contextmanager
    def _only(self, documents: set[str] | None) -> Iterator[None]:
        """Sphinx finds what changed by listing every source and comparing the
        times of every source and page: 0.3 s at 1,000 articles.  When the
        watcher's changes are known documents (``_known_documents``), those are
        what changed, and the scan is skipped.  Anything else (a new or deleted
        file, the registry, a template, a tag page that came or went) gets
        Sphinx's own scan."""
        if documents is None:
            yield
            return
        env, builder = self.app.env, self.app.builder
        changed = documents | (env.reread_always & env.found_docs)
        replaced = {
            (env, "find_files"): lambda _config, _builder: None,
            (env, "get_outdated_files"): lambda _config_changed: (set(), set(changed), set()),
            (builder, "get_outdated_docs"): lambda: iter(sorted(changed)),
        }
        for (owner, name), stand_in in replaced.items():
            setattr(owner, name, stand_in)
        try:
            yield
        finally:
            for owner, name in replaced:
                delattr(owner, name)

    def save(self) -> float:
        """Write the environment the last build kept (for the next ``sphinx-build``);
        the seconds it took (10 s at 10,000 articles: done when the preview
        starts, restarts and stops, not after each edit; see ``_last_saved_kept``)."""
        import pickle

        from sphinx.application import ENV_PICKLE_FILENAME
        from sphinx.environment import BuildEnvironment

        env = self.app.env
        if not getattr(env, "dossier_unsaved", False):
            return 0.0
        started = time.perf_counter()
        kept, env.dossier_unsaved = env.__class__, False
        path = Path(self.app.doctreedir) / ENV_PICKLE_FILENAME
        partial = path.with_name(path.name + ".partial")
        try:
            env.__class__ = BuildEnvironment
            with partial.open("wb") as file:
                pickle.dump(env, file, pickle.HIGHEST_PROTOCOL)
            partial.replace(path)
        finally:
            env.__class__ = kept
            partial.unlink(missing_ok=True)  # a write that failed halfway
        return time.perf_counter() - started


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """The built site, with a script on each page that reloads it after a rebuild."""

    site: ResidentSite

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == STATE:
            self._reply(str(self.site.builds).encode(), "text/plain")
        elif path == RELOADER:
            self._reply(RELOAD_SCRIPT, "text/javascript")
        elif path.endswith((".html", "/")) and (page := self._page(path)) is not None:
            tag = f'<script src="{RELOADER}" defer></script></body>'.encode()
            self._reply(page.read_bytes().replace(b"</body>", tag, 1), "text/html")
        else:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().do_GET()

    def _page(self, path: str) -> Path | None:
        file = Path(self.translate_path(path))
        file = file / "index.html" if file.is_dir() else file
        return file if file.is_file() else None

    def _reply(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@contextlib.contextmanager
def serving(site: ResidentSite, port: int) -> Iterator[str]:
    handler = type("Handler", (PreviewHandler,), {"site": site})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(site.outdir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _restart() -> None:
    print("conf.py or the extension changed: restarting", flush=True)
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def serve(srcdir: Path, confdir: Path, outdir: Path, doctreedir: Path, port: int) -> int:
    """Build, serve, and rebuild on every change until interrupted."""
    from watchfiles import watch

    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # our own line says what changed
    site = ResidentSite(srcdir, confdir, outdir, doctreedir)
    seconds = site.build()
    waiting = "the EPUB books and data files wait for `make html`"
    print(f"built in {seconds:.1f} s ({waiting})", flush=True)
    site.save()
    config = site.app.config
    # The build writes the entity, tag and year pages itself; Python writes bytecode.
    generated = [*(srcdir / name for name in generated_sources(config)), outdir, doctreedir]
    conf = confdir / "conf.py"

    def wanted(_change: object, path: str) -> bool:
        changed = Path(path)
        return "__pycache__" not in changed.parts and not any(
            changed.is_relative_to(folder) for folder in generated
        )

    with serving(site, port) as address:
        print(f"serving {address} (Ctrl+C stops)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            for changes in watch(srcdir, conf, PACKAGE, watch_filter=wanted, debounce=200):
                paths = [Path(path) for _change, path in changes]
                if any(
                    p == conf or (p.suffix == ".py" and p.is_relative_to(PACKAGE)) for p in paths
                ):
                    site.save()
                    _restart()
                try:
                    seconds = site.build(paths)
                except Exception as error:  # the preview stays up; the message names the cause
                    print(f"rebuild failed: {error} (fix it and save again)", file=sys.stderr)
                    continue
                print(
                    f"rebuilt in {seconds:.1f} s ({len(paths)} changed; "
                    f"search index {site.search_seconds:.1f} s after)",
                    flush=True,
                )
    if getattr(site.app.env, "dossier_unsaved", False):
        print("saving the environment for the next `make html`…", flush=True)
        site.save()
    return 0
