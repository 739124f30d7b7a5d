"""Reading the YAML files marketers edit (segment rules, audiences) strictly.

PyYAML silently keeps the last of two equal keys in one mapping, so a rule or an
audience whose `segment` was written twice would quietly change meaning; the
loader here refuses it instead. The structure is then checked by pydantic models,
whose errors `validation_problems` words as places and messages a marketer can act on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError


class YamlFileError(ValueError):
    """The file is missing, unreadable or not valid YAML; the message names it."""


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: list[object] = []
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.append(key)
        return super().construct_mapping(node, deep=deep)


def read_strict_yaml(path: Path, description: str, setting: str) -> object:
    """The document in `path`; errors say which `description` file and which `setting` names it."""
    if not path.is_file():
        raise YamlFileError(f"{path}: {description} not found (check {setting})")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=StrictLoader)
    except (OSError, UnicodeDecodeError) as error:
        raise YamlFileError(f"{path}: cannot read the {description}: {error}") from error
    except yaml.YAMLError as error:
        raise YamlFileError(f"{path}: not valid YAML: {error}") from error


def listed_items(
    document: object, file_model: type[BaseModel], key: str, plural: str, source: str, holding: str
) -> tuple[list[Any], str | None]:
    """(the items of the document's one top-level list `key`, None), or ([], the problem): `key`
    holding something other than a list of `plural`, or a document not shaped as one key `key`
    `holding` its list."""
    try:
        return getattr(file_model.model_validate(document), key), None
    except ValidationError as error:
        if any(item["type"] == "list_type" for item in error.errors()):
            return [], f"{source}: '{key}' must be a list of {plural} (use [] for none)"
        return [], f"{source}: expected exactly one top-level key '{key}' holding {holding}"


def item_place(error: ValidationError, item: object, index: int, source: str, noun: str, key: str) -> str:
    """Where item `index` of list `key` is: by its name when that name is itself valid, else by
    its position (`key[index]`)."""
    named = isinstance(item, dict) and not any(problem["loc"][:1] == ("name",) for problem in error.errors())
    return f"{source}: {noun} {item['name']!r}" if named else f"{source}: {key}[{index}]"


def problem(message: str) -> PydanticCustomError:
    """A problem a model validator found in its whole mapping, reported at the mapping's place."""
    return PydanticCustomError("problem", "{problem}", {"problem": message})


def field_problem(message: str) -> PydanticCustomError:
    """A problem a field validator found; `message` names the field, so it is reported at its parent."""
    return PydanticCustomError("field_problem", "{problem}", {"problem": message})


def validation_problems(
    error: ValidationError,
    where: str,
    value_messages: Mapping[str, str],
    tags: Collection[str] = (),
    by_type: Mapping[str, Callable[[object], str]] | None = None,
    known_keys: Mapping[str | None, Sequence[str]] | None = None,
) -> list[str]:
    """Every error of `error` in the words of a file marketers edit: `where, place: message`.

    `where` names the file and the item validated; the place is the location in the
    project's style (`conditions.all[1].not`; left out for the item itself).
    `value_messages` words, per key, pydantic's own type and constraint errors of its
    value, `{got}` standing for the value written ("within_days must be a whole number
    of days above 0, got {got}"); `tags` are the names of discriminated-union tags, which
    pydantic puts into the location but the file does not have; `by_type` words an error
    type from its input (a condition whose kind cannot be told); `known_keys` lists the
    keys a mapping takes, by the location part holding it (None: the item itself), for
    the hint after an unknown key. Missing and unknown keys are worded here, problems
    raised with `problem`/`field_problem` keep their message.
    """
    problems = []
    for item in error.errors():
        last = len(item["loc"]) - 1
        loc = [part for index, part in enumerate(item["loc"]) if part not in tags or index == last]
        place, message = _worded(item, loc, value_messages, by_type or {})
        holder = item["loc"][-2] if len(item["loc"]) > 1 else None
        if item["type"] == "extra_forbidden" and known_keys and holder in known_keys:
            message += f" (expected {', '.join(known_keys[holder])})"
        problems.append(f"{where}, {place}: {message}" if place else f"{where}: {message}")
    return problems


def _worded(
    item: ErrorDetails,
    loc: list[str | int],
    value_messages: Mapping[str, str],
    by_type: Mapping[str, Callable[[object], str]],
) -> tuple[str, str]:
    """(place, message) of one error; errors about a key are placed at the mapping holding it."""
    kind = item["type"]
    if kind == "problem":
        return _place(loc), item["ctx"]["problem"]
    if kind in by_type:
        return _place(loc), by_type[kind](item["input"])
    if not loc or not isinstance(loc[-1], str):
        return _place(loc), item["msg"]
    key, parent = loc[-1], _place(loc[:-1])
    if kind == "field_problem":
        return parent, item["ctx"]["problem"]
    if kind == "missing":
        return parent, f"missing {key}"
    if kind == "extra_forbidden":
        return parent, f"unknown key {key!r}"
    if key in value_messages:
        return parent, value_messages[key].replace("{got}", repr(item["input"]))
    return parent, f"{key}: {item['msg']}"


def _place(loc: Sequence[str | int]) -> str:
    place = ""
    for part in loc:
        place += f"[{part}]" if isinstance(part, int) else f".{part}" if place else part
    return place
