"""Swapping a file in: readers see the old or the new version, and a failure leaves no debris."""

from __future__ import annotations

import os

import pytest

from orchestration.lib.atomic_file import write_atomically


def test_replaces_the_file_and_creates_missing_folders(tmp_path):
    target = tmp_path / "serving" / "report.html"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [path.name for path in target.parent.iterdir()] == ["report.html"]


def test_a_failed_swap_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_bytes(b"old")

    def fail(*_: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk gone"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["report.html"]
