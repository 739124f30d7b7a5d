"""A fingerprint of everything under a folder, to prove a run left the serving folder alone."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def fingerprint(folder: Path) -> dict[str, str]:
    """Every entry under `folder` without following symlinks: a file's SHA-256, a link's target,
    or `dir`; so an added, removed, rewritten or re-pointed entry changes the result."""
    entries: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                entries[key] = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                entries[key] = "dir"
            else:
                entries[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return entries
