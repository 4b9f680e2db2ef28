"""A floor under `dossier import`'s quality on the saved-page corpus (the
numbers themselves, and the speed, are `make bench-import`'s)."""

from __future__ import annotations

from benchmarks.import_run import CORPUS, import_page, load_pages, score_ours


def test_the_corpus_articles_are_found_and_written_word_for_word():
    pages = load_pages(CORPUS)
    assert len(pages) == 91
    written = {key: import_page(key, data) for key, data in pages.items()}
    result = score_ours(CORPUS, written, pages)
    assert result["empty"] == 0
    assert result["f1"] >= 0.95, result
    assert result["not_verbatim"] == []
    assert result["verbatim"] == 1.0
