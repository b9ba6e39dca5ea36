"""Which Chromium the browser tests and the page scripts drive: $CHROMIUM if set, else the
first of chromium, chromium-browser, google-chrome on PATH (Debian's `chromium` in CI)."""

from __future__ import annotations

import os
import shutil

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
# Quiet, sandbox-free (CI runs as root), no network of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """The browser's path, or None when this machine has none."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"])
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def require_chromium() -> str:
    """The browser's path; FileNotFoundError saying how to get one when there is none."""
    path = find_chromium()
    if path is None:
        raise FileNotFoundError(
            f"no Chromium found: set CHROMIUM to its path or put one of {', '.join(CANDIDATES)} "
            "on PATH (Debian: apt-get install chromium fonts-noto-core; .ci/run does)"
        )
    return path
