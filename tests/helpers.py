"""Small helpers the tests share: built HTML and MyST sources as text, a running preview."""

from __future__ import annotations

import contextlib
import itertools
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bs4 import BeautifulSoup
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>`]*>)?`")  # {role}`words <target>`
_OPTION_LINES = re.compile(r"\A(?::[\w-]+:.*\n)+")
_MYST_MARKDOWN = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: \* shows as *
_SPACE = re.compile(r"[ \t\r\n]+")  # not \s: a no-break space must stay a no-break space

# Two paragraphs of a made-up news page (tests that import one).
WORDS = (
    "The council met on Tuesday and heard the report on the river’s water, which the "
    "engineers had measured every week since the spring and found cleaner than before."
)
MORE = (
    "Residents asked whether the new pumps would be paid for by the city or by the "
    "region, and the mayor said the budget would be voted on in the autumn."
)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main_text(path: Path) -> str:
    """The visible text of a page's main content, without permalink pilcrows."""
    page = soup(path)
    main = page.find("article", id="furo-main-content") or page.body
    for link in main.select("a.headerlink"):
        link.decompose()
    return normalise(main.get_text())


def _blocks(text: str) -> list[tuple[str, str]]:
    blocks = []
    tokens = _MYST_MARKDOWN.parse(text)
    for opening, inline in itertools.pairwise([*tokens, None]):
        if (
            opening.type in ("paragraph_open", "heading_open")
            and inline
            and inline.type == "inline"
        ):
            kind = "heading" if opening.type == "heading_open" else "paragraph"
            words = _ESCAPED.sub(r"\1", _ROLE.sub(r"\1", inline.content))
            blocks.append((kind, normalise(words)))
        elif opening.type in ("fence", "colon_fence") and opening.info.startswith("{"):
            # a directive: its options are ours, its content is the article's
            body = _OPTION_LINES.sub("", opening.content)
            if opening.info.startswith("{container}"):
                blocks.append(("paragraph", normalise(body)))
            else:
                blocks += _blocks(body)
    return blocks


def source_blocks(path: Path) -> list[tuple[str, str]]:
    """(kind, text) of each heading and paragraph of a MyST file, as a reader sees it.

    Front matter and directive options are skipped, directive content is read
    as Markdown, and roles are reduced to their words.
    """
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 1)[1].split("\n", 1)[1]
    return _blocks(text)


def search_index(outdir: Path) -> dict:
    """The search index as Sphinx's search sees it once every shard is loaded."""
    from dossier.web.search_shards import ShardedIndex

    with (outdir / "searchindex.js").open(encoding="utf-8") as stream:
        return ShardedIndex(outdir).load(stream)


def build_recording(app) -> tuple[list[str], list[str]]:
    """Build, returning the docnames Sphinx read and those it wrote."""
    read: list[str] = []
    written: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    app.connect("doctree-resolved", lambda _app, _tree, docname: written.append(docname))
    app.build()
    return sorted(read), sorted(written)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@contextlib.contextmanager
def running_preview(project: Path, build: Path) -> Iterator[tuple[str, IO[str]]]:
    """`dossier serve` on a test project at a free port: its address and its output."""
    command = [
        sys.executable, "-m", "dossier.tools.cli", "--docs", str(project), "serve",
        "--conf", str(project), "--build", str(build), "--port", "0",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        assert first.startswith("built in"), first + server.stderr.read()
        address = server.stdout.readline().split()[1]
        assert address.startswith("http://127.0.0.1:"), address
        yield address, server.stdout
    finally:
        server.terminate()
        server.wait(timeout=10)


ARTICLE_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>River report</title>"
    "</head><body><article><h1>River report</h1><p>The council met on Tuesday and heard the "
    "report on the river’s water, which the engineers had measured every week since the "
    "spring and found cleaner than before.</p><figure><img src='/photo.png' alt='The river'>"
    "<figcaption>The river in May.</figcaption></figure>"
    "<p>Residents asked whether the new pumps would "
    "be paid for by the city or by the region, and the mayor said the budget would be voted "
    "on in the autumn.</p></article></body></html>"
).encode()


@contextlib.contextmanager
def bad_pages_server() -> Iterator[str]:
    """A web server on 127.0.0.1 with an article and each bad answer `dossier
    import URL` must refuse; yields its address (``http://127.0.0.1:port``)."""
    import http.server
    import threading
    import time

    class Pages(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, code: int, kind: str, body: bytes, **headers: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", headers.pop("length", str(len(body))))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the client may have given up
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            if path == "/article":
                self._send(200, "text/html; charset=utf-8", ARTICLE_PAGE)
            elif path == "/photo.png":
                self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
            elif path == "/moved":
                self._send(301, "text/html", b"", Location="/article")
            elif path == "/to-ftp":
                self._send(302, "text/html", b"", Location="ftp://127.0.0.1/file")
            elif path.startswith("/status/"):
                code = int(path.rsplit("/", 1)[1])
                self._send(code, "text/html", b"<html><body>Error</body></html>")
            elif path == "/report.pdf":
                self._send(200, "application/pdf", b"%PDF-1.4\n")
            elif path == "/huge":
                self._send(200, "text/html", b"<html>", length=str(64 * 1024 * 1024))
            elif path == "/slow":
                time.sleep(3)
                self._send(200, "text/html", ARTICLE_PAGE)
            elif path == "/home":
                links = "".join(f"<li><a href='/a{i}'>Story {i}</a></li>" for i in range(20))
                self._send(200, "text/html", f"<html><body><ul>{links}</ul></body></html>".encode())
            else:
                self._send(404, "text/html", b"<html><body>Not found</body></html>")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def dossier(*args: str) -> subprocess.CompletedProcess[str]:
    """The maintainer's command, run as a maintainer runs it (its own process)."""
    return subprocess.run(
        [sys.executable, "-m", "dossier.tools.cli", *args],
        capture_output=True,
        text=True,
        check=False,
    )


EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


def epubcheck(book: Path) -> str:
    """epubcheck's report on ``book``; fails unless it found no error and no warning."""
    import shutil

    java = shutil.which("java")
    assert java and EPUBCHECK_JAR.exists(), "run `make test`: it installs Java and epubcheck"
    result = subprocess.run(
        [java, "-jar", str(EPUBCHECK_JAR), str(book)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout, result.stdout
    return result.stdout
