"""The journey map SVG: one marked point per step, text escaped, never shrunk below 12 px."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from insight.charts.journey_map import COLUMN, MapLabels, MapStep, render

SVG = "{http://www.w3.org/2000/svg}"
LABELS = MapLabels("Reisen", "Beskrivelse", "Følelse", "%(count)s smertepunkter",
                   "%(count)s muligheter", "%(count)s observasjoner", {})


def steps(count: int, title: str = "Steg") -> list[MapStep]:
    return [MapStep(i + 1, "Før" if i < count // 2 else "Under", f"{title} {i + 1}",
                    (i % 5) - 2, "Følelse", 1, 2, 3, f"#step-{i + 1}") for i in range(count)]


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_the_map_has_one_marked_point_per_step() -> None:
    root = parse(render(steps(7), LABELS))
    links = root.findall(f"{SVG}a")
    assert len(links) == 7
    assert all(link.find(f"{SVG}polygon") is not None or link.find(f"{SVG}circle") is not None
               for link in links)


def test_each_point_says_its_emotion_in_text_not_colour_alone() -> None:
    root = parse(render(steps(5), LABELS))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    for label in ("-2 Følelse", "-1 Følelse", "0 Følelse", "+1 Følelse", "+2 Følelse"):
        assert label in texts


def test_staff_text_cannot_become_markup() -> None:
    markup = render(steps(2, title='<script>alert(1)</script>"'), LABELS)
    assert "<script>" not in markup
    assert parse(markup).find(f".//{SVG}script") is None


def test_a_long_journey_grows_sideways_and_keeps_text_at_12_px_or_more() -> None:
    root = parse(render(steps(20), LABELS))
    assert float(root.get("width")) >= 20 * COLUMN
    sizes = [float(t.get("font-size")) for t in root.iter(f"{SVG}text")]
    assert min(sizes) >= 12


def test_the_map_has_an_accessible_name_and_description() -> None:
    root = parse(render(steps(3), LABELS))
    assert root.get("role") == "group"  # it holds links, which an "img" may not
    ids = root.get("aria-labelledby").split()
    assert {e.get("id") for e in root if e.get("id")} >= set(ids)


def test_a_downloaded_map_is_a_standalone_svg_file() -> None:
    markup = render(steps(3), LABELS, standalone=True)
    assert markup.startswith('<?xml version="1.0"')
    assert re.search(r'<svg xmlns="http://www.w3.org/2000/svg"', markup)
