#!/usr/bin/env bash
# The system packages `make test` needs beyond Python: Debian Chromium, for the segment
# report's browser test (tests/lib/reporting/). Nothing happens when it is on PATH already.
# As root or with passwordless sudo it is installed; otherwise this stops at once, before any
# Python install or test, naming the one command a user with the rights has to run.
set -euo pipefail

PACKAGES="chromium"
INSTALL="apt-get install -y --no-install-recommends $PACKAGES"

on_path() {
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null
}

refuse() {
    echo "make test needs Chromium (the segment report's browser test): $1." >&2
    echo "Run this once, then make test again:" >&2
    echo "    $2" >&2
    exit 1
}

on_path && exit 0
command -v apt-get >/dev/null \
    || refuse "this is not a Debian/Ubuntu system" "your package manager's install of Chromium (as chromium on PATH)"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    refuse "this user may not install it (not root, no passwordless sudo)" \
        "sudo apt-get update && sudo $INSTALL"
fi

echo "installing $PACKAGES, the system package the tests need"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive $INSTALL -qq
on_path || { echo "installed $PACKAGES, yet neither chromium nor chromium-browser is on PATH" >&2; exit 1; }
