"""`dossier import` of saved web pages: every encoding, the page's own words,
the article's structure, its metadata, and the faults found by trying it."""

from __future__ import annotations

import codecs
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.tools.import_decode import decode
from dossier.tools.import_errors import ImportRefused
from dossier.tools.import_extract import extract
from helpers import dossier, source_blocks

BASE = Path(__file__).parent / "bad" / "_base"
MORE = (
    "Residents asked whether the new pumps would be paid for by the city or by the "
    "region, and the mayor said the budget would be voted on in the autumn."
)
WORDS = (
    "The council met on Tuesday and heard the report on the river’s water, which the "
    "engineers had measured every week since the spring and found cleaner than before."
)


@pytest.fixture
def docs(tmp_path):
    target = tmp_path / "docs"
    shutil.copytree(BASE, target)
    return target


def page(body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html lang='en'><head>{head}<title>The title – Site</title></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><header><h1>The title</h1></header>{body}</article>"
        "<footer>Copyright © 2021</footer></body></html>"
    )


ACCENTED = f"<p>Café déjà vu: “naïve” — {WORDS}</p><p>{MORE}</p>"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf-8 with a BOM", codecs.BOM_UTF8 + page(ACCENTED).encode("utf-8")),
        ("utf-16 with a BOM", page(ACCENTED).encode("utf-16")),
        ("meta charset", page(ACCENTED, "<meta charset='windows-1252'>").encode("cp1252")),
        (
            "http-equiv",
            page(
                ACCENTED,
                "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>",
            )
            .replace("“", '"')
            .replace("”", '"')
            .replace("—", "-")
            .replace("’", "'")
            .replace("–", "-")
            .encode("latin-1"),
        ),
        ("windows-1252, undeclared", page(ACCENTED).encode("cp1252")),
        ("utf-8, undeclared", page(ACCENTED).encode("utf-8")),
    ],
)
def test_every_encoding_decodes(name, data):
    text, _encoding = decode(data, "page.html")
    assert "Café déjà vu" in text, name
    first = extract(text).blocks[0].text
    assert first.startswith("Café déjà vu: ")


def test_undecodable_bytes_are_refused_with_file_and_offset():
    data = b"<p>abc</p>" + bytes(range(0x80, 0x100)) * 4
    with pytest.raises(ImportRefused) as refused:
        decode(b"\xef\xbb\xbf" + data[:5] + b"\xff" + data, "page.html")
    assert str(refused.value).startswith(
        "page.html: byte 8 (0xff) cannot be read as utf-8-sig, which its byte-order mark says"
    )


def test_the_page_words_are_kept_character_for_character():
    words = "A no\u00a0break space, “curly quotes”, ‘single’ — dashes – and … ellipses."
    html = page(f"<p>{words} {WORDS}</p><p>{MORE}</p>")
    blocks = extract(html).blocks
    assert blocks[0].text == f"{words} {WORDS}"


def test_structure_headings_lists_quotes_tables_captions():
    html = page(
        f"<p>{WORDS}</p><h2>A section</h2><p>{WORDS}</p>"
        "<ol><li>First step</li><li>Second step</li></ol>"
        f"<blockquote><p>Quoted: {WORDS}</p></blockquote>"
        "<figure><img src='a.jpg' alt=''><figcaption>The river in May.</figcaption></figure>"
        f"<p>After the figure. {WORDS}</p>"
        "<table><tr><th>Year</th><th>Level</th></tr><tr><td>2019</td><td>4 | 5</td></tr></table>"
        f"<p>Last. {WORDS}</p>"
    )
    kinds = [(b.kind, b.text) for b in extract(html).blocks]
    assert ("heading", "A section") in kinds
    assert ("item", "First step") in kinds
    assert ("quote", f"Quoted: {WORDS}") in kinds
    assert ("caption", "The river in May.") in kinds
    assert [b.rows for b in extract(html).blocks if b.kind == "table"] == [
        [["Year", "Level"], ["2019", "4 | 5"]]
    ]


def test_h1_in_article_header_is_the_title_and_metadata_is_read():
    html = page(
        f"<p>{WORDS}</p><p>{MORE}</p>",
        "<meta name='author' content='Ana Ruiz'><meta property='og:site_name' content='The Daily'>"
        "<link rel='canonical' href='https://daily.example/river'>"
        "<meta property='article:published_time' content='2020-06-07T10:00:00Z'>",
    )
    result = extract(html)
    assert result.title == "The title"
    assert result.metadata == {
        "authors": ["Ana Ruiz"],
        "date": "2020-06-07",
        "publisher": "The Daily",
        "url": "https://daily.example/river",
        "language": "en",
    }


def test_a_year_alone_stays_a_year():
    assert extract(page(f"<p>{WORDS}</p><p>{MORE}</p>")).metadata["date"] == "2021"


def test_nested_lists_do_not_repeat_and_br_does_not_glue(docs, tmp_path):
    source = tmp_path / "saved.html"
    source.write_text(
        page(
            f"<p>{WORDS}</p><p>{MORE}</p><ul><li>Outer<ul><li>inner</li></ul></li><li>one<br>two</li></ul>"
        ),
        encoding="utf-8",
    )
    result = dossier("--docs", str(docs), "import", str(source), "--slug", "lists")
    assert result.returncode == 0, result.stderr
    text = (docs / "articles" / "lists.md").read_text("utf-8")
    assert "- Outer\n  - inner\n- one two\n" in text


@pytest.mark.parametrize("slug", ["../../x", "/tmp/x", "a/b", ".hidden", ""])
def test_a_slug_that_is_not_a_plain_name_is_refused(docs, tmp_path, slug):
    before = sorted(tmp_path.rglob("*"))
    result = dossier("--docs", str(docs), "import", str(BASE.parent / "no-article-body.html"),
                     "--slug", slug)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith(f"--slug '{slug}' is not a plain name; nothing was written")
    assert sorted(tmp_path.rglob("*")) == before


def test_the_written_page_has_the_usual_mode(docs, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(f"A title\n\n{WORDS}\n", encoding="utf-8")
    old = os.umask(0o022)
    try:
        assert dossier("--docs", str(docs), "import", str(source), "--slug", "a").returncode == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((docs / "articles" / "a.md").stat().st_mode) == 0o644


def test_a_page_full_of_markup_characters_is_written_escaped(docs, tmp_path):
    odd = [
        "1. not a list item",
        "> not a quotation",
        "# not a heading",
        "- not a bullet",
        "+ not a bullet either",
        "*not emphasis* and _not either_ and `not code` and [not a link](http://x.example)",
        '<script>alert("x")</script> and <img src=x onerror=alert(1)> and a \\ backslash',
        "&amp; stays as typed, % and (target)= too",
    ]
    body = "".join(f"<p>{o.replace('&', '&amp;').replace('<', '&lt;')}</p>" for o in odd)
    source = tmp_path / "odd.html"
    source.write_text(page(f"<p>{WORDS}</p><p>{MORE}</p>{body}"), encoding="utf-8")
    result = dossier("--docs", str(docs), "import", str(source), "--slug", "odd")
    assert result.returncode == 0, result.stderr
    blocks = source_blocks(docs / "articles" / "odd.md")
    assert blocks == [("paragraph", WORDS), ("paragraph", MORE)] + [("paragraph", o) for o in odd]


def test_a_title_the_copy_repeats_stays_the_title(docs, tmp_path):
    source = tmp_path / "repeated.txt"
    source.write_text(f"The title\n\nThe title\n\n{WORDS}\n\n{MORE}\n", encoding="utf-8")
    result = dossier("--docs", str(docs), "import", str(source), "--slug", "repeated")
    assert result.returncode == 0, result.stderr
    written = docs / "articles" / "repeated.md"
    assert 'title: "The title"' in written.read_text("utf-8")
    assert source_blocks(written) == [("paragraph", WORDS), ("paragraph", MORE)]


ODD = [
    "1. not a list item",
    "> not a quotation",
    "# not a heading",
    "- not a bullet",
    "*not emphasis* and _not either_ and `not code` and [not a link](http://x.example)",
    '<script>alert("x")</script> and <img src=x onerror=alert(1)> and a \\ backslash',
    "&amp; stays as typed",
]


def test_the_built_page_shows_every_markup_character_as_written(tmp_path):
    from helpers import main_text, soup

    project = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "roots" / "test-entities", project)
    body = "".join(f"<p>{o.replace('&', '&amp;').replace('<', '&lt;')}</p>" for o in ODD)
    source = tmp_path / "odd.html"
    source.write_text(
        page(f"<p>{WORDS}</p><p>{MORE}</p>{body}").replace(
            "<h1>The title</h1>", "<h1>The *title* with [a link](http://x.example)</h1>"
        ),
        encoding="utf-8",
    )
    result = dossier("--docs", str(project), "import", str(source), "--slug", "odd")
    assert result.returncode == 0, result.stderr
    page_file = project / "articles" / "odd.md"
    text = page_file.read_text("utf-8").replace("TODO: one neutral", "One neutral")
    text = text.replace("draft: true\n", "")
    # raw HTML written by hand is shown as text too, never run
    page_file.write_text(text + "\nBy hand: <b>bold</b>\n\n<script>alert(2)</script>\n", "utf-8")
    out = tmp_path / "out"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(project), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    html = out / "articles" / "odd.html"
    shown = main_text(html)
    for words in [*ODD, "By hand: <b>bold</b>", "<script>alert(2)</script>"]:
        assert words in shown
    assert "The *title* with [a link](http://x.example)" in shown
    page_soup = soup(html)
    article = page_soup.find("article", id="furo-main-content") or page_soup.find(role="main")
    assert article.find_all(["script", "img", "b", "em", "code", "blockquote", "ol"]) == []


def test_import_from_an_address_on_127_0_0_1(docs):
    from helpers import bad_pages_server

    with bad_pages_server() as server:
        result = dossier("--docs", str(docs), "import", f"{server}/moved", "--slug", "river")
    assert result.returncode == 0, result.stderr
    written = (docs / "articles" / "river.md").read_text("utf-8")
    assert 'title: "River report"' in written
    assert f"Web page fetched from {server}/article on " in written
    assert 'source_file: "sources/river.html.gz"' in written
    assert (docs / "sources" / "river.html.gz").is_file()
    assert "The council met on Tuesday" in written
    copies = list((docs / "articles" / "images" / "river").iterdir())
    assert len(copies) == 1 and copies[0].read_bytes().startswith(b"\x89PNG")
    assert f"](images/river/{copies[0].name})" in written


def test_a_complete_saved_page_with_its_folder_imports(docs, tmp_path):
    folder = tmp_path / "Saved page_files"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    source = tmp_path / "Saved page.html"
    source.write_text(
        "<!-- saved from url=(0031)https://news.example/river-report -->\n"
        + page(
            f"<p>{WORDS}</p><figure><img src='Saved%20page_files/photo.jpg' alt='The river'>"
            f"<figcaption>The river in May.</figcaption></figure><p>{MORE}</p>"
            "<p><img src='https://cdn.example/elsewhere.jpg'> <img src='../secret.jpg'></p>"
            f"<p>{WORDS.replace('Tuesday', 'Friday')}</p>"
        ),
        encoding="utf-8",
    )
    result = dossier("--docs", str(docs), "import", str(source))
    assert result.returncode == 0, result.stderr
    written = (docs / "articles" / "the-title.md").read_text("utf-8")
    assert "saved as Saved page.html from https://news.example/river-report on " in written
    assert "```{container} image-caption\nThe river in May.\n```" in written
    copies = list((docs / "articles" / "images" / "the-title").iterdir())
    assert [c.read_bytes() for c in copies] == [b"\xff\xd8\xff"]
    assert f"![The river](images/the-title/{copies[0].name})" in written
    assert "cdn.example" not in written and "secret" not in written
    assert "image https://cdn.example/elsewhere.jpg left out: an address on another server" in (
        result.stdout
    )
    assert "image ../secret.jpg left out: not found beside the saved page" in result.stdout


def test_a_paragraph_of_links_to_other_pages_is_dropped_and_reported(docs, tmp_path):
    source = tmp_path / "related.html"
    source.write_text(
        page(
            f"<p>{WORDS}</p><p>Related: <a href='/other'>Another story about the river</a></p>"
            f"<p>{MORE} See <a href='/budget'>the budget</a>.</p>"
        ),
        encoding="utf-8",
    )
    result = dossier("--docs", str(docs), "import", str(source), "--slug", "related")
    assert result.returncode == 0, result.stderr
    assert (
        f"{source}:1: dropped (links to other pages, not article text): "
        "Related: Another story about the river"
    ) in result.stdout
    blocks = source_blocks(docs / "articles" / "related.md")
    assert blocks == [("paragraph", WORDS), ("paragraph", f"{MORE} See the budget.")]
