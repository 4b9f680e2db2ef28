"""``dossier``: the maintainer's commands (import, suggest, check, serve).

Each prints problems as ``path:line: message (fix: ...)`` and exits non-zero
when something needs fixing; none writes outside the docs folder.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from dossier.sources import registry
from dossier.tools import evidence, import_fetch, import_images
from dossier.tools.checks import check_project
from dossier.tools.import_decode import decode
from dossier.tools.importer import (
    ImportRefused,
    check_slug,
    parse,
    read_source,
    slugify,
    source_note,
    to_myst,
    write_atomically,
)
from dossier.tools.suggest import suggestions

EXIT_PROBLEMS = 1
EXIT_REFUSED = 2


def _read(args: argparse.Namespace) -> tuple[str, bool, bytes, str, str | None]:
    """The input's text, whether it is HTML, its bytes, the source note, and
    the address it was fetched from (None for a file)."""
    if not import_fetch.is_address(args.source):
        source = Path(args.source)
        text, html, data = read_source(source)
        return text, html, data, args.source_note or source_note(source, text, html), None
    fetched = import_fetch.fetch(args.source, timeout=args.timeout)
    text, _encoding = decode(fetched.data, args.source, fetched.charset)
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    note = f"Web page fetched from {fetched.url} on {today}; imported unchanged."
    return text, True, fetched.data, args.source_note or note, fetched.url


def _write_all(files: dict[Path, bytes | str]) -> None:
    """Write every file, or none of those that were new."""
    written: list[Path] = []
    try:
        for path, content in files.items():
            existed = path.exists()
            write_atomically(path, content)
            if not existed:
                written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _import(args: argparse.Namespace) -> int:
    source = args.source
    try:
        if args.slug is not None:
            check_slug(args.slug)
        text, html, data, note, address = _read(args)
        article = parse(text, html=html)
    except FileNotFoundError:
        print(f"{source}: no such file (fix: give the path of the saved article)", file=sys.stderr)
        return EXIT_REFUSED
    except ImportRefused as err:
        message = str(err)
        print(
            message
            if message.startswith((source, "--slug"))
            else f"{source}: {message}"
            if import_fetch.is_address(source)
            else f"{source}:1: {message}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    slug = args.slug or slugify(article.title)
    target = Path(args.docs) / "articles" / f"{slug}.md"
    if target.exists() and not args.force:
        print(
            f"{target}:1: duplicate slug '{slug}': the page already exists; nothing was written "
            "(fix: choose another --slug, or --force to replace it)",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    stored = evidence.stored_name(slug, html)
    folder = None if address else Path(source).parent
    images = import_images.place(
        article.blocks, slug, folder=folder, page_url=address, timeout=args.timeout
    )
    article.blocks = images.blocks
    page = to_myst(
        article, note, source_file=stored, source_sha256=evidence.sha256(data), draft=True
    )
    articles = Path(args.docs) / "articles"
    _write_all(
        {
            **{articles / path: content for path, content in images.files.items()},
            Path(args.docs) / stored: evidence.compressed(data),
            target: page,
        }
    )
    print(
        f"wrote {target}: title, {sum(b.kind == 'heading' for b in article.blocks)} headings, "
        f"{sum(b.kind == 'paragraph' for b in article.blocks)} paragraphs, "
        f"{sum(b.kind == 'caption' for b in article.blocks)} captions, "
        f"{len(images.files)} images"
    )
    for line, words, why in article.dropped:
        print(f"{source}:{line}: dropped ({why}): {words[:70]}")
    for line, what in images.left_out:
        print(f"{source}:{line}: {what}")
    for line, what in article.unsure:
        print(f"{source}:{line}: check: {what}")
    for line, phrase in article.dates:
        print(f"{source}:{line}: date, a possible event: {phrase}")
    print(
        f"next: complete the front matter of {target} (summary, tags, date), then "
        f"`dossier suggest {target}` and `dossier check`"
    )
    return 0


def _suggest(args: argparse.Namespace) -> int:
    known = registry.load(Path(args.docs) / "registry")
    unknown, ambiguous = suggestions(Path(args.article), known)
    for name, count, line in unknown:
        print(f"{args.article}:{line}: not in the registry: {name} ({count}×)")
    for alias, line, ids in ambiguous:
        print(f"{args.article}:{line}: ambiguous: {alias} may mean {' or '.join(ids)}")
    if not unknown and not ambiguous:
        print("every name found is in the registry")
    return 0


def _check(args: argparse.Namespace) -> int:
    problems = check_project(Path(args.docs))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    print("articles and registry: no problem found")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from dossier.tools.serve import serve

    build = Path(args.build)
    return serve(
        Path(args.docs), Path(args.conf), build / "serve", build / "doctrees" / "serve", args.port
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dossier", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="docs", help="the site's source folder (default: docs)")
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="turn a scraped article into a MyST page")
    importing.add_argument(
        "source", help="a .txt or saved .html file, or the page's http(s) address"
    )
    importing.add_argument(
        "--timeout",
        type=float,
        default=import_fetch.TIMEOUT,
        help=f"seconds to wait for an address (default: {import_fetch.TIMEOUT:g})",
    )
    importing.add_argument("--slug", help="file name for the page (default: from the title)")
    importing.add_argument("--source-note", help="the front matter's source note")
    importing.add_argument("--force", action="store_true", help="replace an existing page")
    importing.set_defaults(run=_import)
    suggesting = commands.add_parser("suggest", help="list names missing from the registry")
    suggesting.add_argument("article", help="a page under docs/articles/")
    suggesting.set_defaults(run=_suggest)
    checking = commands.add_parser("check", help="check every article and the registry")
    checking.set_defaults(run=_check)
    serving = commands.add_parser(
        "serve", help="live preview on 127.0.0.1, rebuilt in place as files change"
    )
    serving.add_argument("--conf", default=".", help="the folder of conf.py (default: .)")
    serving.add_argument("--build", default="build", help="build folder (default: build)")
    serving.add_argument("--port", type=int, default=8000, help="default: 8000 (0: any free)")
    serving.set_defaults(run=_serve)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
