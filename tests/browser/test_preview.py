"""`dossier serve`: an open page reloads itself after the site is rebuilt."""

from __future__ import annotations

from helpers import running_preview


def test_an_open_page_reloads_itself_after_a_rebuild(browser, copy_root, tmp_path):
    project = copy_root("entities")
    with running_preview(project, tmp_path) as (address, _output):
        context = browser.new_context()
        page = context.new_page()
        problems: list[str] = []
        page.on(
            "console",
            lambda m: (
                problems.append(m.text)
                if m.type == "error" and not m.location["url"].endswith("/favicon.ico")
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(address + "articles/two.html")
        article = project / "articles" / "two.md"
        article.write_text(article.read_text("utf-8") + "\nA new closing line.\n", "utf-8")
        # no reload is asked for: the page's own script must do it
        page.get_by_text("A new closing line.").wait_for(timeout=30_000)
        context.close()
    assert not problems, problems
