"""HTML building blocks: escaping, table cells, and a policy that admits only the page's own script."""

from __future__ import annotations

import base64
import hashlib

import pandas as pd

from orchestration.lib.reporting import formatting
from orchestration.lib.reporting.html_page import Section, chart_html, page_html, table_html
from tests.lib.reporting.page_parser import parse_page

HOSTILE = '<script>alert("x")</script>'


def test_table_cells_and_headings_are_escaped_and_formatted():
    frame = pd.DataFrame({"segment": [HOSTILE, "a & b"], "share_of_members": [0.25, None]})
    html = table_html(frame, {"share_of_members": formatting.share})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html and "a &amp; b" in html
    assert "<th>share of members</th>" in html
    assert '<td class="num">25.0%</td>' in html and '<td class="num">–</td>' in html


def test_chart_figure_names_alt_and_caption_are_escaped():
    html = chart_html(f'x"{HOSTILE}', b"\x89PNG", alt=HOSTILE, caption=HOSTILE)
    page = parse_page(html)
    assert page.scripts == []
    assert page.figures[0]["data-chart"] == f'x"{HOSTILE}'
    assert HOSTILE in "".join(page.text)


def test_the_page_has_one_script_and_the_policy_admits_exactly_it():
    section = Section(HOSTILE, HOSTILE, (chart_html("c", b"png", "alt"),), charts=1)
    page = parse_page(page_html(HOSTILE, [(HOSTILE, HOSTILE)], [section]))
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = dict(part.strip().split(" ", 1) for part in page.content_security_policy.split(";"))
    assert policy["script-src"] == f"'sha256-{digest}'"
    assert policy["default-src"] == "'none'" and policy["img-src"] == "data:"
    # <title>, <h1>, the fact name and value, the contents link and the section heading, all as text
    assert sum(HOSTILE in text for text in page.text) == 6


def test_compact_numbers_fit_a_heatmap_cell():
    assert [formatting.compact(v) for v in (12345.0, 1234.0, 123.4, 12.34, 0.1234)] == [
        "12k",
        "1.2k",
        "123",
        "12.3",
        "0.12",
    ]
