"""What the per-year books cost a full HTML build, and how large they are.

``python -m benchmarks.books 1000`` writes ``Corpus(1000)`` under
``build/bench/books-n1000`` and builds it in this process, timing the two
parts of ``dossier.features.books`` (making chapters as pages are written,
packing the books at the end), then a no-change rebuild; ``--one-year``
dates every article in the same year, for the size of one book of N
articles.  Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import time
from pathlib import Path

from benchmarks.corpus import REPO, Corpus

OUT = REPO / "build" / "bench"


def _timed(spent: dict[str, float], name: str, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return wrapper


def _build(project: Path) -> float:
    from sphinx.cmd.build import build_main

    started = time.perf_counter()
    code = build_main([
        "-q", "-b", "html", "-c", str(project), "-n", "-W", "--keep-going",
        "-d", str(project / "build" / "doctrees"), str(project / "docs"),
        str(project / "build" / "html"),
    ])  # fmt: skip
    assert code == 0, f"the build failed ({code})"
    return time.perf_counter() - started


def measure(n: int, one_year: bool) -> dict:
    from dossier.features import books

    root = OUT / f"books-n{n}{'-one-year' if one_year else ''}"
    shutil.rmtree(root, ignore_errors=True)
    ours = root / "ours"
    Corpus(n).write(ours, root / "baseline")
    if one_year:
        for page in (ours / "docs" / "articles").glob("*.md"):
            text = page.read_text("utf-8")
            page.write_text(
                re.sub(r'^(date: "?)\d{4}', r"\g<1>2020", text, count=1, flags=re.M), "utf-8"
            )
    spent = {"chapters": 0.0, "packing": 0.0}
    books.keep_chapter = _timed(spent, "chapters", books.keep_chapter)
    books.pack_books = _timed(spent, "packing", books.pack_books)
    full = _build(ours)
    first = dict(spent)
    spent.update(chapters=0.0, packing=0.0)
    again = _build(ours)
    sizes = sorted(p.stat().st_size for p in (ours / "build" / "html" / "books").iterdir())
    record = json.loads((ours / "build" / "doctrees" / books.CACHE_DIR / books.RECORD).read_text())
    counts = sorted(book["articles"] for book in record.values())
    return {
        "articles": n,
        "full_build_s": round(full, 1),
        "chapters_s": round(first["chapters"], 1),
        "packing_s": round(first["packing"], 1),
        "no_change_s": round(again, 1),
        "no_change_books_s": round(spent["chapters"] + spent["packing"], 3),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "books": len(sizes),
        "articles_per_book": {"min": counts[0], "median": statistics.median(counts),
                              "max": counts[-1]},
        "book_bytes": {"min": sizes[0], "median": statistics.median(sizes), "max": sizes[-1],
                       "total": sum(sizes)},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("--one-year", action="store_true", help="date every article in 2020")
    args = parser.parse_args()
    print(json.dumps(measure(args.articles, args.one_year), indent=1))


if __name__ == "__main__":
    main()
