"""A real browser for tests: Debian's Chromium driven by Playwright, with axe-core.

The Makefile's `system-deps` installs Chromium (`/usr/bin/chromium`); Playwright comes from
PyPI and is pointed at that binary, so no browser is downloaded. axe-core is the copy that
the `axe-playwright-python` package ships (axe-core's own `axe.min.js` from npm); we inject
it ourselves so every result, not only a summary, reaches the test.

Pages are opened from `file://` URLs with every other request blocked and recorded, so a
test can assert that a self-contained page asks the network for nothing.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

# The flags Chromium needs as root in this sandbox; the background-networking ones stop it
# from trying (and failing) to reach Google's services on every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# What the profile and the dashboard promise: WCAG 2.1 level A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_executable() -> str:
    """Debian's Chromium; a clear failure (not a skip) when the system dependency is missing."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "Chromium is not installed: run `make system-deps` (it installs Debian's chromium)",
        pytrace=False,
    )


def axe_script() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


@dataclass
class OpenedPage:
    """A page and the requests it tried to make beyond its own file."""

    page: Any
    url: str
    blocked_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def axe_violations(self, tags: list[str] | None = None) -> list[dict[str, Any]]:
        """axe-core's violations for the page as it is now (WCAG 2.1 A/AA by default)."""
        self.page.evaluate(axe_script())
        options = {"runOnly": {"type": "tag", "values": tags or AXE_TAGS}}
        result = self.page.evaluate(f"axe.run(document, {json.dumps(options)})")
        return list(result["violations"])

    def screenshot(self, path: Path) -> Path:
        self.page.screenshot(path=str(path), full_page=True)
        return path


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One readable line per violation and node, for an assertion message."""
    lines = []
    for violation in violations:
        for node in violation.get("nodes", [])[:5]:
            target = ",".join(str(t) for t in node.get("target", []))
            impact = violation["impact"]
            lines.append(f"{violation['id']} ({impact}): {target}: {violation['help']}")
    return "\n".join(lines)


def open_file(browser: Any, path: Path, width: int = 1280, height: int = 900) -> OpenedPage:
    """Open a local HTML file at a viewport width; any request beyond file:// is refused."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    url = path.resolve().as_uri()
    opened = OpenedPage(page=page, url=url)

    def route(route: Any) -> None:
        request_url = route.request.url
        if request_url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            # Chromium may retry a refused request; record each address once.
            if request_url not in opened.blocked_requests:
                opened.blocked_requests.append(request_url)
            route.abort()

    page.route("**/*", route)

    def console(message: Any) -> None:
        if message.type == "error":
            opened.console_errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: opened.console_errors.append(str(error)))
    page.goto(url, wait_until="load")
    return opened
