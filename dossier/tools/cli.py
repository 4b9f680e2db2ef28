"""``dossier``: the maintainer's commands (import, suggest, check, serve).

Each prints problems as ``path:line: message (fix: ...)`` and exits non-zero
when something needs fixing; none writes outside the docs folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import sys
from pathlib import Path

from dossier.sources import registry
from dossier.tools import evidence, import_fetch, import_images, suggest, suggest_drafts
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


def _accepted(
    found: list[suggest.Suggestion], args: argparse.Namespace
) -> tuple[list[suggest.Suggestion], list[str]]:
    """The suggestions --only and --skip leave, with the kinds --kind gives;
    and the names given that match no suggestion."""

    def names(s: suggest.Suggestion) -> set[str]:
        return {suggest.key(n) for n in (s.name, *s.variants)}

    only = {suggest.key(n): n for n in args.only or ()}
    skip = {suggest.key(n): n for n in args.skip or ()}
    kinds = {}
    unmatched: list[str] = []
    for given in args.kind or ():
        name, _, kind = given.rpartition("=")
        if kind not in registry.KINDS:
            unmatched.append(f"{given} (kinds: {', '.join(registry.KINDS)})")
            continue
        kinds[suggest.key(name)] = (name, kind)
    every = set().union(*(names(s) for s in found)) if found else set()
    unmatched += [n for k, n in {**only, **skip}.items() if k not in every]
    unmatched += [n for k, (n, _kind) in kinds.items() if k not in every]
    accepted = []
    for suggestion in found:
        keys = names(suggestion)
        if (only and not keys & only.keys()) or keys & skip.keys():
            continue
        for k in keys & kinds.keys():
            suggestion = dataclasses.replace(suggestion, kind=kinds[k][1], confidence=1.0)
        accepted.append(suggestion)
    return accepted, unmatched


def _suggest(args: argparse.Namespace) -> int:
    docs = Path(args.docs)
    known = registry.load(docs / "registry")
    found, ambiguous = suggest.suggestions(Path(args.article), known)
    accepted, unmatched = _accepted(found, args)
    for name in unmatched:
        print(
            f"{args.article}: no suggestion is named '{name}' (fix: give a name as listed by "
            f"`dossier suggest {args.article}`)",
            file=sys.stderr,
        )
    if unmatched:
        return EXIT_REFUSED
    written = []
    if args.write and accepted:
        written = suggest_drafts.write_drafts(docs / "registry", accepted, args.article)
    if args.format == "json":
        report = {
            "article": args.article,
            "suggestions": [s.as_json() for s in accepted],
            "ambiguous": [{"alias": a, "line": n, "ids": list(ids)} for a, n, ids in ambiguous],
            "written": [
                {"file": str(path), "id": new_id, "name": s.name, "kind": s.kind}
                for path, new_id, s in written
            ],
        }
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    for s in accepted:
        also = f"; also written: {', '.join(s.variants)}" if s.variants else ""
        print(
            f"{args.article}:{s.line}: not in the registry: {s.name} ({s.count}×), "
            f"{s.kind}? ({s.confidence:.0%} sure){also}"
        )
    for alias, line, ids in ambiguous:
        print(f"{args.article}:{line}: ambiguous: {alias} may mean {' or '.join(ids)}")
    if written:
        lines = {
            e.id: e.description_line for e in registry.load(docs / "registry").entities.values()
        }
        for path, new_id, s in written:
            print(f"{path}:{lines.get(new_id, 1)}: drafted '{new_id}' ({s.kind}): {s.name}")
        print(
            "next: write each draft's description (`dossier check` lists them until then), "
            "then preview with `make serve`"
        )
    elif accepted:
        print(
            f"next: `dossier suggest {args.article} --write` drafts an entry for each name "
            "(--skip NAME leaves one out, --only NAME keeps only those named, "
            "--kind NAME=KIND corrects a guess)"
        )
    elif not ambiguous:
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
    suggesting = commands.add_parser(
        "suggest", help="list names missing from the registry, and draft their entries"
    )
    suggesting.add_argument("article", help="a page under docs/articles/")
    suggesting.add_argument(
        "-w",
        "--write",
        action="store_true",
        help="append a draft entry for each listed name to the registry file of its kind",
    )
    suggesting.add_argument(
        "--only", action="append", metavar="NAME", help="list (and write) only this name"
    )
    suggesting.add_argument(
        "--skip", action="append", metavar="NAME", help="leave this name out (not a named thing)"
    )
    suggesting.add_argument(
        "--kind",
        action="append",
        metavar="NAME=KIND",
        help=f"take this kind for a name instead of the guess ({', '.join(registry.KINDS)})",
    )
    suggesting.add_argument("--format", choices=("text", "json"), default="text")
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
