"""Search in a browser, on a 1280 x 900 screen and on a 390 x 844 phone, over the demo's record.

A member of the public types words into the header's search box on the home page, reads how many
records match, narrows them to one kind and opens the minutes found; puts a phrase in quotes and
gets the public comment that says it first, which opens on its meeting's page; asks for dates
that end before they begin and is told so at the field, with no results. The header's box fits
the phone on the home page and on a meeting page, and Quick exit stays in view. axe passes on
the search page with results, with an error and empty, in English and in Spanish.

A member of the Task Force finds the members' briefings the public cannot find at all."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from comments.seed import seed_demo_comments
from committees.models import Committee
from core.time import today_pacific
from extensions import db
from members.models import UserRole
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import heading, sign_in
from tests.e2e.layout import PHONE, assert_fits_a_phone
from tests.fixtures.members import make_user

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
MEMBER = "tf-member@example.org"
# From the demo: the minutes of the Task Force's first meeting held, a public comment on its
# next one, and a members-only briefing for each meeting soon enough to have its papers.
WORDS = "labor trafficking"
MINUTES_OF = "Task Force spring meeting"
PHRASE = "eastern Washington"
COMMENT = "Shelters in eastern Washington need interpreters more than anything else."
COMMENTED_MEETING = "Task Force quarterly meeting"
BRIEFING = "Members' briefing"
END_BEFORE_START = "The end date must be on or after the start date."
# The demo's meetings are placed around today, from 200 days back to 150 ahead.
TODAY = today_pacific()
A_YEAR_AGO, IN_A_YEAR = TODAY - timedelta(days=365), TODAY + timedelta(days=365)


@pytest.fixture
def record(demo) -> dict[str, Committee]:
    """The demo's bodies (by slug), people, meetings and minutes, and its public comments."""
    seed_demo_comments()
    db.session.commit()
    return demo


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)


def header_search(page: Page):
    return page.get_by_role("searchbox", name="Search this site")


def search_from_the_header(page: Page, words: str) -> None:
    """Type into the box every page's header has, and press Enter."""
    box = header_search(page)
    box.fill(words)
    box.press("Enter")
    expect(heading(page)).to_have_text("Search")


def assert_header_search_in_view(page: Page) -> None:
    """The header's box and its button are shown whole, inside the screen's width, and the
    Quick exit button is in view."""
    width = page.viewport_size["width"]
    form = page.get_by_role("search", name="Search this site")
    for part in (header_search(page), form.get_by_role("button", name="Search")):
        expect(part).to_be_visible()
        box = part.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{box} on a {width}px screen"
    assert header_search(page).bounding_box()["width"] >= 120, "too narrow a box to type in"
    expect(page.locator("[data-quick-exit]")).to_be_in_viewport()
    assert_fits_a_phone(page)


def results(page: Page):
    return page.locator("ol.search-results > li")


def result_titled(page: Page, title: str):
    return results(page).filter(has=page.get_by_role("heading", name=title, exact=True))


def search_form(page: Page):
    return page.get_by_role("search", name="Search the records")


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_public_search_from_the_header_narrow_by_kind_and_open_what_they_found(
    page: Page, record, screen
):
    page.set_viewport_size(screen)

    # On the home page the header's search box is in view, beside Quick exit.
    page.goto("/")
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    assert_header_search_in_view(page)
    screenshot(page, "search-home")

    # Words typed into it and Enter: the search page, with how many records say them.
    search_from_the_header(page, WORDS)
    expect(page).to_have_url(re.compile(r"/search\?q=labor\+trafficking$"))
    expect(page).to_have_title(re.compile(f"^Search: {WORDS}"))
    expect(search_form(page).get_by_label("Search for")).to_have_value(WORDS)
    expect(page.get_by_role("status")).to_have_text("4 results.")
    expect(results(page)).to_have_count(4)
    for title in [
        "WashACT information session: labor trafficking",
        "Meeting packet",  # the session's packet says the session's title
        f"Comment on {COMMENTED_MEETING}",
        f"Minutes of {MINUTES_OF}",
    ]:  # in whatever order the database ranks them
        expect(result_titled(page, title)).to_have_count(1)
    comment = result_titled(page, f"Comment on {COMMENTED_MEETING}")
    expect(comment).to_contain_text("Public comment · Task Force ·")
    expect(comment.locator("mark")).to_have_text(["labor", "trafficking"])
    by_kind = page.get_by_role("heading", name="By kind").locator("xpath=following-sibling::ul[1]")
    expect(by_kind.get_by_role("link")).to_have_text(
        ["Public comment (1)", "Document (1)", "Meeting (1)", "Minutes (1)"]
    )
    by_body = page.get_by_role("heading", name="By body").locator("xpath=following-sibling::ul[1]")
    expect(by_body.get_by_role("link")).to_have_text(["Task Force (2)", "WashACT (2)"])
    expect(page.locator("[data-quick-exit]")).to_be_in_viewport()
    screenshot(page, "search-results")
    assert_accessible(page)

    # One kind: the minutes alone, the choice kept in the form and a way back to every kind.
    by_kind.get_by_role("link", name="Minutes (1)").click()
    expect(page.get_by_role("status")).to_have_text("1 result.")
    expect(search_form(page).get_by_label("Kind of record")).to_have_value("minutes")
    expect(by_kind.locator("strong")).to_have_text("Minutes (1)")
    expect(by_kind.get_by_role("link", name="Every kind")).to_be_visible()
    found = results(page).first
    expect(found).to_contain_text("Minutes · Task Force ·")
    screenshot(page, "search-results-minutes")
    assert_accessible(page)

    # The result opens the record.
    found.get_by_role("link", name=f"Minutes of {MINUTES_OF}").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/minutes$"))
    expect(heading(page)).to_have_text(f"Minutes: {MINUTES_OF}")
    expect(page.locator("main")).to_contain_text("a section on labor trafficking")

    # An exact phrase, in quotes, from the minutes page's header: its words in another order
    # are not it; in its own order, the comment that says it comes first.
    search_from_the_header(page, '"Washington eastern"')
    expect(page.get_by_role("status")).to_contain_text("Nothing matches your search.")
    search_from_the_header(page, f'"{PHRASE}"')
    expect(search_form(page).get_by_label("Search for")).to_have_value(f'"{PHRASE}"')
    expect(page.get_by_role("status")).to_have_text("1 result.")
    first = results(page).first
    expect(first.get_by_role("heading", level=2)).to_have_text(f"Comment on {COMMENTED_MEETING}")
    expect(first).to_contain_text("Public comment · Task Force ·")
    # The phrase is marked, as one (SQLite's FTS5) or word by word (PostgreSQL's ts_headline).
    expect(first.locator("mark").first).to_be_visible()
    assert " ".join(first.locator("mark").all_inner_texts()) == PHRASE
    # The comment's words (PostgreSQL's snippet leaves out the last full stop).
    expect(first.locator(".search-snippet")).to_contain_text(COMMENT.rstrip("."))
    assert_accessible(page)

    # It opens on the meeting's page, at the comment; the header's box still fits there.
    first.get_by_role("link", name=f"Comment on {COMMENTED_MEETING}").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+#public-comment$"))
    expect(heading(page)).to_contain_text(COMMENTED_MEETING)
    expect(page.get_by_text(COMMENT)).to_be_visible()
    assert_header_search_in_view(page)
    screenshot(page, "search-meeting-page")

    # Dates that end before they begin: the error at the "To" field, HTTP 422, no results.
    search_from_the_header(page, WORDS)
    form = search_form(page)
    form.get_by_label("From").fill(TODAY.isoformat())
    form.get_by_label("To", exact=True).fill(A_YEAR_AGO.isoformat())
    with page.expect_response(re.compile(r"/search\?")) as response:
        form.get_by_role("button", name="Search").click()
    assert response.value.status == 422
    to = form.get_by_label("To", exact=True)
    expect(to).to_have_attribute("aria-invalid", "true")
    expect(to).to_have_accessible_description(END_BEFORE_START)
    expect(form.get_by_role("alert")).to_have_text(END_BEFORE_START)
    expect(form.get_by_label("From")).to_have_value(TODAY.isoformat())  # what they typed is kept
    expect(page.get_by_role("status")).to_have_count(0)
    expect(results(page)).to_have_count(0)
    screenshot(page, "search-date-error")
    assert_accessible(page)

    # With the dates put right, the results come back.
    form.get_by_label("From").fill(A_YEAR_AGO.isoformat())
    form.get_by_label("To", exact=True).fill(IN_A_YEAR.isoformat())
    form.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("4 results.")

    # Empty: the page before any search, and a search that finds nothing.
    page.goto("/search")
    expect(heading(page)).to_have_text("Search")
    expect(page.get_by_role("status")).to_have_count(0)
    assert_accessible(page)
    search_from_the_header(page, "zebra")
    expect(page.get_by_role("status")).to_have_text(
        "Nothing matches your search. Try fewer or other words, or remove a filter."
    )
    expect(results(page)).to_have_count(0)
    screenshot(page, "search-nothing")
    assert_accessible(page)


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_search_page_in_spanish_with_results_an_error_and_empty(page: Page, record, screen):
    page.set_viewport_size(screen)
    page.goto("/")
    search_from_the_header(page, WORDS)
    expect(page.get_by_role("status")).to_have_text("4 results.")

    # The language bar keeps the search: the same results, the page now Spanish.
    page.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page).to_have_url(re.compile(r"[?&]q=labor\+trafficking"))
    expect(heading(page)).to_have_text("Buscar")
    expect(page.get_by_role("link", name="Salida rápida")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Buscar en este sitio")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("4 resultados.")
    comment = results(page).filter(has_text="Comentario público · Task Force ·")
    expect(comment.get_by_role("heading", level=2)).to_contain_text(
        f"Comentario sobre {COMMENTED_MEETING}"
    )
    expect(page.get_by_role("heading", name="Por tipo")).to_be_visible()
    expect(page.get_by_role("link", name="Comentario público (1)")).to_be_visible()
    screenshot(page, "search-results-es")
    assert_accessible(page)

    # Dates that end before they begin, in Spanish: the error at the field, HTTP 422.
    response = page.goto(f"/search?lang=es&q=labor&start={TODAY}&end={A_YEAR_AGO}")
    assert response.status == 422
    expect(page.locator("html")).to_have_attribute("lang", "es")
    to = page.get_by_label("Hasta", exact=True)
    expect(to).to_have_attribute("aria-invalid", "true")
    expect(to).to_have_accessible_description(
        "La fecha final debe ser igual o posterior a la fecha inicial."
    )
    expect(page.get_by_role("status")).to_have_count(0)
    expect(results(page)).to_have_count(0)
    screenshot(page, "search-date-error-es")
    assert_accessible(page)

    # Empty: before any search, and a search that finds nothing.
    page.goto("/search?lang=es")
    expect(heading(page)).to_have_text("Buscar")
    expect(page.get_by_role("status")).to_have_count(0)
    assert_accessible(page)
    page.goto("/search?lang=es&q=zebra")
    expect(page.get_by_role("status")).to_have_text(
        "Nada coincide con su búsqueda. Pruebe con menos palabras o con otras, o quite un filtro."
    )
    expect(results(page)).to_have_count(0)
    screenshot(page, "search-nothing-es")
    assert_accessible(page)


def test_a_member_finds_the_members_briefings_that_the_public_cannot_find(
    page: Page, new_page, record
):
    make_user(MEMBER, UserRole.MEMBER, [record["task-force"]])

    # The public: nothing.
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    search_from_the_header(page, "briefing")
    expect(page.get_by_role("status")).to_have_text(
        "Nothing matches your search. Try fewer or other words, or remove a filter."
    )
    expect(page.get_by_text(BRIEFING)).to_have_count(0)

    # A member of the Task Force: the briefings of its meetings, and no other body's.
    member = new_page()
    member.set_viewport_size(DESKTOP)
    sign_in(member, MEMBER)
    search_from_the_header(member, "briefing")
    expect(member.get_by_role("status")).to_have_text("3 results.")
    expect(results(member).get_by_role("heading", level=2)).to_have_text([BRIEFING] * 3)
    for found in results(member).all():
        expect(found).to_contain_text("Document · Task Force ·")
    expect(member.get_by_role("link", name="Document (3)")).to_be_visible()
    by_body = member.get_by_role("heading", name="By body").locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(by_body.get_by_role("link")).to_have_text(["Task Force (3)"])
    for screen in (DESKTOP, PHONE):
        member.set_viewport_size(screen)
        screenshot(member, "search-member-briefings")
        assert_accessible(member)

    # The member may download what was found; the public, given the address, may not.
    href = results(member).first.get_by_role("link", name=BRIEFING).get_attribute("href")
    assert member.request.get(href).status == 200
    assert page.request.get(href).status == 404
