"""HTML building blocks of the report: one self-contained page, every text escaped.

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
from html import escape
from typing import Any

import pandas as pd

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


@dataclass(frozen=True)
class Section:
    """A titled part of the page: its HTML blocks and how many charts they hold."""

    anchor: str
    title: str
    blocks: tuple[str, ...]
    charts: int = 0


def chart_html(name: str, png: bytes, alt: str, caption: str = "") -> str:
    """A figure with the PNG inlined as a data URI; `name` identifies it for the render check."""
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    caption_html = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="chart" data-chart="{escape(name)}">'
        f'<img src="{source}" alt="{escape(alt)}">{caption_html}</figure>'
    )


def text_html(text: str, css_class: str = "note") -> str:
    return f'<p class="{escape(css_class)}">{escape(text)}</p>'


def pair_html(*blocks: str) -> str:
    """Blocks side by side (a chart and its table), wrapping on narrow screens."""
    return '<div class="pair">' + "".join(blocks) + "</div>"


def collapsed_html(summary: str, block: str) -> str:
    """A block the reader expands on demand (long tables), without any script."""
    return f"<details><summary>{escape(summary)}</summary>{block}</details>"


def table_html(frame: pd.DataFrame, formats: Mapping[str, Callable[[Any], str]] | None = None) -> str:
    """`frame` as a table; columns are headed by their names, cells formatted by `formats`."""
    formats = formats or {}
    numeric = {column for column in frame.columns if pd.api.types.is_numeric_dtype(frame[column])}
    head = "".join(f"<th>{escape(str(column).replace('_', ' '))}</th>" for column in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(
            ('<td class="num">' if column in numeric else "<td>")
            + escape(_cell(value, formats.get(column, str)))
            + "</td>"
            for column, value in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any, format_value: Callable[[Any], str]) -> str:
    missing = value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA
    return "–" if missing else format_value(value)


def page_html(title: str, facts: Sequence[tuple[str, str]], sections: Sequence[Section]) -> str:
    """The whole document: header facts, a table of contents, the sections, the render check."""
    facts_html = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in facts)
    contents = "".join(
        f'<li><a href="#{escape(section.anchor)}">{escape(section.title)}</a></li>' for section in sections
    )
    body = "".join(
        f'<section id="{escape(section.anchor)}"><h2>{escape(section.title)}</h2>'
        + "".join(section.blocks)
        + "</section>"
        for section in sections
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><header><h1>{escape(title)}</h1><dl>{facts_html}</dl></header>"
        f"<nav><ul>{contents}</ul></nav>{body}<script>{RENDER_CHECK_SCRIPT}</script></body></html>\n"
    )
