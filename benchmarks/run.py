"""`make bench`: build synthetic corpora with the site and with a plain baseline.

For each N (default 100 and 1000): a full build (wall time, peak memory), the
same articles in plain Sphinx + MyST with the basic theme (the baseline), a
rebuild with no change, a rebuild after editing one article, a ``-j 2`` build,
page and search-index sizes; at the largest N, the time to the first search
result in Chromium.  ``PEERS=1`` adds MkDocs Material and mystmd.  Results go
to the screen and to ``build/bench/results.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from benchmarks.corpus import REPO, Corpus

if TYPE_CHECKING:
    from collections.abc import Callable

OUT = REPO / "build" / "bench"
EDITED = "article-0000"
PAIRS = 3  # full builds of ours and of the baseline, in pairs
LARGE = 5_000  # from here on: one full build, no baseline, no -j 2, Pagefind as the only peer


def timed(
    command: list, cwd: Path | None = None, env: dict | None = None, check: bool = True
) -> dict:
    """Run a command; its wall time (s) and peak memory (MiB), failing loudly if ``check``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if check and os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{output[-3000:]}")
    return {
        "seconds": round(wall, 2),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),
        "output": output[-2000:],
    }


def sphinx(project: Path, outdir: str, *extra: str) -> dict:
    command = [
        sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(project),
        "-n", "-W", "--keep-going", "-d", str(project / "build" / f"{outdir}-doctrees"),
        *extra, str(project / "docs"), str(project / "build" / outdir),
    ]  # fmt: skip
    result = timed(command)
    record = json.loads((project / "build" / "record.json").read_text())
    result["read"] = len(record["read"])
    result["written"] = len(record["written"])
    result["written_docs"] = sorted(record["written"])[:12]
    return result


def resident(project: Path, corpus: Corpus) -> dict:
    """The same kind of edit, rebuilt by `dossier serve`'s one Sphinx kept in memory."""
    page = project / "docs" / "articles" / f"{EDITED}.md"
    sentence = f"Another added sentence that names {corpus.entities[8]['name']}."
    command = [sys.executable, "-m", "benchmarks.resident", str(project), str(page), sentence]
    run = timed(command, cwd=REPO)
    found = json.loads(run["output"].strip().splitlines()[-1])
    return {**found, "peak_mib": run["peak_mib"]}


def edit_article(project: Path, corpus: Corpus) -> None:
    page = project / "docs" / "articles" / f"{EDITED}.md"
    name = corpus.entities[7]["name"]
    page.write_text(page.read_text("utf-8") + f"\nAn added sentence that names {name}.\n")


def sizes(project: Path) -> dict:
    html = project / "build" / "html"
    index = (html / "searchindex.js").read_bytes()
    shards = list((html / "_search").glob("shard-*.js"))
    entities = [p.stat().st_size for p in (html / "entities").glob("*.html")]
    names = [p.stat().st_size for p in (html / "_search").glob("names-*.js")]
    return {
        "entity_html_bytes_mean": round(statistics.mean(entities)),
        "entity_html_bytes_max": max(entities),
        "shards": len(shards),
        "shard_bytes": round(statistics.mean(p.stat().st_size for p in shards)),
        # The names index (features/name_search.py): a query reads up to three of its files.
        "names_files": len(names),
        "names_bytes": sum(names),
        "names_largest_bytes": max(names, default=0),
        "article_html_bytes": (html / "articles" / f"{EDITED}.html").stat().st_size,
        # The lists split by year (features/year_pages.py): entry page, largest year page.
        **{
            f"{name}_bytes": [
                (html / f"{name}.html").stat().st_size,
                max((p.stat().st_size for p in (html / name).glob("*.html")), default=0),
            ]
            for name in ("timeline", "quotations")
        },
        "searchindex_bytes": len(index),
        "searchindex_gzip_bytes": len(gzip.compress(index, 6)),
    }


@contextlib.contextmanager
def serve(folder: Path):
    """The built site from its own server process, as a reader's browser would meet it.

    (A server thread inside this process shares the interpreter with Playwright's
    client, which added about 150 ms to every page here.)
    """
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        port = re.search(r"port (\d+)", server.stdout.readline()).group(1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()


FIRST_RESULT = """
window.__firstResult = null;
new MutationObserver((_changes, observer) => {
  if (document.querySelector("#search-results ul.search li")) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def first_results(
    folder: Path, address: str, ready: str, read: Callable, init_script: str = "", tries: int = 7
) -> tuple[list[float], list[str], Any]:
    """Open ``address`` of ``folder`` (served on 127.0.0.1) ``tries`` times in
    Chromium, each in a fresh context, until the JavaScript ``ready`` is true:
    each try's ``window.__firstResult`` (ms), and the addresses the last try
    requested and what ``read(page)`` found there."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"]  # fmt: skip
    times: list[float] = []
    with serve(folder) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=args)
        for _ in range(tries):
            context = browser.new_context()
            if init_script:
                context.add_init_script(init_script)
            page = context.new_page()
            requested: list[str] = []
            page.on("request", lambda request, seen=requested: seen.append(request.url))
            page.goto(base + address)
            page.wait_for_function(f"() => {ready}", timeout=60_000)
            times.append(page.evaluate("window.__firstResult"))
            found = read(page)
            context.close()
        browser.close()
    return times, requested, found


def search_time(html: Path, query: str, tries: int = 7) -> dict:
    """Milliseconds from opening the search page to its first result, in Chromium,
    and the bytes of the index files it loaded (searchindex.js, word shards, names)."""
    times, requested, first = first_results(
        html,
        f"search.html?q={quote(query)}",
        "window.__firstResult !== null",
        lambda page: page.locator("#search-results ul.search > li > a").first.get_attribute("href"),
        FIRST_RESULT,
        tries,
    )
    index_files = [
        html / urlsplit(url).path.lstrip("/")
        for url in requested
        if "/_search/" in url or urlsplit(url).path.endswith("/searchindex.js")
    ]
    by_kind = bytes_by_kind(index_files, lambda path: path.name.split("-")[0].removesuffix(".js"))
    return {
        "query": query,
        "first": first,
        "median_ms": round(statistics.median(times)),
        "all_ms": [round(t) for t in times],
        "index_bytes_loaded": sum(kind["bytes"] for kind in by_kind.values()),
        "index_gzip_bytes_loaded": sum(kind["gzip_bytes"] for kind in by_kind.values()),
        "names_bytes_loaded": by_kind.get("names", {}).get("bytes", 0),
        "loaded_by_kind": by_kind,
    }


def bytes_by_kind(files: list[Path], kind_of: Callable[[Path], str]) -> dict[str, dict[str, int]]:
    """Files, bytes and gzip bytes of the files a page loaded, by kind: a file
    stored gzipped (Pagefind's) counts as sent and unpacked, any other gzipped
    at level 6, as a server compresses it."""
    kinds: dict[str, dict[str, int]] = {}
    for path in dict.fromkeys(files):  # each file once, in the order loaded
        body = path.read_bytes()
        packed = body[:2] == b"\x1f\x8b"
        kind = kinds.setdefault(kind_of(path), {"files": 0, "bytes": 0, "gzip_bytes": 0})
        kind["files"] += 1
        kind["bytes"] += len(gzip.decompress(body)) if packed else len(body)
        kind["gzip_bytes"] += len(body) if packed else len(gzip.compress(body, 6))
    return kinds


def misspelled(name: str) -> str:
    """The name with two letters in the middle of its longest word swapped (a typo)."""
    word = max(name.split(), key=len)
    middle = len(word) // 2
    typo = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return name.replace(word, typo)


def entities_for(n: int) -> int:
    """2,000 entities up to 1,000 articles (as in earlier runs), then two per article."""
    return max(2_000, 2 * n)


def measure(n: int) -> dict:
    root = OUT / f"n{n}"
    ours, baseline = root / "ours", root / "baseline"
    corpus = Corpus(n, entities=entities_for(n))
    corpus.write(ours, baseline)
    print(f"N={n}: building…", flush=True)
    result: dict = {"articles": n, "entities": len(corpus.entities)}
    result["full"] = sphinx(ours, "html")
    result["no_change"] = sphinx(ours, "html")
    edit_article(ours, corpus)
    result["incremental"] = sphinx(ours, "html")
    # As `dossier serve` starts on a site already built: its first build reads nothing.
    result["resident"] = resident(ours, corpus)
    if n < LARGE:
        _against_baseline(result, ours, baseline, corpus)
    result.update(sizes(ours))
    result["search"] = search_time(ours / "build" / "html", corpus.entities[3]["name"].split()[0])
    # A typo in a registered name: found through the names index alone.
    result["search_typo"] = search_time(
        ours / "build" / "html", misspelled(corpus.entities[5]["name"])
    )
    return result


def _against_baseline(result: dict, ours: Path, baseline: Path, corpus: Corpus) -> None:
    """The baseline's builds, more full builds of ours, and a ``-j 2`` build.

    Left out from N=LARGE on: a full build there takes a quarter of an hour.
    """
    result["parallel_j2"] = sphinx(ours, "html-j2", "-j", "2")
    result["baseline"] = sphinx(baseline, "html")
    result["baseline_no_change"] = sphinx(baseline, "html")
    edit_article(baseline, corpus)
    result["baseline_incremental"] = sphinx(baseline, "html")
    # More full builds of each, ours then the baseline's, pair after pair: single
    # runs of the same build varied by 20% on this shared machine.  The ratio is
    # the median of the pairs' ratios; each build's time is its fastest run.
    runs = {"full": [result["full"]["seconds"]], "baseline": [result["baseline"]["seconds"]]}
    for _pair in range(1, PAIRS):
        for project, key in ((ours, "full"), (baseline, "baseline")):
            shutil.rmtree(project / "build" / "html-again", ignore_errors=True)
            shutil.rmtree(project / "build" / "html-again-doctrees", ignore_errors=True)
            runs[key].append(sphinx(project, "html-again")["seconds"])
    for key, seconds in runs.items():
        result[f"{key}_runs_seconds"] = seconds
        result[key]["seconds"] = min(seconds)
    result["pair_ratios"] = [
        round(mine / theirs, 2) for mine, theirs in zip(runs["full"], runs["baseline"], strict=True)
    ]
    result["ratio_to_baseline"] = statistics.median(result["pair_ratios"])
    result["j2_over_serial"] = round(
        result["parallel_j2"]["seconds"] / result["full"]["seconds"], 2
    )


def _myst(command: list, root: Path) -> dict:
    """mystmd builds the pages, then stops: its HTML theme is fetched from the web."""
    run = timed(command, cwd=root, check=False)
    built = re.search(r"Built (\d+) pages for project in ([\d.]+) (s|min)", run["output"])
    if built:
        run["pages"] = int(built.group(1))
        run["content_seconds"] = float(built.group(2)) * (60 if built.group(3) == "min" else 1)
    run["note"] = "content build only: the HTML theme would be fetched from the web"
    return run


def _mkdocs(root: Path) -> dict:
    venv = OUT / "peers-venv"
    if not (venv / "bin" / "mkdocs").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([venv / "bin" / "pip", "install", "-q", "mkdocs-material"], check=True)
    (root / "mkdocs.yml").write_text(
        "site_name: Baseline\ndocs_dir: docs\nsite_dir: build/mkdocs\ntheme:\n  name: material\n"
        "plugins:\n  - search\n",
        encoding="utf-8",
    )
    mkdocs = [venv / "bin" / "mkdocs", "build", "-q"]
    shutil.rmtree(root / "build" / "mkdocs", ignore_errors=True)
    found = {"full": timed(mkdocs, cwd=root)}
    page = root / "docs" / "articles" / f"{EDITED}.md"
    page.write_text(page.read_text("utf-8") + "\nAn added sentence.\n", encoding="utf-8")
    found["incremental"] = timed([*mkdocs, "--dirty"], cwd=root)
    found["note"] = (
        "incremental is `mkdocs build --dirty`, which leaves other pages' navigation stale"
    )
    return found


def _mystmd(root: Path) -> dict:
    """The articles only: with the 2,000 entity pages too, mystmd 1.8 had built no page
    after 14 minutes and 4 GB here."""
    node = OUT / "peers-node"
    if not (node / "node_modules" / ".bin" / "myst").exists():
        node.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(node), "--no-audit", "--no-fund", "mystmd"],
            check=True,
        )
    (root / "myst.yml").write_text(
        "version: 1\nproject:\n  title: Baseline\n  toc:\n    - file: docs/index.md\n"
        "    - pattern: docs/articles/*.md\nsite:\n  title: Baseline\n",
        encoding="utf-8",
    )
    myst = [str(node / "node_modules" / ".bin" / "myst"), "build"]
    shutil.rmtree(root / "_build", ignore_errors=True)
    found = {"full": _myst(myst, root)}
    page = root / "docs" / "articles" / f"{EDITED}.md"
    page.write_text(page.read_text("utf-8") + "\nAnother added sentence.\n", encoding="utf-8")
    found["incremental"] = _myst(myst, root)
    return found


PEERS = {"mkdocs_material": _mkdocs, "mystmd": _mystmd}


def _pagefind(n: int) -> dict:
    """Pagefind on our built site, searched for the query ``measure`` searches."""
    from benchmarks.pagefind_peer import pagefind_peer

    html = OUT / f"n{n}" / "ours" / "build" / "html"
    return pagefind_peer(html, Corpus(n, entities=entities_for(n)).entities[3]["name"].split()[0])


def peers(n: int, only: list[str] | None = None) -> dict:
    """MkDocs Material and mystmd on the baseline's Markdown, installed under
    build/bench; Pagefind on our built site (``pagefind_peer``)."""
    root = OUT / f"n{n}" / "baseline"
    # MkDocs and mystmd took 208 s and 48 s at 1,000 articles and have no baseline
    # project to build from N=LARGE on: Pagefind alone there.
    build_peers = n < LARGE
    found = {
        name: run(root)
        for name, run in PEERS.items()
        if (not only and build_peers) or (only and name in only)
    }
    if not only or "pagefind" in only:
        found["pagefind"] = _pagefind(n)
    return found


def report(results: dict) -> None:
    rows = [("", *(f"N={r['articles']}" for r in results["runs"]))]

    def row(label, pick):
        rows.append((label, *(_or_dash(pick, r) for r in results["runs"])))

    row(f"full build (s), best of {PAIRS} (once from N={LARGE})", lambda r: r["full"]["seconds"])
    row("peak memory (MiB)", lambda r: r["full"]["peak_mib"])
    row(f"baseline build (s), best of {PAIRS}", lambda r: r["baseline"]["seconds"])
    row("ratio to baseline, median of pairs", lambda r: r["ratio_to_baseline"])
    row("  each pair", lambda r: " ".join(map(str, r["pair_ratios"])))
    row("-j 2 build (s)", lambda r: r["parallel_j2"]["seconds"])
    row("incremental (s)", lambda r: r["incremental"]["seconds"])
    row("  read / written", lambda r: f"{r['incremental']['read']} / {r['incremental']['written']}")
    row("no change (s)", lambda r: r["no_change"]["seconds"])
    row("  read / written", lambda r: f"{r['no_change']['read']} / {r['no_change']['written']}")
    row("dossier serve: edit (s)", lambda r: r["resident"]["seconds"])
    row("  read / written", lambda r: f"{r['resident']['read']} / {r['resident']['written']}")
    row("  then the search index (s)", lambda r: r["resident"].get("search_seconds", "-"))
    row(
        "  saving the environment when it stops (s)",
        lambda r: r["resident"].get("save_seconds", "-"),
    )
    row("dossier serve: no change (s)", lambda r: r["resident"]["no_change_seconds"])
    row("baseline incremental (s)", lambda r: r["baseline_incremental"]["seconds"])
    row("baseline no change (s)", lambda r: r["baseline_no_change"]["seconds"])
    row("article page (bytes)", lambda r: r["article_html_bytes"])
    row("entity pages, mean / largest (bytes)", lambda r: _entity_sizes(r))
    for name in ("timeline", "quotations"):
        row(
            f"{name}: entry / largest year (bytes)",
            lambda r, n=name: " / ".join(map(str, r[f"{n}_bytes"])),
        )
    row("searchindex.js (bytes)", lambda r: r["searchindex_bytes"])
    row("  gzip (bytes)", lambda r: r["searchindex_gzip_bytes"])
    row("search shards (files / bytes)", lambda r: f"{r['shards']} / {r['shard_bytes']}")
    row("  names index (files / bytes)", lambda r: f"{r['names_files']} / {r['names_bytes']}")
    row("  largest names file (bytes)", lambda r: r["names_largest_bytes"])
    row("first search result (ms)", lambda r: r["search"]["median_ms"])
    row("  index bytes loaded", lambda r: r["search"]["index_bytes_loaded"])
    row("  … gzip", lambda r: r["search"]["index_gzip_bytes_loaded"])
    row("  of which names", lambda r: r["search"]["names_bytes_loaded"])
    row("first result, misspelled name (ms)", lambda r: r["search_typo"]["median_ms"])
    row("  index bytes loaded", lambda r: r["search_typo"]["index_bytes_loaded"])
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(r[0].ljust(width), *(str(c).rjust(10) for c in r[1:]))
    for key, value in results["summary"].items():
        print(f"{key}: {value}")


def _or_dash(pick, result: dict):
    """A figure, or "-" where this N did not measure it (no baseline from N=LARGE on)."""
    try:
        return pick(result)
    except KeyError:
        return "-"


def _entity_sizes(result: dict) -> str:
    if "entity_html_bytes_mean" not in result:
        return "-"
    return f"{result['entity_html_bytes_mean']} / {result['entity_html_bytes_max']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--peers", action="store_true", default=os.environ.get("PEERS") == "1")
    parser.add_argument(
        "--peer", action="append", choices=sorted([*PEERS, "pagefind"]), help="with --peers-only"
    )
    parser.add_argument(
        "--peers-only", action="store_true", help="only the peers, on the corpus already built"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.peers_only:
        results = json.loads((OUT / "results.json").read_text())
        results.setdefault("peers", {}).update(peers(max(args.sizes), args.peer))
        (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        print(
            json.dumps(
                {
                    k: {m: v[m]["seconds"] for m in ("full", "incremental")}
                    for k, v in results["peers"].items()
                    if k in PEERS
                }
            )
        )
        return
    runs = []
    for n in sorted(args.sizes):
        runs.append(measure(n))
        partial = {"runs": runs, "partial": True}  # kept if a larger N fails
        (OUT / "results.json").write_text(json.dumps(partial, indent=2), encoding="utf-8")
    small, large = runs[0], runs[-1]
    compared = [r for r in runs if "ratio_to_baseline" in r]
    summary = {
        f"t({large['articles']})/t({small['articles']})": round(
            large["full"]["seconds"] / small["full"]["seconds"], 2
        ),
        f"peak memory N={large['articles']} / N={small['articles']}": round(
            large["full"]["peak_mib"] / small["full"]["peak_mib"], 2
        ),
        "article page growth": round(
            large["article_html_bytes"] / small["article_html_bytes"] - 1, 3
        ),
    }
    if compared:
        summary[f"full build / baseline at N={compared[-1]['articles']}"] = compared[-1][
            "ratio_to_baseline"
        ]
    if "search" in large:
        summary["first search result (ms)"] = large["search"]["median_ms"]
        summary["first result, misspelled name (ms)"] = large["search_typo"]["median_ms"]
    results = {
        "runs": runs,
        "summary": summary,
        "python": sys.version.split()[0],
        "cores": os.cpu_count(),
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    report(results)
    if args.peers:
        results["peers"] = peers(large["articles"])
    found = results.get("peers", {})
    if "mkdocs_material" in found:
        summary["MkDocs Material full / incremental (s)"] = (
            found["mkdocs_material"]["full"]["seconds"],
            found["mkdocs_material"]["incremental"]["seconds"],
        )
    if "mystmd" in found:
        summary["mystmd full / incremental (s, pages only)"] = (
            found["mystmd"]["full"].get("content_seconds"),
            found["mystmd"]["incremental"].get("content_seconds"),
        )
    if "search" in found.get("pagefind", {}):
        summary["Pagefind first result (ms) / bytes fetched, gzip"] = (
            found["pagefind"]["search"]["median_ms"],
            found["pagefind"]["search"]["gzip_bytes_loaded"],
        )
    if found:
        (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        for key in summary:
            if key.startswith(("MkDocs", "mystmd", "Pagefind")):
                print(f"{key}: {summary[key]}")


if __name__ == "__main__":
    main()
