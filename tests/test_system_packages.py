"""scripts/system-packages.sh, the first step of `make test`, against fake id, sudo and apt-get.

Each case runs the script with a PATH holding only the fakes, so what it would install, and
whether it stops before anything else, is observed without touching the machine.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from orchestration.lib.settings import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "system-packages.sh"
BASH = shutil.which("bash")

# apt-get logs its arguments; `install` puts a chromium on PATH, as the Debian package does.
FAKE_APT_GET = """#!/bin/sh
echo "apt-get $*" >> {folder}/calls.log
case "$1" in install) echo '#!/bin/sh' > {folder}/chromium; chmod +x {folder}/chromium;; esac
"""
# sudo: `sudo -n true` answers whether sudo works without a password; anything else runs as asked.
FAKE_SUDO = """#!/bin/sh
echo "sudo $*" >> {folder}/calls.log
[ "$1" = -n ] && shift
[ "$1" = true ] && exit {passwordless}
exec "$@"
"""


def fake_bin(tmp_path: Path, uid: int, sudo: str | None, chromium: bool = False) -> Path:
    """A folder of fakes: `id -u` answering `uid`, sudo absent / asking a password / passwordless."""
    folder = tmp_path / "bin"
    folder.mkdir()
    tools = {"id": f"#!/bin/sh\necho {uid}\n", "apt-get": FAKE_APT_GET.format(folder=folder)}
    if sudo is not None:
        tools["sudo"] = FAKE_SUDO.format(folder=folder, passwordless=0 if sudo == "passwordless" else 1)
    if chromium:
        tools["chromium"] = "#!/bin/sh\n"
    for name, text in tools.items():
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)
    for real in ("env", "chmod"):
        (folder / real).symlink_to(shutil.which(real))
    return folder


def run_script(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(SCRIPT)], env={"PATH": str(folder)}, capture_output=True, text=True, timeout=30
    )


def calls(folder: Path) -> list[str]:
    log = folder / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.parametrize("uid", [0, 1000])
def test_nothing_happens_when_chromium_is_there(tmp_path, uid):
    folder = fake_bin(tmp_path, uid=uid, sudo=None, chromium=True)
    result = run_script(folder)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert calls(folder) == []


@pytest.mark.parametrize("sudo", [None, "asks_password"])
def test_a_user_who_may_not_install_is_stopped_with_the_command_to_run(tmp_path, sudo):
    folder = fake_bin(tmp_path, uid=1000, sudo=sudo)
    result = run_script(folder)
    assert result.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" in result.stderr
    assert not [call for call in calls(folder) if call.startswith("apt-get")]
    assert not (folder / "chromium").exists()


def test_root_installs_chromium_with_apt(tmp_path):
    folder = fake_bin(tmp_path, uid=0, sudo=None)
    result = run_script(folder)
    assert result.returncode == 0, result.stderr
    assert calls(folder) == [
        "apt-get update -qq",
        "apt-get install -y --no-install-recommends chromium -qq",
    ]


def test_passwordless_sudo_installs_chromium_through_sudo(tmp_path):
    folder = fake_bin(tmp_path, uid=1000, sudo="passwordless")
    result = run_script(folder)
    assert result.returncode == 0, result.stderr
    assert calls(folder) == [
        "sudo -n true",
        "sudo -n apt-get update -qq",
        "apt-get update -qq",
        "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium -qq",
        "apt-get install -y --no-install-recommends chromium -qq",
    ]


def test_without_apt_get_the_user_is_told_to_install_chromium_another_way(tmp_path):
    folder = fake_bin(tmp_path, uid=0, sudo=None)
    (folder / "apt-get").unlink()
    result = run_script(folder)
    assert result.returncode == 1
    assert "not a Debian/Ubuntu system" in result.stderr
