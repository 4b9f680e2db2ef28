"""Pagefind on our built site: what its search fetches and how soon it shows a result.

``make bench PEERS=1`` indexes the largest corpus's HTML with Pagefind (from
npm, installed under ``build/bench/peers-node`` only: its binary comes in an
npm optional dependency) into a folder outside the site, serves that folder on
127.0.0.1 with a page that uses Pagefind's JavaScript API, and measures in
Chromium the time from opening the page to the first result's data (title,
address, excerpt: what Pagefind's UI shows) and the bytes fetched for the same
one-word query our search is measured with (``run.search_time``).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

from benchmarks.run import OUT, bytes_by_kind, first_results, timed

NODE = OUT / "peers-node"
PAGEFIND = NODE / "node_modules" / ".bin" / "pagefind"

# The time to the first result's data: Pagefind loads a result's fragment
# (its title, address and excerpt) only when it is shown.
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind search</title></head>
<body><main><ol id="results"></ol></main>
<script type="module">
const query = new URLSearchParams(location.search).get("q");
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(query);
window.__count = search.results.length;
if (search.results.length) {
  const data = await search.results[0].data();
  const item = document.createElement("li");
  item.textContent = `${data.meta.title} ${data.url}`;
  document.getElementById("results").append(item);
  window.__first = data.url;
}
window.__firstResult = performance.now();
</script></body></html>
"""


def install() -> Path:
    """Pagefind's command, installed under build/bench only (npm; no network
    needed when the npm cache has it)."""
    if not PAGEFIND.exists():
        NODE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(NODE), "--no-audit", "--no-fund", "pagefind"],
            check=True,
        )
    found = subprocess.run([PAGEFIND, "--version"], capture_output=True, text=True)
    if found.returncode != 0:
        raise SystemExit(
            "pagefind is installed but its binary does not run (its npm optional dependency "
            f"for this platform is missing; npm needs the registry for it): {found.stderr}"
        )
    return PAGEFIND


def index(html: Path, folder: Path) -> dict:
    """Pagefind's index of ``html`` in ``folder/pagefind`` (the site is left as it is)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    run = timed(
        [install(), "--site", str(html), "--output-path", str(folder / "pagefind")], check=True
    )
    (folder / "search.html").write_text(PAGE, encoding="utf-8")
    files = [path for path in (folder / "pagefind").rglob("*") if path.is_file()]
    return {
        "seconds": run["seconds"],
        "peak_mib": run["peak_mib"],
        "files": len(files),
        "bytes": sum(path.stat().st_size for path in files),
        "pages": _indexed_pages(run["output"]),
    }


def _indexed_pages(output: str) -> int | None:
    for line in output.splitlines():
        if "Indexed" in line and "page" in line:
            digits = "".join(ch for ch in line.split("page")[0] if ch.isdigit())
            return int(digits) if digits else None
    return None


def search_time(folder: Path, query: str, tries: int = 7) -> dict:
    """Milliseconds from opening the Pagefind page to its first result's data, in Chromium."""
    times, requested, (first, count) = first_results(
        folder,
        f"search.html?q={quote(query)}",
        "window.__firstResult !== undefined",
        lambda page: page.evaluate("[window.__first ?? null, window.__count]"),
        tries=tries,
    )
    files = [
        folder / urlsplit(url).path.lstrip("/")
        for url in requested
        if urlsplit(url).path.startswith("/pagefind/")
    ]
    # By kind: pf_fragment, pf_index, pf_meta, pagefind (the wasm), js…
    by_kind = bytes_by_kind(files, lambda path: path.suffix.lstrip(".") or path.name)
    return {
        "query": query,
        "first": first,
        "results": count,
        "median_ms": round(statistics.median(times)),
        "all_ms": [round(t) for t in times],
        "bytes_loaded": sum(kind["bytes"] for kind in by_kind.values()),
        "gzip_bytes_loaded": sum(kind["gzip_bytes"] for kind in by_kind.values()),
        "loaded_by_kind": by_kind,
    }


def pagefind_peer(html: Path, query: str) -> dict:
    """Pagefind's index of the built site ``html`` and its search for ``query``."""
    folder = OUT / f"pagefind-{html.parents[2].name}"
    built = index(html, folder)
    return {"index": built, "search": search_time(folder, query)}


if __name__ == "__main__":
    import sys

    print(json.dumps(pagefind_peer(Path(sys.argv[1]), sys.argv[2]), indent=2))
