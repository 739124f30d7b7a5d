"""HTML building blocks of the report: one self-contained page, every text escaped.

Every block is a Jinja2 template with autoescaping on, so a value is escaped unless it is
already a rendered block (`Markup`); nothing here escapes by hand.

Charts are inline base64 PNGs and the only script is the page's own, allowed by
its hash in a Content-Security-Policy that forbids everything else (network
included): even a segment name that slipped past escaping could not run.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

RENDER_CHECK_SCRIPT = """
const markRendered = () => document.querySelectorAll("figure.chart").forEach((figure) => {
  const image = figure.querySelector("img");
  const ok = Boolean(image && image.complete && image.naturalWidth > 0 && image.naturalHeight > 0);
  figure.dataset.rendered = String(ok);
});
markRendered();
window.addEventListener("load", markRendered);
"""
"""Marks each chart `data-rendered="true"` once its image decoded to a non-empty size."""

STYLE = """
body {
  font: 14px/1.45 system-ui, sans-serif; color: #222;
  margin: 1.5rem auto; padding: 0 1rem; max-width: 1400px;
}
header dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dt { font-weight: 600; }
section { border-top: 1px solid #ddd; margin-top: 2rem; }
.pair { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; margin: 1rem 0; }
figure { margin: 0; }
figure img { max-width: 100%; }
figcaption, .note { color: #555; font-size: 0.9em; max-width: 60rem; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border-bottom: 1px solid #eee; padding: 0.2rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "img-src data:",
        f"style-src {_csp_hash(STYLE)}",
        f"script-src {_csp_hash(RENDER_CHECK_SCRIPT)}",
    )
)
"""Nothing loads from anywhere (no network); only the page's own style and script apply."""


TEMPLATES = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
"""Autoescaping for every template, and a missing value is an error rather than an empty string."""

CHART = TEMPLATES.from_string(
    '<figure class="chart" data-chart="{{ name }}"><img src="{{ source }}" alt="{{ alt }}">'
    "{% if caption %}<figcaption>{{ caption }}</figcaption>{% endif %}</figure>"
)
TEXT = TEMPLATES.from_string('<p class="{{ css_class }}">{{ text }}</p>')
PAIR = TEMPLATES.from_string('<div class="pair">{% for block in blocks %}{{ block }}{% endfor %}</div>')
HEADED = TEMPLATES.from_string("<h3>{{ title }}</h3>{{ block }}")
COLLAPSED = TEMPLATES.from_string("<details><summary>{{ summary }}</summary>{{ block }}</details>")
TABLE = TEMPLATES.from_string(
    "<table><thead><tr>{% for heading in headings %}<th>{{ heading }}</th>{% endfor %}</tr></thead>"
    "<tbody>{% for row in rows %}<tr>{% for text, numeric in row %}"
    '{% if numeric %}<td class="num">{% else %}<td>{% endif %}{{ text }}</td>'
    "{% endfor %}</tr>{% endfor %}</tbody></table>"
)
PAGE = TEMPLATES.from_string(
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta http-equiv="Content-Security-Policy" content="{{ policy }}">'
    "<title>{{ title }}</title><style>{{ style }}</style></head>"
    "<body><header><h1>{{ title }}</h1><dl>"
    "{% for name, value in facts %}<dt>{{ name }}</dt><dd>{{ value }}</dd>{% endfor %}"
    "</dl></header><nav><ul>"
    "{% for section in sections %}"
    '<li><a href="#{{ section.anchor }}">{{ section.title }}</a></li>{% endfor %}'
    "</ul></nav>"
    '{% for section in sections %}<section id="{{ section.anchor }}"><h2>{{ section.title }}</h2>'
    "{% for block in section.blocks %}{{ block }}{% endfor %}</section>{% endfor %}"
    "<script>{{ script }}</script></body></html>\n"
)


@dataclass(frozen=True)
class Section:
    """A titled part of the page: its HTML blocks and how many charts they hold."""

    anchor: str
    title: str
    blocks: tuple[Markup, ...]
    charts: int = 0


def chart_html(name: str, png: bytes, alt: str, caption: str = "") -> Markup:
    """A figure with the PNG inlined as a data URI; `name` identifies it for the render check."""
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return Markup(CHART.render(name=name, source=source, alt=alt, caption=caption))


def text_html(text: str, css_class: str = "note") -> Markup:
    return Markup(TEXT.render(text=text, css_class=css_class))


def pair_html(*blocks: Markup) -> Markup:
    """Blocks side by side (a chart and its table), wrapping on narrow screens."""
    return Markup(PAIR.render(blocks=blocks))


def headed_html(title: str, block: Markup) -> Markup:
    """A block under its own sub-heading (one segment family, one transition matrix)."""
    return Markup(HEADED.render(title=title, block=block))


def collapsed_html(summary: str, block: Markup) -> Markup:
    """A block the reader expands on demand (long tables), without any script."""
    return Markup(COLLAPSED.render(summary=summary, block=block))


def table_html(frame: pd.DataFrame, formats: Mapping[str, Callable[[Any], str]] | None = None) -> Markup:
    """`frame` as a table; columns are headed by their names, cells formatted by `formats`."""
    formats = formats or {}
    numeric = [pd.api.types.is_numeric_dtype(frame[column]) for column in frame.columns]
    rows = [
        [
            (_cell(value, formats.get(column, str)), is_numeric)
            for column, value, is_numeric in zip(frame.columns, row, numeric, strict=True)
        ]
        for row in frame.itertuples(index=False)
    ]
    headings = [str(column).replace("_", " ") for column in frame.columns]
    return Markup(TABLE.render(headings=headings, rows=rows))


def _cell(value: Any, format_value: Callable[[Any], str]) -> str:
    missing = value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA
    return "–" if missing else format_value(value)


def page_html(title: str, facts: Sequence[tuple[str, str]], sections: Sequence[Section]) -> str:
    """The whole document: header facts, a table of contents, the sections, the render check.

    The style and the script are the page's own constants (their hashes are in the policy), so
    they are inserted as they are.
    """
    return PAGE.render(
        policy=CONTENT_SECURITY_POLICY,
        title=title,
        style=Markup(STYLE),
        facts=facts,
        sections=sections,
        script=Markup(RENDER_CHECK_SCRIPT),
    )
