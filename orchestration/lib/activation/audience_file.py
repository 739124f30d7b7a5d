"""Reading an audiences file (LOYALTY_AUDIENCES, default `audiences.yml`) into `Audience`s.

Only the structure is checked here; whether the segment family and segments
exist is a question for the warehouse (`segment_check`). The format is
documented in `audiences.yml` at the repository root.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    field_validator,
)

from orchestration.lib.activation.audiences import CHANNELS, Audience, AudienceError
from orchestration.lib.yaml_files import (
    YamlFileError,
    field_problem,
    item_place,
    listed_items,
    read_strict_yaml,
    validation_problems,
)

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,62}")
"""Audience names become file names, so they stay lowercase slugs."""

_VALUE_MESSAGES = {
    "name": f"name {{got}} must be a lowercase slug matching {NAME_PATTERN.pattern}",
    "description": "description must be text, got {got}",
    "segment_family": "segment_family {got} must be the name of a segment family, e.g. rfm or rule:<name>",
    "channel": f"channel {{got}} must be one of {', '.join(CHANNELS)}",
    "max_members": "max_members must be a whole number of at least 1, got {got}",
}
"""The message for a value of each key that pydantic's types or constraints refuse."""


class AudiencesFile(BaseModel):
    """The whole document: one key `audiences`; each audience is checked on its own, so all are reported."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    audiences: list[Any]


class AudienceNode(BaseModel):
    """One audience as written; `segment` is one segment or a list of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, StringConstraints(strict=True, pattern=f"^{NAME_PATTERN.pattern}$")]
    description: StrictStr = ""
    # no blanks around the family: it is matched against segment_membership as written
    segment_family: Annotated[str, StringConstraints(strict=True, pattern=r"^\S(.*\S)?$")]
    segment: tuple[str, ...]
    channel: Literal[tuple(CHANNELS)]
    max_members: StrictInt | None = Field(default=None, ge=1)

    @field_validator("segment", mode="before")
    @classmethod
    def _segment_names(cls, value: object) -> object:
        values = value if isinstance(value, list) else [value]
        if not values:
            raise field_problem("segment must name at least one segment")
        not_text = [item for item in values if not isinstance(item, str) or not item]
        if not_text:
            raise field_problem(
                f"segment {not_text[0]!r} is not a segment name"
                " (quote values YAML reads otherwise: 'yes', 'no', '1')"
            )
        if len(set(values)) < len(values):
            raise field_problem(f"segment lists a segment twice: {values!r}")
        return values


def load_audiences(path: Path) -> list[Audience]:
    """Read and structurally check the audiences file at `path`; `AudienceError` names every problem."""
    try:
        document = read_strict_yaml(path, "audiences file", "LOYALTY_AUDIENCES")
    except YamlFileError as error:
        raise AudienceError([str(error)]) from error
    return parse_audiences(document, source=str(path))


def parse_audiences(document: object, source: str = "<audiences>") -> list[Audience]:
    """Check an already-loaded YAML document; `source` names it in error messages. File order is kept."""
    items, problem = listed_items(document, AudiencesFile, "audiences", "audiences", source, "a list")
    if problem:
        raise AudienceError([problem])
    audiences: list[Audience] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        try:
            audience = AudienceNode.model_validate(item)
        except ValidationError as error:
            problems.extend(_audience_problems(error, item, index, source))
            continue
        audiences.append(
            Audience(
                name=audience.name,
                segment_family=audience.segment_family,
                segments=audience.segment,
                channel=audience.channel,
                description=audience.description.strip(),
                max_members=audience.max_members,
                source=source,
            )
        )
    problems.extend(_duplicate_names(audiences))
    if problems:
        raise AudienceError(problems)
    return audiences


def _audience_problems(error: ValidationError, item: object, index: int, source: str) -> list[str]:
    """The problems of audience `index`, named by the audience's name when that name is itself valid."""
    if not isinstance(item, dict):
        expected = "expected an audience with name, segment_family, segment and channel"
        return [f"{source}: audiences[{index}]: {expected}"]
    where = item_place(error, item, index, source, "audience", "audiences")
    return validation_problems(
        error, where, _VALUE_MESSAGES, known_keys={None: tuple(AudienceNode.model_fields)}
    )


def _duplicate_names(audiences: list[Audience]) -> list[str]:
    seen: set[str] = set()
    problems = []
    for audience in audiences:
        if audience.name in seen:
            problems.append(audience.problem("duplicate name (each audience needs its own file name)"))
        seen.add(audience.name)
    return problems
