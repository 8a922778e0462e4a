"""Small server-side SVG charts: horizontal bars, a line, and a tree.

The admin shows them inline, so nothing is fetched at run time (no JavaScript library, no
web font). Each chart is accessible: `role="img"`, a <title> and a <desc> it is labelled by
(the desc lists the figures, so a screen reader gets the data), and titled axes.
Every piece of text is escaped; the functions return markup safe to mark as such.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import count

# Bengali first: its face (fonts.css) covers only Bengali, so Latin keeps the system font.
FONT = 'font-family="\'Noto Sans Bengali\', system-ui, sans-serif" font-size="12"'
BAR_COLOUR = "#007d7e"
LINE_COLOUR = "#2e1f5e"
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#1a1a1a"
_ids = count(1)


def _fmt(value: float) -> str:
    """A figure as people read it: 12, 12.5, 1,250."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def nice_ticks(maximum: float, *, steps: int = 5) -> list[float]:
    """Round axis ticks from 0 to at least `maximum` (0, 20, 40, ... or 0, 0.5, 1, ...)."""
    if maximum <= 0 or math.isnan(maximum):
        return [0, 1]
    raw = maximum / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    top = math.ceil(maximum / step - 1e-9) * step
    ticks = []
    value = 0.0
    while value <= top + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _open(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    uid = f"chart{next(_ids)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'aria-labelledby="{uid}-title {uid}-desc" {FONT} fill="{TEXT_COLOUR}">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(desc)}</desc>'
    )
    return head, uid


def _describe(labels: Sequence[str], values: Sequence[float]) -> str:
    return "; ".join(f"{label}: {_fmt(value)}" for label, value in zip(labels, values, strict=True))


def _truncate(text: str, limit: int) -> str:
    """`text` in at most `limit` characters. The cut is made before a short last word, so
    labels that differ only at the end ("APA officers #3", "#4") stay apart."""
    if len(text) <= limit:
        return text
    head, _space, last = text.rpartition(" ")
    if head and len(last) <= limit // 3:
        return head[: limit - len(last) - 2].rstrip() + "… " + last
    return text[: limit - 1].rstrip() + "…"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    note: str = "",
) -> str:
    """Horizontal bars, one per label (long organisation names stay readable on the left).

    `x_title` names the value axis (bottom), `y_title` the category axis (left); `note`, a
    line under the chart (what was left out, say)."""
    labels = [str(label) for label in labels]
    values = [float(v or 0) for v in values]
    # 30 characters of 12px text fit between the axis title (at x=12) and the bars.
    label_width, plot_width, bar_height, gap = 236, 420, 18, 6
    top, bottom = 10, 46 + (20 if note else 0)
    plot_height = max(len(values), 1) * (bar_height + gap)
    width = label_width + plot_width + 60
    height = top + plot_height + bottom
    desc = "; ".join(x for x in [_describe(labels, values), note] if x)
    head, _ = _open(width, height, title, desc or "No data.")
    ticks = nice_ticks(max(values, default=0))
    scale = plot_width / ticks[-1]
    parts = [head]
    for tick in ticks:
        x = label_width + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_height}" '
            f'stroke="{GRID_COLOUR}"/>'
            f'<text x="{x:.1f}" y="{top + plot_height + 16}" text-anchor="middle">'
            f"{_fmt(tick)}</text>"
        )
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * (bar_height + gap)
        bar = value * scale
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height - 5}" text-anchor="end">'
            f"{escape(_truncate(label, 30))}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" '
            f'fill="{BAR_COLOUR}"><title>{escape(label)}: {_fmt(value)}</title></rect>'
            f'<text x="{label_width + bar + 4:.1f}" y="{y + bar_height - 5}">{_fmt(value)}</text>'
        )
    if note:
        parts.append(f'<text x="{label_width}" y="{height - 6}">{escape(note)}</text>')
    parts.append(
        f'<text x="{label_width + plot_width / 2:.1f}" y="{top + plot_height + 40}" '
        f'text-anchor="middle" font-weight="bold">{escape(x_title)}</text>'
        f'<text transform="translate(12 {top + plot_height / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" font-weight="bold">{escape(y_title)}</text></svg>'
    )
    return "".join(parts)


def line_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    y_max: float | None = None,
) -> str:
    """One line through the points in order (e.g. attendance rate per session), with dots,
    the value axis from 0 to `y_max` (or a round number above the largest value)."""
    labels = [str(label) for label in labels]
    values = [float(v or 0) for v in values]
    left, right, top, bottom = 60, 90, 14, 100
    plot_width = max(420, 36 * len(values))
    plot_height = 240
    width, height = left + plot_width + right, top + plot_height + bottom
    head, _ = _open(width, height, title, _describe(labels, values) or "No data.")
    ticks = nice_ticks(y_max if y_max else max(values, default=0))
    scale = plot_height / ticks[-1]
    step = plot_width / max(len(values) - 1, 1) if len(values) > 1 else 0
    parts = [head]
    for tick in ticks:
        y = top + plot_height - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(tick)}</text>'
        )
    points = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + (index * step if len(values) > 1 else plot_width / 2)
        y = top + plot_height - value * scale
        points.append((x, y, label, value))
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>'
        )
    every = max(1, math.ceil(len(points) / 20))
    for index, (x, y, label, value) in enumerate(points):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE_COLOUR}">'
            f"<title>{escape(label)}: {_fmt(value)}</title></circle>"
        )
        if index % every == 0:
            parts.append(
                f'<text transform="translate({x:.1f} {top + plot_height + 12}) rotate(35)" '
                f'font-size="10">{escape(_truncate(label, 18))}</text>'
            )
    parts.append(
        f'<text x="{left + plot_width / 2:.1f}" y="{height - 4}" text-anchor="middle" '
        f'font-weight="bold">{escape(x_title)}</text>'
        f'<text transform="translate(14 {top + plot_height / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" font-weight="bold">{escape(y_title)}</text></svg>'
    )
    return "".join(parts)


@dataclass
class TreeNode:
    """A node of a tree chart: its label, an optional figure, and its children."""

    label: str
    value: float | None = None
    children: list[TreeNode] = field(default_factory=list)


def tree_from_paths(root_label: str, rows: Sequence[Sequence], *, depth: int) -> TreeNode:
    """Build a tree from rows `(level1, level2, ..., value)`: `depth` labels then the leaf's
    figure; inner nodes carry the sum of their leaves. Order of first appearance is kept."""
    root = TreeNode(root_label, 0)
    for row in rows:
        node = root
        value = float(row[depth] or 0)
        node.value += value
        for label in row[:depth]:
            child = next((c for c in node.children if c.label == str(label)), None)
            if child is None:
                child = TreeNode(str(label), 0)
                node.children.append(child)
            child.value += value
            node = child
    return root


def tree_chart(root: TreeNode, *, title: str, value_title: str = "") -> str:
    """A left-to-right tree (root, then each level in a column), one leaf per row, with
    elbow links; each node shows its label and figure. The desc lists the paths."""
    leaves = _leaves(root)
    levels = _depth(root)
    column, row_height, box_height = 230, 26, 20
    width = column * levels + 40
    height = max(len(leaves), 1) * row_height + 30
    lines = []
    _walk_desc(root, [], lines, value_title)
    head, _ = _open(width, height, title, "; ".join(lines) or "No data.")
    parts = [head]
    positions: dict[int, tuple[float, float]] = {}
    _layout(root, 0, iter(range(len(leaves))), positions, column, row_height)
    _draw(root, positions, parts, column, box_height)
    parts.append("</svg>")
    return "".join(parts)


def _leaves(node: TreeNode) -> list[TreeNode]:
    if not node.children:
        return [node]
    return [leaf for child in node.children for leaf in _leaves(child)]


def _depth(node: TreeNode) -> int:
    return 1 + max((_depth(child) for child in node.children), default=0)


def _layout(node, level, leaf_numbers, positions, column, row_height) -> float:
    if node.children:
        ys = [
            _layout(child, level + 1, leaf_numbers, positions, column, row_height)
            for child in node.children
        ]
        y = (ys[0] + ys[-1]) / 2
    else:
        y = 20 + next(leaf_numbers) * row_height
    positions[id(node)] = (10 + level * column, y)
    return y


def _draw(node, positions, parts, column, box_height) -> None:
    x, y = positions[id(node)]
    for child in node.children:
        cx, cy = positions[id(child)]
        mid = x + column - 20
        parts.append(
            f'<path d="M{x + column - 40:.1f},{y:.1f} H{mid:.1f} V{cy:.1f} H{cx:.1f}" '
            f'fill="none" stroke="{GRID_COLOUR}" stroke-width="1.5"/>'
        )
        _draw(child, positions, parts, column, box_height)
    text = _truncate(node.label, 24)
    figure = f" ({_fmt(node.value)})" if node.value is not None else ""
    parts.append(
        f'<rect x="{x:.1f}" y="{y - box_height / 2:.1f}" width="{column - 40}" '
        f'height="{box_height}" rx="4" fill="#e8f4f4" stroke="{BAR_COLOUR}"/>'
        f'<text x="{x + 6:.1f}" y="{y + 4:.1f}">{escape(text)}{escape(figure)}'
        f"<title>{escape(node.label)}{escape(figure)}</title></text>"
    )


def _walk_desc(node: TreeNode, trail: list[str], lines: list[str], value_title: str) -> None:
    trail = [*trail, node.label]
    if not node.children:
        figure = f": {_fmt(node.value)} {value_title}".rstrip() if node.value is not None else ""
        lines.append(" → ".join(trail) + figure)
    for child in node.children:
        _walk_desc(child, trail, lines, value_title)
