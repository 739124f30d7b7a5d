"""The parsed form of an audiences file: which segment goes out on which channel, in priority order."""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.lib.segmentation.rules import CHANNELS

__all__ = ["CHANNELS", "Audience", "AudienceError"]


class AudienceError(ValueError):
    """Audiences cannot be exported; the message names the file, the audience and every problem found.

    Marketers fix an audiences file in one go, so all problems are reported at
    once (one per line) rather than only the first.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Audience:
    """Members of `segments` of `segment_family` to be contacted on `channel`.

    `max_members` caps the export (highest predicted CLV first); None exports
    every eligible member. `source` is the file it came from, for messages.
    """

    name: str
    segment_family: str
    segments: tuple[str, ...]
    channel: str
    description: str = ""
    max_members: int | None = None
    source: str = "<audiences>"

    def problem(self, message: str) -> str:
        """Format a problem so it names the file and the audience."""
        return f"{self.source}: audience {self.name!r}: {message}"
