"""Reading a report page back: its chart figures, script elements, visible text and CSP."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ParsedPage:
    figures: list[dict[str, str]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    content_security_policy: str = ""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "figure" and "chart" in attributes.get("class", "").split():
            self.page.figures.append(attributes)
        elif tag == "script":
            self._in_script = True
            self.page.scripts.append("")
        elif tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy":
            self.page.content_security_policy = attributes["content"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.page.scripts[-1] += data
        else:
            self.page.text.append(data)


def parse_page(html: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page
