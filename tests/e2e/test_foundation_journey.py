"""The foundation in a browser: the public reads about the bodies, staff record who sits on them,
a survivor's seat shows only as "Filled" until they consent to be named, and a visitor who may be
watched can leave at once."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from members.models import UserRole
from tests.e2e.axe import assert_accessible
from tests.fixtures.members import PASSWORD, make_user

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TASK_FORCE = "Washington State Task Force Against the Trafficking of Persons"
SURVIVOR_SEAT = "Survivor of human trafficking"
SURVIVOR = "Rowan Quietwater"
STAFF_EMAIL = "task-force-staff@example.org"


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_staff_appoint_a_survivor_whom_the_public_sees_only_as_a_filled_seat(page: Page, bodies):
    make_user(STAFF_EMAIL, UserRole.STAFF, [bodies["task-force"]])

    # The public looks around, and every page it reaches passes axe.
    page.goto("/")
    expect(heading(page)).to_have_text("Washington State's anti-trafficking committees")
    assert_accessible(page)
    page.get_by_role("link", name="Committees", exact=True).click()
    expect(heading(page)).to_have_text("Committees")
    assert_accessible(page)
    page.get_by_role("link", name=TASK_FORCE).click()
    expect(heading(page)).to_have_text(TASK_FORCE)
    assert_accessible(page)
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    assert_accessible(page)

    # A staff member of the Task Force signs in.
    page.get_by_role("link", name="Sign in").click()
    expect(heading(page)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_label("E-mail").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in.")).to_be_visible()

    # They add the survivor, who has not consented to be named.
    page.get_by_role("link", name="Staff", exact=True).click()
    expect(heading(page)).to_have_text("Staff dashboard")
    assert_accessible(page)
    page.get_by_role("link", name="People", exact=True).click()
    expect(heading(page)).to_have_text("People")
    assert_accessible(page)
    page.get_by_role("link", name="Add a person").click()
    expect(heading(page)).to_have_text("Add a person")
    assert_accessible(page)
    page.get_by_label("Full name").fill(SURVIVOR)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{SURVIVOR} was added.")).to_be_visible()
    # Consent is an act of its own, recorded on the person's page; nobody starts with it.
    expect(page.get_by_role("heading", name="Consent to be named publicly")).to_be_visible()
    expect(page.get_by_text("not named on public pages")).to_be_visible()
    assert_accessible(page)

    # They appoint the survivor to the survivor seat, from the Task Force's roster.
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_role("link", name="Seats of the Task Force").click()
    expect(heading(page)).to_have_text("Task Force: seats and appointments")
    assert_accessible(page)
    page.get_by_role("link", name="Appoint someone").click()
    expect(heading(page)).to_have_text("Appoint someone to the Task Force")
    assert_accessible(page)
    page.get_by_label("Person", exact=True).select_option(label=SURVIVOR)
    page.get_by_label("Seat", exact=True).select_option(label=f"{SURVIVOR_SEAT} (at least 1)")
    page.get_by_role("button", name="Appoint", exact=True).click()
    expect(page.get_by_text(f"{SURVIVOR} was appointed to “{SURVIVOR_SEAT}”.")).to_be_visible()
    expect(page.get_by_role("row", name=SURVIVOR)).to_contain_text("Hidden: no consent")

    # Signed out, the public sees the seat filled, and the survivor's name nowhere.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto("/committees/task-force")
    survivor_seat = page.get_by_role("region", name=SURVIVOR_SEAT)
    expect(survivor_seat).to_contain_text("1 filled · 0 vacant")
    expect(survivor_seat.get_by_role("listitem")).to_have_text(["Filled"])
    assert SURVIVOR not in page.content()
    assert_accessible(page)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "committee-task-force.png", full_page=True)
    page.goto("/")
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)


def test_quick_exit_is_the_first_thing_a_keyboard_reaches(page: Page, quick_exit_url, bodies):
    page.goto("/committees/task-force")
    quick_exit = page.get_by_role("link", name="Quick exit")
    expect(quick_exit).to_be_visible()
    expect(quick_exit).to_be_in_viewport()

    for _ in range(2):  # the skip link may come first
        page.keyboard.press("Tab")
        if quick_exit.evaluate("link => link === document.activeElement"):
            break
    expect(quick_exit).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(quick_exit_url)


def test_quick_exit_leaves_no_way_back_to_the_page(page: Page, quick_exit_url, bodies):
    # The visitor came from a blank tab, so that is where "Back" must take them.
    assert page.url == "about:blank"
    page.goto("/committees/task-force")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(quick_exit_url)
    assert page.evaluate("history.length") == 2, "quick exit added a history entry"

    page.go_back()
    assert page.url == "about:blank"


def test_pressing_escape_twice_leaves_at_once(page: Page, quick_exit_url, bodies):
    page.goto("/committees/task-force")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(quick_exit_url)


def test_on_a_touch_phone_the_quick_exit_hint_speaks_of_tapping(browser, live_server, bodies):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    phone = context.new_page()
    phone.goto("/committees/task-force")
    expect(phone.get_by_text("Tap to leave this site at once")).to_be_visible()
    expect(phone.get_by_text("press Esc twice")).to_be_hidden()
    button = phone.get_by_role("link", name="Quick exit").bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= 390 and button["y"] >= 0
    context.close()


def test_on_a_desk_the_hint_names_the_keys(page: Page, bodies):
    page.goto("/committees/task-force")
    expect(page.get_by_text("press Esc twice")).to_be_visible()
    expect(page.get_by_text("Tap to leave this site at once")).to_be_hidden()
