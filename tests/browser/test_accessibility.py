"""axe-core finds no WCAG 2.2 AA violation on any page type, in light or dark colours."""

from __future__ import annotations

import pytest

from .support import AXE, COLOR_SCHEMES, PAGE_TYPES, node_tool, screenshot

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}})
    .then((results) => results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
    })))"""


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_accessibility_violation(browse, name, color_scheme):
    axe = node_tool(AXE)
    visit = browse.open(PAGE_TYPES[name], color_scheme=color_scheme, bypass_csp=True)
    page = visit.page
    screenshot(page, name, "desktop", color_scheme)
    page.add_script_tag(path=str(axe))
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, f"{name} ({color_scheme}):\n{describe(violations)}"
