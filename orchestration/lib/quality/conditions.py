"""GX row conditions as the suites write them: the JSON form of GX 1.x `Condition` objects.

`{"type": "comparison", "column": {"name": "frequency"}, "operator": ">", "parameter": 0}`
is what `Column("frequency") > 0` serialises to; `nullity`, `and` and `or`
conditions nest the same way. (String conditions with `condition_parser` are
deprecated since GX 1.9.) Reading them needs no GX import.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def condition_text(condition: Any) -> str:
    """A row condition as readable text, e.g. `frequency > 0`, for failure messages."""
    if not isinstance(condition, Mapping):
        return str(condition)
    kind = condition.get("type")
    if kind in ("and", "or"):
        joined = f" {kind.upper()} ".join(condition_text(item) for item in condition.get("conditions", []))
        return f"({joined})"
    column = (condition.get("column") or {}).get("name")
    if kind == "nullity":
        return f"{column} IS {'' if condition.get('is_null') else 'NOT '}NULL"
    return f"{column} {condition.get('operator')} {json.dumps(condition.get('parameter'))}"


def condition_columns(condition: Any) -> list[str]:
    """The columns a row condition reads, so a frame can carry them."""
    if not isinstance(condition, Mapping):
        return []
    own = [condition["column"]["name"]] if isinstance(condition.get("column"), Mapping) else []
    return own + [name for item in condition.get("conditions", []) for name in condition_columns(item)]
