"""Who appears with whom, drawn: an entity's neighbours, and the dossier's strongest links.

Two entities are linked when one paragraph names both; the more paragraphs,
the thicker the line.  Each entity page draws its "Appears alongside" entries
around it (a star: the entity in the middle, its neighbours evenly around it,
the strongest at the top, then clockwise); the Network page (``{entity-network}``)
draws the strongest links of the whole dossier, placed by networkx's
force-directed layout with a fixed seed, so the same dossier gives the same
bytes.  Both are inline SVG in the page (no request per node, no script):
every node is a link to its page, colours come from the theme's CSS
variables (light and dark), and the list beside each drawing says the same in
words.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from dossier.store import aggregates
from dossier.store.domain import get_domain
from dossier.store.links import entity_part
from dossier.store.lists import Item, Link, Para, bullet_list, prerendered
from dossier.store.mention_view import view

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

HUBS = 24  # the most mentioned entities, whose strongest links the Network page draws
LINKS = 40  # links drawn on the Network page
SEED = 16  # the layout's seed: the same dossier, the same picture
WIDTH = 720
ROW = 18  # the Network page's height for each name: one row each
LABEL = 26  # longer names are shortened in a drawing (whole in its list and tooltip)
EGO_WIDTH, EGO_HEIGHT = 640, 300


class Node(NamedTuple):
    entity_id: str
    name: str
    uri: str  # "" when the entity has no page
    x: float
    y: float
    label: str = "start"  # where its name goes: start (right), end (left), above, below
    centre: bool = False


def _number(value: float) -> str:
    """Coordinates to a tenth of a unit: small, and the same on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _stroke(shared: int, strongest: int) -> str:
    return _number(1 + 4 * math.sqrt(shared / strongest)) if strongest else "1"


_PLACES = {  # where a node's name goes: (dx, dy, text-anchor)
    "start": (10, 4, "start"),
    "end": (-10, 4, "end"),
    "above": (0, -13, "middle"),
    "below": (0, 20, "middle"),
}


def _node_svg(node: Node) -> str:
    x, y = _number(node.x), _number(node.y)
    dx, dy, anchor = _PLACES[node.label]
    shape = f'<circle cx="{x}" cy="{y}" r="{8 if node.centre else 6}"/>'
    shown = node.name if len(node.name) <= LABEL else node.name[: LABEL - 1].rstrip() + "…"
    title = f"<title>{escape(node.name)}</title>" if shown != node.name else ""
    label = (
        f'<text x="{_number(node.x + dx)}" y="{_number(node.y + dy)}" text-anchor="{anchor}">'
        f"{escape(shown)}</text>{title}"
    )
    kind = "centre" if node.centre else "node"
    if not node.uri:
        return f'<g class="{kind}">{shape}{label}</g>'
    return f'<a class="{kind}" xlink:href="{escape(node.uri)}">{shape}{label}</a>'


def _outward(dx: float, dy: float) -> str:
    """The side of a node away from the middle, for its name."""
    if abs(dx) < abs(dy) / 2:
        return "above" if dy < 0 else "below"
    return "start" if dx > 0 else "end"


def svg(
    nodes_: list[Node],
    links: list[tuple[int, int, int]],
    width: int,
    height: int,
    label: str,
) -> str:
    """The drawing: ``links`` are (node index, node index, shared paragraphs)."""
    strongest = max((shared for _a, _b, shared in links), default=0)
    lines = "".join(
        f'<line x1="{_number(nodes_[a].x)}" y1="{_number(nodes_[a].y)}" '
        f'x2="{_number(nodes_[b].x)}" y2="{_number(nodes_[b].y)}" '
        f'stroke-width="{_stroke(shared, strongest)}"/>'
        for a, b, shared in links
    )
    return (
        f'<svg class="dossier-network" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(label)}" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<g class="links">{lines}</g>{"".join(_node_svg(n) for n in nodes_)}</svg>'
    )


def _uri(app: Sphinx, docname: str, entity_id: str) -> str:
    part = entity_part(app, docname, entity_id)
    return part.uri if isinstance(part, Link) else ""


# --- an entity's neighbours ------------------------------------------------------


def ego_picture(
    app: Sphinx, docname: str, entity_id: str, name: str, alongside: tuple
) -> nodes.Node:
    """The entity in the middle, its ``alongside`` entries ((name, id, shared),) around."""
    cx, cy, rx, ry = EGO_WIDTH / 2, EGO_HEIGHT / 2, 130, 110
    drawn = [Node(entity_id, name, "", cx, cy, "above", centre=True)]
    count = len(alongside)
    for n, (other_name, other, _shared) in enumerate(alongside):
        angle = 2 * math.pi * n / count - math.pi / 2  # from the top, clockwise
        dx, dy = rx * math.cos(angle), ry * math.sin(angle)
        uri = _uri(app, docname, other)
        drawn.append(Node(other, other_name, uri, cx + dx, cy + dy, _outward(dx, dy)))
    links = [(0, n + 1, shared) for n, (_name, _id, shared) in enumerate(alongside)]
    label = f"Drawing: {name} and the entries that appear alongside it, listed below."
    return prerendered(html=svg(drawn, links, EGO_WIDTH, EGO_HEIGHT, label))


# --- the whole dossier -----------------------------------------------------------


def strongest_links(env: BuildEnvironment) -> tuple[tuple[str, str, int], ...]:
    """The strongest links among the most mentioned entities: (id, id, shared), strongest
    first, then by ids."""
    mentions = view(env)
    entities = env.dossier_registry.entities
    counted = sorted((-mentions.count(i), i) for i in entities if mentions.count(i))
    found: dict[tuple[str, str], int] = {}
    for _count, entity_id in counted[:HUBS]:
        for other, shared in mentions.entity(entity_id).alongside:
            found[tuple(sorted((entity_id, other)))] = shared
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:LINKS]
    return tuple((a, b, shared) for (a, b), shared in ranked)


def _network_inputs(env: BuildEnvironment, _key: str = "") -> tuple:
    names = env.dossier_registry.entities
    links = strongest_links(env)
    return tuple((a, b, shared, names[a].name, names[b].name) for a, b, shared in links)


def _paragraphs(env: BuildEnvironment, docname: str) -> tuple | None:
    """What an article gives the network: the entities of each paragraph."""
    found = get_domain(env).mentions.get(docname)
    return found.paragraphs if found else None


def layout(links: tuple[tuple[str, str, int], ...]) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]²: networkx's spring layout with a fixed seed, then each
    axis evened out by rank (the order kept, the crowd spread: each name gets a
    row of its own)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted({i for a, b, _ in links for i in (a, b)}))
    graph.add_weighted_edges_from(links)
    placed = nx.spring_layout(graph, iterations=200, seed=SEED)
    last = max(graph.number_of_nodes() - 1, 1)
    ranks = []
    for axis in (0, 1):
        ordered = sorted(placed, key=lambda node: (float(placed[node][axis]), node))
        ranks.append({node: n / last for n, node in enumerate(ordered)})
    return {node: (ranks[0][node], ranks[1][node]) for node in placed}


class NetworkDirective(aggregates.AggregateDirective):
    """``{entity-network}``: the dossier's strongest links, drawn and listed."""

    kind = "network"


def _render_network(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    links = strongest_links(app.env)
    if not links:
        return [nodes.paragraph(text="No two entries share a paragraph yet.")]
    names = app.env.dossier_registry.entities
    out: list[nodes.Node] = []
    if app.builder.format == "html" and app.builder.name != "epub":  # web pages only
        where = layout(links)
        order = sorted(where)
        index = {entity_id: n for n, entity_id in enumerate(order)}
        margin_x, margin_y = 40, 20
        height = ROW * len(order) + 2 * margin_y
        drawn = []
        for i in order:
            x = margin_x + where[i][0] * (WIDTH - 2 * margin_x)
            y = margin_y + where[i][1] * (height - 2 * margin_y)
            side = "end" if x > WIDTH / 2 else "start"  # names toward the middle: inside
            drawn.append(Node(i, names[i].name, _uri(app, docname, i), x, y, side))
        label = f"Drawing: the {len(links)} strongest links between entries, listed below."
        figure = [(index[a], index[b], shared) for a, b, shared in links]
        out.append(prerendered(html=svg(drawn, figure, WIDTH, height, label)))
    items = [
        Item(
            (
                Para(
                    (
                        entity_part(app, docname, a),
                        " and ",
                        entity_part(app, docname, b),
                        f" (in {shared} paragraph{'s' if shared != 1 else ''})",
                    )
                ),
            )
        )
        for a, b, shared in links
        if a in names and b in names
    ]
    out.append(bullet_list(app, items, ["dossier-network-links"]))
    return out


def setup(app: Sphinx) -> None:
    app.add_directive("entity-network", NetworkDirective)
    aggregates.register(
        "network",
        aggregates.Aggregate(_network_inputs, _render_network, given_by=_paragraphs),
    )
