"""The protection model in a browser, at a desktop width and a phone width: Task Force staff appoint
a survivor nobody else may know of, who shows publicly as a filled seat until staff record their
consent; WashACT's staff cannot find them at all; and an approved guest's personal link shows an
invitation-only meeting's place, agenda and papers until staff revoke it."""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from committees.models import MeetingAccess, Person
from core.time import today_pacific, utcnow
from extensions import db
from invitations.models import InvitationRequest
from meetings.models import DocumentVisibility
from meetings.postings import publish_agenda
from members.models import UserRole
from notify.worker import send_due
from public_requests.states import RequestStatus
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import flash, heading, link_in, sign_in, text_of
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import PDF_BYTES, add_item, make_document, make_meeting
from tests.fixtures.members import make_user

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SURVIVOR_SEAT = "Survivor of human trafficking"
SURVIVOR = "Rowan Quietwater"
SURVIVOR_EMAIL = "rowan.quietwater@example.org"
TASK_FORCE_STAFF = "task-force-staff@example.org"
WASHACT_STAFF = "washact-staff@example.org"
GUEST = "gale.guest@example.org"
PLACE = "Room 4B, 1125 Washington St SE, Olympia"
ITEM = "Regional task force updates"


@pytest.fixture
def app_config(app_config, smtp) -> dict:
    """The e2e settings (CSRF on), and mail to the test's own SMTP server."""
    return app_config | mail_config(smtp)


class BothWidths:
    """Checks a page at 1280 and at 390 pixels wide: axe passes at each (else the test fails
    there), and a page that spills sideways on the phone is noted, to be failed at the journey's
    end, so that one wide table does not hide what the rest of the journey would find."""

    def __init__(self) -> None:
        self.too_wide: list[str] = []

    def check(self, page: Page, screenshot: str | None = None) -> None:
        """With a name, each width is also saved as a full-page screenshot, before axe runs."""
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            if screenshot:
                ARTIFACTS.mkdir(exist_ok=True)
                path = ARTIFACTS / f"{screenshot}-{size['width']}.png"
                page.screenshot(path=path, full_page=True)
            assert_accessible(page)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            self.too_wide.append(f"{urlsplit(page.url).path}: {overflow}px too wide")
        page.set_viewport_size(DESKTOP)

    def assert_nothing_too_wide(self) -> None:
        assert not self.too_wide, f"Pages wider than a {PHONE['width']}px phone:\n" + "\n".join(
            self.too_wide
        )


@pytest.fixture
def widths() -> BothWidths:
    return BothWidths()


def staff_page(new_page, email: str) -> Page:
    staff = new_page()
    staff.set_viewport_size(DESKTOP)
    sign_in(staff, email)
    return staff


def test_a_survivor_is_named_only_with_consent_and_hidden_from_other_bodies_staff(
    page: Page, new_page, bodies, widths
):
    make_user(TASK_FORCE_STAFF, UserRole.STAFF, [bodies["task-force"]])
    make_user(WASHACT_STAFF, UserRole.STAFF, [bodies["washact"]])
    staff = staff_page(new_page, TASK_FORCE_STAFF)

    # Task Force staff appoint someone not on record yet, straight from the appointment form.
    staff.goto("/committees/task-force/appointments/new")
    expect(heading(staff)).to_have_text("Appoint someone to the Task Force")
    person = staff.get_by_label("Person", exact=True)
    person.select_option(label="Someone new (enter their name below)")
    staff.get_by_label("Seat", exact=True).select_option(label=f"{SURVIVOR_SEAT} (at least 1)")
    widths.check(staff, "appointment-form-someone-new")
    # Forgetting the name is an error, shown on the field it belongs to.
    staff.get_by_role("button", name="Appoint", exact=True).click()
    new_name = staff.get_by_label("Their full name")
    expect(new_name).to_have_attribute("aria-invalid", "true")
    expect(new_name).to_have_accessible_description(re.compile("Enter the new person's full name."))
    expect(person).to_have_value("-1")  # the choice is kept
    widths.check(staff, "appointment-form-with-errors")
    new_name.fill(SURVIVOR)
    staff.get_by_label("Their e-mail (optional)").fill(SURVIVOR_EMAIL)
    staff.get_by_role("button", name="Appoint", exact=True).click()
    expect(flash(staff, f"{SURVIVOR} was appointed to “{SURVIVOR_SEAT}”.")).to_be_visible()
    expect(heading(staff)).to_have_text("Task Force: seats and appointments")
    expect(staff.get_by_role("row", name=SURVIVOR)).to_contain_text("Hidden: no consent")
    widths.check(staff)

    # The public see the seat filled, and the name nowhere.
    page.set_viewport_size(DESKTOP)
    page.goto("/committees/task-force")
    survivor_seat = page.get_by_role("region", name=SURVIVOR_SEAT)
    expect(survivor_seat.get_by_role("listitem")).to_have_text(["Filled"])
    assert SURVIVOR not in page.content()
    widths.check(page)

    # Staff find the survivor among the people and open their page.
    staff.goto("/people/")
    expect(heading(staff)).to_have_text("People")
    expect(staff.get_by_role("row", name=SURVIVOR)).to_contain_text(SURVIVOR_EMAIL)
    widths.check(staff)
    staff.get_by_role("link", name=f"Edit {SURVIVOR}").click()
    expect(heading(staff)).to_have_text(f"Edit {SURVIVOR}")
    consent = staff.locator("form").filter(has=staff.get_by_role("button", name="Record consent"))
    expect(staff.get_by_role("heading", name="Consent to be named publicly")).to_be_visible()
    expect(staff.get_by_text("not named on public pages")).to_be_visible()
    expect(staff.get_by_role("table", name="History of consent")).to_have_count(0)
    widths.check(staff, "person-consent")

    # Recording consent without saying how, or when, is refused, each field saying why.
    consent.get_by_role("button", name="Record consent").click()
    how = staff.get_by_label("How they said so")
    given_on = staff.get_by_label("On what day")
    for field, error in [
        (how, "Say how the person gave or withdrew consent."),
        (given_on, "Enter the day they said so."),
    ]:
        expect(staff.get_by_text(error)).to_be_visible()
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(error)))
        field.focus()
        expect(field).to_be_focused()
    widths.check(staff, "person-consent-with-errors")

    # Then properly: yes, by a signed form, last week.
    given_day = today_pacific() - timedelta(days=7)
    # USWDS draws its own radio and moves the input off screen: people click the label.
    staff.get_by_text("Yes: they may be named on public pages", exact=False).click()
    expect(staff.get_by_role("radio", name=re.compile("^Yes: they may be named"))).to_be_checked()
    how.fill("signed consent form")
    given_on.fill(given_day.isoformat())
    staff.get_by_role("button", name="Record consent").click()
    expect(
        flash(staff, f"Consent recorded: {SURVIVOR} may be named on public pages.")
    ).to_be_visible()
    expect(staff.get_by_text("may be named on public pages", exact=True)).to_be_visible()
    history = staff.get_by_role("table", name="History of consent")
    expect(history.get_by_role("row")).to_have_count(2)  # the header and one record
    record = history.get_by_role("row").nth(1)
    for cell in [
        "Given",
        "signed consent form",
        f"{given_day:%B} {given_day.day}, {given_day.year}",
        TASK_FORCE_STAFF,
    ]:
        expect(record).to_contain_text(cell)
    widths.check(staff, "person-consent-history")

    # Now the public page names them.
    page.reload()
    expect(survivor_seat.get_by_role("listitem")).to_have_text([SURVIVOR])
    widths.check(page)

    # WashACT's staff manage no body the survivor sits on: for them the survivor does not exist.
    survivor_id = db.session.scalar(select(Person.id).where(Person.name == SURVIVOR))
    other = staff_page(new_page, WASHACT_STAFF)
    other.goto("/people/")
    expect(heading(other)).to_have_text("People")
    expect(other.get_by_text(SURVIVOR)).to_have_count(0)
    assert SURVIVOR not in other.content() and SURVIVOR_EMAIL not in other.content()
    widths.check(other)
    response = other.goto(f"/people/{survivor_id}/edit")
    assert response.status == 404
    expect(heading(other)).to_have_text("Page not found")
    assert SURVIVOR not in other.content()
    widths.check(other)
    widths.assert_nothing_too_wide()


def test_an_approved_guest_sees_the_meeting_by_their_link_until_staff_revoke_it(
    page: Page, new_page, bodies, smtp, widths
):
    washact = bodies["washact"]
    meeting = make_meeting(
        washact,
        access=MeetingAccess.INVITATION_ONLY,
        title="WashACT member meeting",
        location=PLACE,
    )
    add_item(meeting, ITEM, presenter="WARN")
    publish_agenda(meeting, utcnow() - timedelta(days=2), None)
    packet = make_document(meeting, DocumentVisibility.PUBLIC, title="Public packet")
    make_document(meeting, DocumentVisibility.MEMBERS_ONLY, title="Members briefing")
    # A request the requester has confirmed from the e-mail (the invitations journey does that).
    db.session.add(
        InvitationRequest(
            committee=washact,
            meeting=meeting,
            name="Gale Guest",
            email=GUEST,
            organization="Harbor House",
            reason="I coordinate victim services in King County.",
            status=RequestStatus.PENDING,
            confirmed_at=utcnow(),
        )
    )
    db.session.commit()
    make_user(WASHACT_STAFF, UserRole.STAFF, [washact])
    meeting_id, packet_name = meeting.id, packet.filename

    # WashACT's staff approve the request from their queue.
    staff = staff_page(new_page, WASHACT_STAFF)
    staff.goto("/committees/washact/invitation-requests")
    expect(heading(staff)).to_have_text("WashACT: invitation requests")
    staff.get_by_role("region", name="Gale Guest, Harbor House").get_by_role(
        "button", name="Approve Gale Guest"
    ).click()
    expect(
        flash(staff, "Gale Guest's request is approved; they are told by e-mail.")
    ).to_be_visible()

    # The invitation carries a link of the guest's own.
    send_due()
    (approval,) = smtp.inbox.to(GUEST)
    link = link_in(approval, f"/meetings/{meeting_id}/guest/")

    # By it the guest sees the place, the posted agenda and the public papers, and nothing more.
    page.set_viewport_size(DESKTOP)
    page.goto(link)
    expect(heading(page)).to_contain_text("WashACT member meeting")
    expect(page.get_by_text("You are invited to this meeting.")).to_be_visible()
    expect(page.get_by_text(PLACE)).to_be_visible()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    expect(page.get_by_role("heading", name=ITEM)).to_be_visible()
    expect(page.get_by_role("heading", name="By invitation only")).to_have_count(0)
    expect(page.get_by_text("Members briefing")).to_have_count(0)
    widths.check(page, "guest-meeting")
    with page.expect_download() as download:
        page.get_by_role("link", name="Public packet").click()
    assert download.value.suggested_filename == packet_name
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    document_link = page.get_by_role("link", name="Public packet").get_attribute("href")

    # Staff revoke the invitation from the approved tab.
    tabs = staff.get_by_role("navigation", name="Requests by status")
    tabs.get_by_role("link", name="Approved (1)").click()
    expect(tabs.locator("strong")).to_have_text("Approved (1)")
    approved = staff.get_by_role("region", name="Gale Guest, Harbor House")
    revoke = approved.get_by_role("button", name="Revoke the invitation of Gale Guest")
    expect(revoke).to_be_visible()
    widths.check(staff, "invitation-queue-approved")
    revoke.click()
    expect(
        flash(
            staff,
            "Gale Guest is no longer invited; their link stops working and they are told "
            "by e-mail.",
        )
    ).to_be_visible()
    expect(staff.get_by_text("No approved requests.")).to_be_visible()
    widths.check(staff)
    send_due()
    assert "withdrawn" in smtp.inbox.to(GUEST)[-1]["Subject"]
    assert PLACE not in text_of(smtp.inbox.to(GUEST)[-1])

    # The link now opens the site's page for something not found, as does its download.
    response = page.goto(link)
    assert response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    expect(page.get_by_text(PLACE)).to_have_count(0)
    widths.check(page)
    assert page.request.get(document_link).status == 404
    widths.assert_nothing_too_wide()
