"""Reading the YAML files marketers edit (segment rules, audiences) strictly.

PyYAML silently keeps the last of two equal keys in one mapping, so a rule or an
audience whose `segment` was written twice would quietly change meaning; the
loader here refuses it instead.
"""

from __future__ import annotations

from pathlib import Path

import yaml


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
