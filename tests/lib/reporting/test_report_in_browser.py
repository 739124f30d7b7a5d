"""The report in a real headless browser: every chart decodes, nothing injected runs, pixels show."""

from __future__ import annotations

import re

import numpy as np
from PIL import Image

from orchestration.lib.reporting.charts import CUSTOMERS_COLOUR
from tests.lib.reporting.headless_chromium import run_chromium
from tests.lib.reporting.page_parser import parse_page
from tests.lib.reporting.serving_db import HOSTILE_NAME, built_report


def test_every_chart_is_marked_rendered_by_the_browser(tmp_path):
    report = built_report()
    page_file = tmp_path / "segment_report.html"
    page_file.write_text(report.html, encoding="utf-8")
    dom = parse_page(run_chromium(page_file, tmp_path / "profile", "--dump-dom"))
    assert len(dom.figures) == report.charts
    assert [figure.get("data-rendered") for figure in dom.figures] == ["true"] * report.charts
    # the hostile segment names arrived as text, not as script elements
    assert len(dom.scripts) == 1
    assert any(HOSTILE_NAME in text for text in dom.text)


def test_a_broken_chart_is_marked_not_rendered_and_a_foreign_script_does_not_run(tmp_path):
    report = built_report()
    broken = re.sub(
        r'src="data:image/png;base64,[^"]+"', 'src="data:image/png;base64,AAAA"', report.html, count=1
    )
    foreign = '<script>document.body.dataset.injected = "yes";</script>'
    page_file = tmp_path / "tampered_report.html"
    page_file.write_text(broken.replace("</body>", foreign + "</body>"), encoding="utf-8")
    dom_text = run_chromium(page_file, tmp_path / "profile", "--dump-dom")
    rendered = [figure.get("data-rendered") for figure in parse_page(dom_text).figures]
    assert rendered == ["false"] + ["true"] * (report.charts - 1)
    # the Content-Security-Policy admits the page's own script only
    assert 'data-injected="yes"' not in dom_text


def test_the_screenshot_shows_text_and_chart_bars(tmp_path):
    page_file, screenshot = tmp_path / "segment_report.html", tmp_path / "screenshot.png"
    page_file.write_text(built_report().html, encoding="utf-8")
    run_chromium(page_file, tmp_path / "profile", "--window-size=1280,1400", f"--screenshot={screenshot}")
    pixels = np.asarray(Image.open(screenshot).convert("RGB"), dtype=int)
    assert pixels.shape[:2] == (1400, 1280)
    ink = (pixels < 200).any(axis=2).mean()
    assert ink > 0.01, f"the screenshot is nearly blank ({ink:.2%} non-white pixels)"
    bar_colour = np.array([int(CUSTOMERS_COLOUR[index : index + 2], 16) for index in (1, 3, 5)])
    bar_pixels = (np.abs(pixels - bar_colour).max(axis=2) <= 8).sum()
    assert bar_pixels > 1000, (
        f"only {bar_pixels} pixels in the chart bar colour: the first chart is not visible"
    )
