"""Running the Debian `chromium` headless on a local file, with a hard time limit.

A missing browser fails the test with instructions rather than skipping it: CI
installs chromium, and a browser test that silently skips proves nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

BROWSERS = ("chromium", "chromium-browser")
TIMEOUT_SECONDS = 10
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def chromium_executable() -> str:
    for name in BROWSERS:
        if path := shutil.which(name):
            return path
    pytest.fail(
        "the report's browser test needs Chromium on PATH (Debian/Ubuntu: `apt-get install chromium`); "
        f"none of {BROWSERS} was found"
    )


def run_chromium(page: Path, profile: Path, *arguments: str) -> str:
    """Open `page` with a fresh profile folder; return stdout (the DOM with --dump-dom)."""
    command = [chromium_executable(), *FLAGS, f"--user-data-dir={profile}", *arguments, page.as_uri()]
    # its own process group, so a hung browser and its helper processes are ended together
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"Chromium did not finish {page.name} within {TIMEOUT_SECONDS} s")
    if process.returncode != 0:
        pytest.fail(f"Chromium exited with {process.returncode}: {stderr[-2000:]}")
    return stdout
