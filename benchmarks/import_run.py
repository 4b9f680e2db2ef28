"""`make bench-import`: how much of each article `dossier import` finds in real
saved pages, beside trafilatura's own ``extract()`` in the same run.

The corpus (``benchmarks/import-corpus/``: 91 saved news pages, each with the
article body a person marked in it) is scored with its own ``score.py``
(F1 of 4-word shingles). For ours, the text scored is what a reader would see
of the written MyST page: its paragraphs, headings, list items, quotations,
captions and table cells, as MyST's parser reads them back. Also measured:
pages left empty, the share of those units found word for word in the page's
own text, and pages per second (decoding, extraction and writing the MyST;
one page is imported first, untimed, so that both sides start warm).
On a shared machine, pages per CPU second tells what the work costs.
Results go to the screen and to ``build/bench/import.json``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path

import trafilatura

from dossier.tools import import_images
from dossier.tools.article_text import article_units
from dossier.tools.import_decode import decode
from dossier.tools.import_errors import ImportRefused
from dossier.tools.import_page_text import collapse, text_of_source
from dossier.tools.importer import from_page, to_myst

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "benchmarks" / "import-corpus"
OUT = REPO / "build" / "bench" / "import.json"


def load_scorer(corpus: Path):
    spec = importlib.util.spec_from_file_location("import_corpus_score", corpus / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(corpus: Path) -> dict[str, bytes]:
    return {
        path.name.split(".")[0]: gzip.decompress(path.read_bytes())
        for path in sorted((corpus / "pages").glob("*.html.gz"))
    }


def import_page(key: str, data: bytes) -> str:
    """The MyST page `dossier import` writes for a saved page ("" if refused)."""
    try:
        text, _encoding = decode(data, key)
        article = from_page(text)
        # as `dossier import` does; the corpus has no images folder, so none is kept
        article.blocks = import_images.place(article.blocks, key).blocks
        return to_myst(article, f"Saved page {key}.")
    except ImportRefused:
        return ""


def timed(function, pages: dict[str, bytes]) -> tuple[dict[str, str], float, float]:
    """Each page's result, wall seconds and CPU seconds (the machine may be shared:
    CPU time is what the work costs, wall time what a maintainer waits)."""
    first = next(iter(pages))
    function(first, pages[first])
    wall, cpu = time.perf_counter(), time.process_time()
    results = {key: function(key, data) for key, data in pages.items()}
    return results, time.perf_counter() - wall, time.process_time() - cpu


def trafilatura_extract(_key: str, data: bytes) -> str:
    return trafilatura.extract(data) or ""


def verbatim_share(pages: dict[str, bytes], written: dict[str, str]) -> tuple[int, int, list]:
    """(units found word for word in their page's text, units written, misses)."""
    found = total = 0
    misses = []
    for key, myst in written.items():
        if not myst:
            continue
        page = text_of_source(decode(pages[key], key)[0], is_html=True)
        for unit in article_units(myst):
            words = collapse(unit.words)
            if not words:
                continue
            total += 1
            if words in page:
                found += 1
            else:
                misses.append((key[:12], unit.line, words[:80]))
    return found, total, misses


def score_ours(corpus: Path, written: dict[str, str], pages: dict[str, bytes]) -> dict:
    """Our score on the corpus, with the share of units found word for word."""
    scorer = load_scorer(corpus)
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    ours_text = {
        key: {"articleBody": "\n\n".join(u.words for u in article_units(myst)) if myst else ""}
        for key, myst in written.items()
    }
    ours = scorer.score(truth, ours_text)
    ours.pop("per_page")
    found, total, misses = verbatim_share(pages, written)
    share = round(found / total, 4) if total else 0.0
    ours.update(verbatim=share, units=total, not_verbatim=misses)
    return ours


def measure(corpus: Path = CORPUS) -> dict:
    scorer = load_scorer(corpus)
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    pages = load_pages(corpus)
    written, ours_seconds, ours_cpu = timed(import_page, pages)
    theirs, theirs_seconds, theirs_cpu = timed(trafilatura_extract, pages)
    ours = score_ours(corpus, written, pages)
    trafilatura_score = scorer.score(truth, {k: {"articleBody": v} for k, v in theirs.items()})
    trafilatura_score.pop("per_page")
    ours.update(
        not_verbatim=ours["not_verbatim"][:20],
        pages_per_second=round(len(pages) / ours_seconds, 1),
        pages_per_cpu_second=round(len(pages) / ours_cpu, 1),
    )
    trafilatura_score["pages_per_second"] = round(len(pages) / theirs_seconds, 1)
    trafilatura_score["pages_per_cpu_second"] = round(len(pages) / theirs_cpu, 1)
    return {
        "pages": len(pages),
        "dossier import": ours,
        f"trafilatura {trafilatura.__version__} extract()": trafilatura_score,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    results = measure(args.corpus)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{results['pages']} saved pages, {args.corpus}")
    print(f"{'extractor':<32} {'F1':>6} {'prec.':>6} {'recall':>6} {'empty':>5} "
          f"{'verbatim':>8} {'pages/s':>7} {'per CPU s':>9}")  # fmt: skip
    for name, r in results.items():
        if not isinstance(r, dict):
            continue
        verbatim = f"{r['verbatim']:.2%}" if "verbatim" in r else "-"
        print(
            f"{name:<32} {r['f1']:>6.4f} {r['precision']:>6.4f} {r['recall']:>6.4f} "
            f"{r['empty']:>5} {verbatim:>8} {r['pages_per_second']:>7.1f} "
            f"{r['pages_per_cpu_second']:>9.1f}"
        )
    for key, line, words in results["dossier import"]["not_verbatim"]:
        print(f"  not verbatim: {key} line {line}: {words}")
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
