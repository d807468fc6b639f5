"""Accessibility checks with axe-core, the engine behind most automated WCAG audits."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.e2e.layout import assert_fits_a_phone

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_2_1_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page: Page) -> None:
    """Fail on every serious or critical WCAG 2.1 A/AA violation axe finds on the current page,
    and on a layout that does not fit a phone (tests/e2e/layout.py)."""
    assert_fits_a_phone(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate("tags => axe.run(document, {runOnly: tags})", WCAG_2_1_AA)
    violations = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not violations, f"axe found accessibility problems on {page.url}:\n" + "\n".join(
        describe(v) for v in violations
    )


def describe(violation: dict) -> str:
    targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
    more = len(violation["nodes"]) - 3
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}"
        f" — at {targets}{f' and {more} more' if more > 0 else ''}"
    )
