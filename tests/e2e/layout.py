"""The layout check every page the journeys visit gets, on a phone: nothing is wider than the
screen, and the Quick exit button is wholly in view and covers no text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

PHONE = {"width": 390, "height": 844}

PROBLEMS = """() => {
  window.scrollTo(0, 0);
  const problems = [];
  const width = document.documentElement.clientWidth;
  const wide = document.documentElement.scrollWidth;
  if (wide > width + 1) problems.push(`the page is ${wide} px wide on a ${width} px screen`);
  const exit = document.querySelector("[data-quick-exit]");
  if (!exit) return ["no Quick exit button"];
  const r = exit.getBoundingClientRect();
  if (r.left < 0 || r.top < 0 || r.right > width || r.bottom > window.innerHeight) {
    problems.push("the Quick exit button is not wholly in view");
  }
  const bar = exit.closest(".quick-exit").getBoundingClientRect();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    const skipped = ".quick-exit, .usa-skipnav, .usa-sr-only";
    if (!node.textContent.trim() || !element || element.closest(skipped)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const t of range.getClientRects()) {
      const across = t.left < bar.right && t.right > bar.left;
      if (t.width && t.height && across && t.top < bar.bottom && t.bottom > bar.top) {
        problems.push(`the Quick exit bar covers "${node.textContent.trim().slice(0, 40)}"`);
        break;
      }
    }
  }
  return problems;
}"""


def assert_fits_a_phone(page: Page) -> None:
    page.wait_for_load_state()  # a click may have started a navigation that is not done yet
    before = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        problems = page.evaluate(PROBLEMS)
    finally:
        if before:
            page.set_viewport_size(before)
    assert not problems, f"on a 390 x 844 screen, {page.url}:\n- " + "\n- ".join(problems)
