"""The benchmark behind `make bench`: synthetic corpora, timed builds, a report."""
