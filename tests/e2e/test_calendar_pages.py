"""A member finds their private calendar link, copies it, replaces it; the public subscribes."""

import re
import urllib.request

import icalendar
from playwright.sync_api import Page, expect
from sqlalchemy import select

from committees.models import Committee, MeetingAccess
from extensions import db
from members.models import UserRole
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in
from tests.e2e.layout import PHONE, assert_fits_a_phone
from tests.fixtures.committees import make_committee
from tests.fixtures.meetings import make_meeting
from tests.fixtures.members import make_user


def test_a_member_subscribes_to_their_private_calendar(page: Page, bodies, live_server):
    make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    make_meeting(
        bodies["washact"],
        access=MeetingAccess.INVITATION_ONLY,
        location="Room 4B, 1125 Washington St SE",
        title="Quarterly member meeting",
    )
    db.session.commit()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, "member@example.org")
    page.get_by_role("link", name="My page").click()
    expect(page.get_by_role("heading", name="My private calendar")).to_be_visible()
    assert_accessible(page)
    address = page.get_by_label("Address to copy into your calendar app").input_value()
    assert "/calendar/private/" in address
    webcal = page.get_by_role("link", name="Add to Apple Calendar").get_attribute("href")
    assert webcal.startswith("webcal://") and webcal.endswith(address.split("://", 1)[1])
    google = page.get_by_role("link", name="Add to Google Calendar").get_attribute("href")
    assert google.startswith("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F")
    outlook = page.get_by_role("link", name="Add to Outlook.com").get_attribute("href")
    assert outlook.startswith("https://outlook.live.com/calendar/0/addfromweb?url=http")
    page.get_by_role("button", name="Copy the private calendar address").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == address

    feed = icalendar.Calendar.from_ical(urllib.request.urlopen(address).read())
    (event,) = feed.walk("VEVENT")
    assert "Room 4B" in str(event["LOCATION"])

    page.get_by_role("button", name="Make a new link").click()
    expect(page.get_by_text("The old link no longer works.")).to_be_visible()
    new_address = page.get_by_label("Address to copy into your calendar app").input_value()
    assert new_address != address
    try:
        urllib.request.urlopen(address)
        raise AssertionError("the old link still answers")
    except urllib.error.HTTPError as error:
        assert error.code == 404


def test_the_public_subscribe_page(page: Page, bodies, live_server):
    page.goto("/")
    page.get_by_role("link", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Subscribe to meeting calendars")).to_be_visible()
    assert_accessible(page)
    # One-click subscribe in each app, for every feed: built from the feed's own address.
    for app in ["Google Calendar", "Outlook.com", "Office 365", "Apple Calendar"]:
        name = re.compile(rf"^{re.escape(app)}\s*: subscribe to")  # the sr-only part adds a space
        expect(page.get_by_role("link", name=name)).to_have_count(4)
    address = page.locator("#feed-1").input_value()
    assert address == f"{live_server}/calendar.ics"
    calendar = icalendar.Calendar.from_ical(urllib.request.urlopen(address).read())
    assert str(calendar["X-WR-CALNAME"])


def test_in_a_large_install_the_public_finds_a_body_to_subscribe_to(page: Page, bodies):
    for n in range(30):
        agency = "Department of Commerce" if n % 2 else "Office of the Governor"
        make_committee(f"board-{n}", name=f"Board of Things {n}", convening_agency=agency)
    db.session.commit()
    for viewport in [{"width": 1280, "height": 900}, PHONE]:
        page.set_viewport_size(viewport)
        page.goto("/subscribe")
        expect(page.locator('input[name="committees"]')).to_have_count(0)
        search = page.get_by_label(re.compile(r"^Find one of the 33 bodies"))
        search.fill("commerce 17")
        search.press("Enter")
        expect(page.get_by_role("row", name=re.compile("Board of Things 17"))).to_be_visible()
        expect(page.get_by_label("Board of Things 17", exact=True)).not_to_be_checked()
        assert_accessible(page)
        assert_fits_a_phone(page)
    notices = page.locator("form", has=page.get_by_role("button", name="Send me notices"))
    notices.get_by_text("Board of Things 17", exact=True).check()
    notices.get_by_label("E-mail").fill("reader@example.org")
    page.get_by_role("button", name="Send me notices").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    page.goto("/subscribe?lang=es&q=cosas")
    expect(page.get_by_text("Ningún órgano coincide con «cosas».")).to_be_visible()
    assert_accessible(page)


def test_in_a_large_install_the_home_page_groups_bodies_by_agency(page: Page, bodies):
    for n in range(30):
        agency = "Department of Commerce" if n % 2 else "Office of the Governor"
        make_committee(f"board-{n}", name=f"Board of Things {n}", convening_agency=agency)
    make_meeting(db.session.scalars(select(Committee).filter_by(slug="board-3")).one(), title="x")
    db.session.commit()
    for viewport in [{"width": 1280, "height": 900}, PHONE]:
        page.set_viewport_size(viewport)
        page.goto("/?lang=en")
        assert_accessible(page)
        assert_fits_a_phone(page)
        page.get_by_role("link", name="Department of Commerce", exact=True).click()
        expect(page.get_by_text("15 bodies, page 1 of 2.")).to_be_visible()
        expect(page.get_by_label("Convened by")).to_have_value("Department of Commerce")
        board = page.get_by_role("listitem").filter(
            has=page.get_by_role("heading", name="Board of Things 3")
        )
        expect(board).to_contain_text("Next meeting:")
        expect(board.get_by_role("link", name=re.compile(r"\d{4}"))).to_be_visible()
        assert_accessible(page)
        assert_fits_a_phone(page)
    page.get_by_label(re.compile("^Find one of the 33 bodies")).fill("governor 8")
    page.get_by_label("Convened by").select_option(label="Any agency")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        ["Board of Things 8", "Board of Things 18", "Board of Things 28"]
    )
    page.goto("/committees/?lang=es&q=nada")
    expect(page.get_by_text("Ningún órgano coincide con su búsqueda.")).to_be_visible()
    assert_accessible(page)
