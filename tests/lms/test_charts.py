"""The inline SVG charts: valid, accessible, escaped, and drawn to scale."""

import xml.etree.ElementTree as ET

import pytest

from lms import charts

SVG = "{http://www.w3.org/2000/svg}"

# The shared autouse fixture clears the (database) cache, so even pure tests need the db.
pytestmark = pytest.mark.django_db


def parse(svg: str):
    return ET.fromstring(svg)


def test_nice_ticks():
    assert charts.nice_ticks(179) == [0, 50, 100, 150, 200]
    assert charts.nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert charts.nice_ticks(3) == [0, 1, 2, 3]
    assert charts.nice_ticks(0) == [0, 1]


def test_bar_chart_is_accessible_and_to_scale():
    svg = parse(
        charts.bar_chart(
            ["Secretary", "Deputy Secretary"],
            [60, 150],
            title="By rank",
            x_title="Participants",
            y_title="Rank",
        )
    )
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "By rank"
    assert desc.text == "Secretary: 60; Deputy Secretary: 150"
    bars = svg.findall(f"{SVG}rect")
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[1] == pytest.approx(widths[0] * 150 / 60)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Participants" in texts and "Rank" in texts


def test_text_is_escaped():
    svg = charts.bar_chart(['<script>alert("x")</script>'], [1], title="A & B")
    assert "<script>" not in svg
    assert parse(svg).find(f"{SVG}title").text == "A & B"


def test_line_chart_points_follow_values():
    svg = parse(
        charts.line_chart(
            ["s1", "s2", "s3"],
            [100, 50, 0],
            title="Rate",
            y_max=100,
            x_title="Session",
            y_title="%",
        )
    )
    circles = svg.findall(f"{SVG}circle")
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] < ys[1] < ys[2]
    assert ys[1] == pytest.approx((ys[0] + ys[2]) / 2)
    assert svg.find(f"{SVG}polyline") is not None


def test_empty_charts_still_render():
    assert parse(charts.bar_chart([], [], title="Nothing")).find(f"{SVG}desc").text == "No data."
    assert parse(charts.line_chart([], [], title="Nothing")) is not None


def test_tree_from_paths_sums_leaves():
    root = charts.tree_from_paths(
        "ToT",
        [("Tania", "Batch 1", 20), ("Tania", "Batch 2", 25), ("Rafi", "Batch 3", 22)],
        depth=2,
    )
    assert root.value == 67
    assert [(c.label, c.value) for c in root.children] == [("Tania", 45), ("Rafi", 22)]
    assert [c.label for c in root.children[0].children] == ["Batch 1", "Batch 2"]


def test_tree_chart_draws_every_node_and_describes_paths():
    root = charts.tree_from_paths("ToT", [("Tania", "B1", 20), ("Rafi", "B3", 22)], depth=2)
    svg = parse(charts.tree_chart(root, title="Cascade", value_title="officers"))
    assert len(svg.findall(f"{SVG}rect")) == 5  # root, two trainers, two batches
    assert len(svg.findall(f"{SVG}path")) == 4
    assert (
        svg.find(f"{SVG}desc").text == "ToT → Tania → B1: 20 officers; ToT → Rafi → B3: 22 officers"
    )


def test_long_labels_keep_what_tells_them_apart():
    labels = [f"Training of mid-level APA officers #{n}" for n in (3, 4)]
    svg = parse(charts.bar_chart(labels, [20, 21], title="Completion"))
    shown = [t.text for t in svg.iter(f"{SVG}text") if t.text and "#" in t.text]
    assert shown == ["Training of mid-level APA… #3", "Training of mid-level APA… #4"]
    assert all(len(text) <= 30 for text in shown)
    # The whole label stays in the bar's tooltip and the chart's description.
    assert labels[0] in svg.find(f"{SVG}desc").text
    # A long last word is not kept whole: the label is cut at its end.
    assert charts._truncate("Ministry of Public Administration", 20) == "Ministry of Public…"
