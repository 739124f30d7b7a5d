"""The whole report from a hand-built serving database."""

from __future__ import annotations

import base64
import io

import duckdb
import pytest
from PIL import Image

from orchestration.lib.reporting.segment_report import build_segment_report, read_segment_report
from orchestration.lib.reporting.transition_section import NO_EARLIER_DATE
from tests.lib.reporting.page_parser import parse_page
from tests.lib.reporting.serving_db import AS_OF, HOSTILE_NAME, RUN_ID, build_serving_db, built_report

CHARTS_WITHOUT_TRANSITIONS = 12
"""5 families + rules, 2 RFM heatmaps, cluster profile, 2 histograms, tier mix."""


def test_header_names_the_publish_and_every_chart_is_a_decodable_png():
    report = built_report()
    page = parse_page(report.html)
    text = " ".join(page.text)
    assert report.as_of_date == AS_OF
    for fact in (str(AS_OF), RUN_ID, "2026-10-01 02:15:00 UTC", "members"):
        assert fact in text
    assert report.charts == len(page.figures) == CHARTS_WITHOUT_TRANSITIONS + 2
    for figure, image in zip(page.figures, _images(report.html), strict=True):
        assert image.width > 100 and image.height > 100, figure["data-chart"]


def test_hostile_segment_names_stay_text():
    report = built_report()
    page = parse_page(report.html)
    assert len(page.scripts) == 1
    assert HOSTILE_NAME not in report.html
    assert sum(HOSTILE_NAME in text for text in page.text) >= 2  # cluster table and interest family


def test_transitions_of_the_published_date_are_drawn_for_rfm_and_loyalty_status():
    names = [figure["data-chart"] for figure in parse_page(built_report().html).figures]
    assert [name for name in names if name.startswith("transitions-")] == [
        "transitions-rfm",
        "transitions-loyalty_status",
    ]
    assert NO_EARLIER_DATE not in built_report().html


def test_without_a_transitions_table_the_report_says_there_is_no_earlier_date():
    conn = duckdb.connect()
    build_serving_db(conn, with_transitions=False)
    report = build_segment_report(conn)
    page = parse_page(report.html)
    assert NO_EARLIER_DATE in page.text
    assert report.charts == len(page.figures) == CHARTS_WITHOUT_TRANSITIONS


def test_read_builds_the_report_from_a_serving_database_file_without_writing(tmp_path):
    serving_db = tmp_path / "loyalty.duckdb"
    with duckdb.connect(str(serving_db)) as conn:
        build_serving_db(conn)
        expected = build_segment_report(conn)
    report = read_segment_report(serving_db)
    assert (report.as_of_date, report.charts) == (expected.as_of_date, expected.charts)
    assert [path.name for path in tmp_path.iterdir()] == ["loyalty.duckdb"]


def test_a_missing_serving_database_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no published serving database"):
        read_segment_report(tmp_path / "loyalty.duckdb")


def _images(html: str) -> list[Image.Image]:
    payloads = html.split('src="data:image/png;base64,')[1:]
    return [Image.open(io.BytesIO(base64.b64decode(payload.split('"', 1)[0]))) for payload in payloads]
