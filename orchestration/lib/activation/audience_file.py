"""Reading an audiences file (LOYALTY_AUDIENCES, default `audiences.yml`) into `Audience`s.

Only the structure is checked here; whether the segment family and segments
exist is a question for the warehouse (`segment_check`). The format is
documented in `audiences.yml` at the repository root.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.lib.activation.audiences import CHANNELS, Audience, AudienceError
from orchestration.lib.yaml_files import YamlFileError, read_strict_yaml

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,62}")
"""Audience names become file names, so they stay lowercase slugs."""

_KEYS = ("name", "description", "segment_family", "segment", "channel", "max_members")
_REQUIRED = ("segment_family", "segment", "channel")


def load_audiences(path: Path) -> list[Audience]:
    """Read and structurally check the audiences file at `path`; `AudienceError` names every problem."""
    try:
        document = read_strict_yaml(path, "audiences file", "LOYALTY_AUDIENCES")
    except YamlFileError as error:
        raise AudienceError([str(error)]) from error
    return parse_audiences(document, source=str(path))


def parse_audiences(document: object, source: str = "<audiences>") -> list[Audience]:
    """Check an already-loaded YAML document; `source` names it in error messages. File order is kept."""
    if not isinstance(document, dict) or list(document) != ["audiences"]:
        raise AudienceError([f"{source}: expected exactly one top-level key 'audiences' holding a list"])
    items = document["audiences"]
    if not isinstance(items, list):
        raise AudienceError([f"{source}: 'audiences' must be a list of audiences (use [] for none)"])
    audiences: list[Audience] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        try:
            audiences.append(_parse_audience(item, index, source))
        except AudienceError as error:
            problems.extend(error.problems)
    problems.extend(_duplicate_names(audiences))
    if problems:
        raise AudienceError(problems)
    return audiences


def _parse_audience(item: object, index: int, source: str) -> Audience:
    where = f"{source}: audiences[{index}]"
    if not isinstance(item, dict):
        raise AudienceError([f"{where}: expected an audience with name, segment_family, segment and channel"])
    name = item.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise AudienceError(
            [f"{where}: name {name!r} must be a lowercase slug matching {NAME_PATTERN.pattern}"]
        )
    where = f"{source}: audience {name!r}"
    problems = [
        f"{where}: unknown key {key!r} (expected {', '.join(_KEYS)})" for key in item if key not in _KEYS
    ]
    problems += [f"{where}: missing {key}" for key in _REQUIRED if key not in item]
    field_checks = (
        ("segment_family", _family_problem),
        ("segment", _segment_problem),
        ("channel", _channel_problem),
        ("description", _description_problem),
        ("max_members", _max_members_problem),
    )
    problems += [
        f"{where}: {key} {problem}"
        for key, check in field_checks
        if key in item and (problem := check(item[key]))
    ]
    if problems:
        raise AudienceError(problems)
    segment = item["segment"]
    return Audience(
        name=name,
        segment_family=item["segment_family"],
        segments=(segment,) if isinstance(segment, str) else tuple(segment),
        channel=item["channel"],
        description=item.get("description", "").strip(),
        max_members=item.get("max_members"),
        source=source,
    )


def _family_problem(value: object) -> str | None:
    if isinstance(value, str) and value.strip() == value and value:
        return None
    return f"{value!r} must be the name of a segment family, e.g. rfm or rule:<name>"


def _segment_problem(value: object) -> str | None:
    values = value if isinstance(value, list) else [value]
    if not values:
        return "must name at least one segment"
    not_text = [item for item in values if not isinstance(item, str) or not item]
    if not_text:
        return f"{not_text[0]!r} is not a segment name (quote values YAML reads otherwise: 'yes', 'no', '1')"
    if len(set(values)) < len(values):
        return f"lists a segment twice: {values!r}"
    return None


def _channel_problem(value: object) -> str | None:
    return None if value in CHANNELS else f"{value!r} must be one of {', '.join(CHANNELS)}"


def _description_problem(value: object) -> str | None:
    return None if isinstance(value, str) else f"must be text, got {value!r}"


def _max_members_problem(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return None
    return f"must be a whole number of at least 1, got {value!r}"


def _duplicate_names(audiences: list[Audience]) -> list[str]:
    seen: set[str] = set()
    problems = []
    for audience in audiences:
        if audience.name in seen:
            problems.append(audience.problem("duplicate name (each audience needs its own file name)"))
        seen.add(audience.name)
    return problems
