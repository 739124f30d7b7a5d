"""Sections on their own: long families, natural orders, missing data, names matplotlib could misread."""

from __future__ import annotations

from datetime import date

import pandas as pd

from orchestration.lib.reporting.charts import share_bars_png
from orchestration.lib.reporting.distribution_sections import distribution_section, tier_section
from orchestration.lib.reporting.family_section import MAX_BARS, family_section
from orchestration.lib.reporting.profile_sections import cluster_section, rfm_section
from orchestration.lib.reporting.transition_section import NO_EARLIER_DATE, transition_section
from tests.lib.reporting.page_parser import parse_page

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def summary(family: str, segments: list[str]) -> pd.DataFrame:
    count = len(segments)
    return pd.DataFrame(
        {
            "segment_family": family,
            "segment": segments,
            "customers": range(1, count + 1),
            "share_of_customers": [1 / count] * count,
            "revenue_12m": [10.0] * count,
            "share_of_revenue_12m": [1 / count] * count,
            "avg_loyalty_score": [50.0] * count,
            "avg_predicted_clv_12m": [None] * count,
        }
    )


def test_a_long_family_draws_the_biggest_segments_and_lists_all_in_a_collapsed_table():
    section = family_section(summary("region", [f"region {index:02d}" for index in range(MAX_BARS + 3)]))
    html = "".join(section.blocks)
    assert section.charts == 1
    assert f"The biggest {MAX_BARS} of {MAX_BARS + 3} segments" in html
    assert "<details><summary>all 15 segments</summary>" in html
    assert html.count("<tr>") == 1 + MAX_BARS + 3


def test_ordinal_families_keep_their_order_and_rules_are_gathered_in_one_chart():
    frame = pd.concat(
        [
            summary("loyalty_tier", ["platinum", "bronze", "gold", "silver"]),
            summary("rule:vip", ["in", "out"]),
            summary("rule:lapsed", ["out", "in"]),
        ]
    )
    section = family_section(frame)
    html = "".join(section.blocks)
    assert section.charts == 2
    positions = [html.index(f"<td>{tier}</td>") for tier in ("bronze", "silver", "gold", "platinum")]
    assert positions == sorted(positions)
    assert "<td>vip</td>" in html and "<td>lapsed</td>" in html and "<td>out</td>" not in html


def test_sections_without_data_say_so_instead_of_drawing():
    empty_sections = [
        rfm_section(pd.DataFrame(columns=["r_score", "f_score", "members", "mean_monetary"])),
        cluster_section(pd.DataFrame(columns=["cluster", "label", "members"]), members=0),
        tier_section(pd.DataFrame(columns=["loyalty_tier", "churn_risk", "members"])),
        transition_section([], date(2026, 9, 30)),
        distribution_section(None, None, {}),
    ]
    for section in empty_sections:
        page = parse_page("".join(section.blocks))
        assert section.charts == 0 and page.figures == []
        assert any(text.strip() for text in page.text), section.anchor
    assert NO_EARLIER_DATE in transition_section([], date(2026, 9, 30)).blocks[0]


def test_labels_that_look_like_mathtext_are_drawn_as_plain_text():
    png = share_bars_png([r"$\undefinedcommand{x}$", "a_b$"], [0.5, 0.5], [0.2, 0.8], r"$\frac{$")
    assert png.startswith(PNG_SIGNATURE)
