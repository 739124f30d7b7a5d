"""The committed suites of `expectations/`, read as plain JSON so loading them never imports GX.

A file holds the suites of one layer. Each suite names the frame it validates
(`frame`: a kind and its arguments, see `frames.py`) and lists GX expectations
as `type`, `kwargs` and `meta.notes` (why the rule exists, for reviewers and the
Data Docs). GX is imported only in `to_gx`, when a check actually validates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.lib.quality.conditions import condition_columns, condition_text
from orchestration.lib.settings import REPO_ROOT

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite

EXPECTATIONS_DIR = REPO_ROOT / "expectations"
LAYER_FILES = ("raw_tables.json", "customer_features.json", "segments.json")
COLUMN_KWARGS = ("column", "column_A", "column_B")
COLUMN_LIST_KWARGS = ("column_list", "column_set")


class SuiteError(ValueError):
    """A suite file cannot be used; the message names the file, suite and expectation."""


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation as committed: GX type name, its kwargs and why it exists."""

    type: str
    kwargs: Mapping[str, Any]
    notes: str

    @property
    def column(self) -> str | None:
        """The column(s) the expectation is about, for failure messages; None for table-level ones."""
        names = [self.kwargs[key] for key in COLUMN_KWARGS if key in self.kwargs]
        names += list(self.kwargs.get("column_list", []))
        return ", ".join(names) or None

    @property
    def condition(self) -> str | None:
        """The row condition as text (`frequency > 0`), for failure messages."""
        condition = self.kwargs.get("row_condition")
        return condition_text(condition) if condition else None

    def referenced_columns(self) -> list[str]:
        """Frame columns this expectation reads, so a frame can carry only those."""
        names = [self.kwargs[key] for key in COLUMN_KWARGS if key in self.kwargs]
        names += [name for key in COLUMN_LIST_KWARGS for name in self.kwargs.get(key, [])]
        names += condition_columns(self.kwargs.get("row_condition"))
        return names


@dataclass(frozen=True)
class SuiteSpec:
    """A suite: its name, the frame it validates (kind + arguments) and its expectations."""

    name: str
    frame: Mapping[str, str]
    expectations: tuple[ExpectationSpec, ...]
    notes: str = ""
    source: Path = field(default=EXPECTATIONS_DIR, compare=False)

    @property
    def frame_kind(self) -> str:
        return self.frame["kind"]

    def referenced_columns(self) -> list[str]:
        """Every column any expectation reads, in first-use order, without duplicates."""
        return list(dict.fromkeys(name for spec in self.expectations for name in spec.referenced_columns()))

    def to_gx(self) -> ExpectationSuite:
        """The GX ExpectationSuite; GX validates each expectation's type and kwargs here."""
        from great_expectations.core import ExpectationSuite

        return ExpectationSuite(
            name=self.name,
            expectations=[
                {"type": spec.type, "kwargs": dict(spec.kwargs), "meta": {"notes": spec.notes}}
                for spec in self.expectations
            ],
            meta={"notes": self.notes, "frame": dict(self.frame)},
        )


def load_suites(
    directory: Path = EXPECTATIONS_DIR, files: Iterable[str] = LAYER_FILES
) -> dict[str, SuiteSpec]:
    """All suites of the layer files, by name; a name used twice is an error."""
    suites: dict[str, SuiteSpec] = {}
    for file_name in files:
        for suite in load_layer(directory / file_name):
            if suite.name in suites:
                raise SuiteError(
                    f"{suite.source}: suite '{suite.name}' is also defined in {suites[suite.name].source}"
                )
            suites[suite.name] = suite
    return suites


def load_layer(path: Path) -> list[SuiteSpec]:
    """The suites of one layer file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SuiteError(f"{path}: cannot be read as JSON: {error}") from error
    return [_suite(path, raw) for raw in document.get("suites", [])]


def _suite(path: Path, raw: Mapping[str, Any]) -> SuiteSpec:
    name = raw.get("name")
    frame = raw.get("frame") or {}
    if not name or "kind" not in frame:
        raise SuiteError(
            f"{path}: every suite needs a name and a frame with a kind (got {raw.get('name')!r})"
        )
    expectations = tuple(
        _expectation(path, name, index, item) for index, item in enumerate(raw["expectations"])
    )
    notes = raw.get("meta", {}).get("notes", "")
    return SuiteSpec(name=name, frame=dict(frame), expectations=expectations, notes=notes, source=path)


def _expectation(path: Path, suite: str, index: int, raw: Mapping[str, Any]) -> ExpectationSpec:
    """One expectation; the notes are required because a rule nobody can explain cannot be reviewed."""
    where = f"{path}: suite '{suite}', expectation {index}"
    if not str(raw.get("type", "")).startswith("expect_"):
        raise SuiteError(f"{where}: 'type' must name a GX expectation, got {raw.get('type')!r}")
    notes = (raw.get("meta") or {}).get("notes")
    if not notes:
        raise SuiteError(f"{where} ({raw['type']}): meta.notes must say why the expectation exists")
    return ExpectationSpec(type=raw["type"], kwargs=dict(raw.get("kwargs") or {}), notes=notes)
