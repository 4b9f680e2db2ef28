"""The edit-one-article rebuild as `dossier serve` does it: one Sphinx kept in memory.

Run in its own process by ``benchmarks.run``: ``python -m benchmarks.resident
PROJECT ARTICLE SENTENCE`` builds, appends the sentence to the article, builds
again, saves the environment as `dossier serve` does once the pages are out,
then builds once more with no change, and prints the seconds of each (with
the documents the edit made it read and write) as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from dossier.tools.serve import ResidentSite


def main(project: Path, edited: Path, sentence: str) -> dict:
    build = project / "build"
    site = ResidentSite(project / "docs", project, build / "html", build / "html-doctrees")
    first = site.build()
    site.save()
    site.saved()
    edited.write_text(edited.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    time.sleep(0.01)  # a new modification time
    edit = site.build([edited])  # as `dossier serve` passes what its watcher saw change
    # As `dossier serve` does: open pages reload once the build is out, then the
    # environment is saved for the next sphinx-build (timed apart).
    saving = time.perf_counter()
    save = site.save()  # the seconds the preview is held up: a forked copy writes it
    record = json.loads((build / "record.json").read_text())
    no_change = site.build()
    site.saved()
    saving = time.perf_counter() - saving
    return {
        "first_seconds": round(first, 2),
        "seconds": round(edit, 2),
        "save_seconds": round(save, 2),
        "saved_on_disk_seconds": round(saving, 2),  # the no-change build ran meanwhile
        "read": len(record["read"]),
        "written": len(record["written"]),
        "no_change_seconds": round(no_change, 2),
        "status": site.app.statuscode,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])))
