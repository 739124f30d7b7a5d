"""Running the Debian `chromium` headless on a local file, with a hard time limit.

A missing browser fails the test with instructions rather than skipping it: `make test`
installs chromium first, and a browser test that silently skips proves nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

BROWSERS = ("chromium", "chromium-browser")
TIMEOUT_SECONDS = 60
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
        "the report's browser test needs Chromium on PATH (`make system-packages` installs it, "
        "or names the command when this user may not); "
        f"none of {BROWSERS} was found"
    )


def run_chromium(page: Path, profile: Path, *arguments: str) -> str:
    """Open `page` with a fresh profile folder; return stdout (the DOM with --dump-dom).

    The output goes to files, not pipes, and only the browser's own exit is awaited:
    Chromium's helper processes (zygote, crash handler) inherit its stdout and can
    keep a pipe open after the browser has finished, which made a pipe read wait
    out the time limit on a slower machine although the page was done.
    """
    command = [chromium_executable(), *FLAGS, f"--user-data-dir={profile}", *arguments, page.as_uri()]
    stdout_path, stderr_path = profile.with_suffix(".stdout"), profile.with_suffix(".stderr")
    with stdout_path.open("w") as stdout, stderr_path.open("w") as stderr:
        # its own process group, so the browser and any helper it leaves behind are ended together
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, start_new_session=True)
        try:
            returncode = process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            end_process_group(process.pid)
    if returncode is None:
        pytest.fail(f"Chromium did not finish {page.name} within {TIMEOUT_SECONDS} s")
    if returncode != 0:
        pytest.fail(f"Chromium exited with {returncode}: {stderr_path.read_text()[-2000:]}")
    return stdout_path.read_text()


def end_process_group(group: int) -> None:
    """Kill whatever is left of the browser's process group; it may already be gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
