"""Invitations and e-mail notices in a browser, against a real SMTP server: a member of the public
asks to attend an invitation-only WashACT meeting, confirms from the e-mail, is approved by staff,
gets the place and a calendar invite, then withdraws; a subscriber confirms notices, hears of a new
public session, and unsubscribes with the link from the message's List-Unsubscribe header."""

import re
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from committees.models import MeetingAccess
from core.time import PACIFIC, utcnow
from extensions import db
from invitations.models import InvitationRequest, Subscriber
from meetings.models import Meeting, MeetingKind
from members.models import UserRole
from notify.worker import send_due
from public_requests.states import RequestStatus
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import flash, heading, link_in, sign_in, text_of
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import make_meeting
from tests.fixtures.members import make_user

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STAFF_EMAIL = "washact-staff@example.org"
REQUESTER = "gale.guest@example.org"
SUBSCRIBER = "sam.subscriber@example.org"
PLACE = "Room 4B, 1125 Washington St SE, Olympia"
REMOTE_LINK = "https://meet.example.org/closed"
STAFF_NOTE = "Welcome! Please bring photo ID to the front desk."


@pytest.fixture
def app_config(app_config, smtp) -> dict:
    """The e2e settings (CSRF on), and mail to the test's own SMTP server."""
    return app_config | mail_config(smtp)


def path_of(url: str) -> str:
    """The path of a link from an e-mail, opened on the test's own server."""
    return urlsplit(url).path


def latest_to(smtp, address: str) -> EmailMessage:
    messages = smtp.inbox.to(address)
    assert messages, f"no mail to {address}"
    return messages[-1]


def calendar_of(message: EmailMessage) -> icalendar.Calendar:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_content())


def in_ten_days_at(hour: int) -> datetime:
    day = (utcnow() + timedelta(days=10)).astimezone(PACIFIC).date()
    return datetime.combine(day, time(hour), tzinfo=PACIFIC)


def test_the_public_ask_for_an_invitation_and_staff_approve_it(page: Page, new_page, bodies, smtp):
    washact = bodies["washact"]
    starts_at = in_ten_days_at(10)
    meeting = make_meeting(
        washact,
        starts_at=starts_at,
        access=MeetingAccess.INVITATION_ONLY,
        title="WashACT member meeting",
        location=PLACE,
        remote_url=REMOTE_LINK,
    )
    db.session.commit()
    make_user(STAFF_EMAIL, UserRole.STAFF, [washact])
    meeting_id, title = meeting.id, meeting.title
    ARTIFACTS.mkdir(exist_ok=True)

    # The public find the meeting and ask for an invitation to it.
    page.goto(f"/meetings/{meeting_id}")
    expect(heading(page)).to_contain_text(title)
    expect(page.get_by_role("heading", name="By invitation only")).to_be_visible()
    expect(page.get_by_text(PLACE)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Request an invitation").click()
    expect(heading(page)).to_have_text("Request an invitation to the WashACT")
    expect(page.get_by_label("Which meeting")).to_have_value(str(meeting_id))
    expect(page.get_by_text("It is deleted 30 days after the meeting")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Gale Guest")
    page.get_by_label("Your e-mail").fill(REQUESTER)
    page.get_by_label("Organization (optional)").fill("Harbor House")
    page.get_by_label("Your role, or why you would like to attend").fill(
        "I coordinate victim services in King County."
    )
    page.screenshot(path=ARTIFACTS / "invitation-request-form.png", full_page=True)
    page.get_by_role("button", name="Send my request").click()
    expect(heading(page)).to_have_text("Check your e-mail")
    expect(page.get_by_text("The link works for 48 hours.")).to_be_visible()
    assert_accessible(page)

    # The worker sends the confirmation; the requester opens its link.
    send_due()
    (confirmation,) = smtp.inbox.to(REQUESTER)
    assert confirmation["Subject"] == "Confirm your request: WashACT"
    assert title in text_of(confirmation)
    # The link shows a button: a mail scanner following it confirms nothing.
    page.goto(link_in(confirmation, "/invitations/confirm/"))
    expect(heading(page)).to_have_text("Confirm your request")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my request").click()
    expect(heading(page)).to_have_text("Your request is confirmed")
    assert_accessible(page)

    # WashACT's staff see the request waiting, add a note and approve it.
    staff = new_page()
    sign_in(staff, STAFF_EMAIL)
    staff.get_by_role("link", name="Staff", exact=True).click()
    expect(heading(staff)).to_have_text("Staff dashboard")
    waiting = staff.get_by_role("link", name="1 invitation request waiting for the WashACT")
    expect(waiting).to_be_visible()
    assert_accessible(staff)
    waiting.click()
    expect(heading(staff)).to_have_text("WashACT: invitation requests")
    tabs = staff.get_by_role("navigation", name="Requests by status")
    expect(tabs).to_contain_text("Pending (1)")
    request = staff.get_by_role("region", name="Gale Guest, Harbor House")
    expect(request).to_contain_text(REQUESTER)
    expect(request).to_contain_text(f"for {title}")
    expect(request).to_contain_text("I coordinate victim services in King County.")
    request.get_by_label("Message to Gale Guest (optional)").fill(STAFF_NOTE)
    assert_accessible(staff)
    staff.screenshot(path=ARTIFACTS / "invitation-queue.png", full_page=True)
    request.get_by_role("button", name="Approve Gale Guest").click()
    expect(
        flash(staff, "Gale Guest's request is approved; they are told by e-mail.")
    ).to_be_visible()
    expect(staff.get_by_text("No pending requests.")).to_be_visible()
    expect(tabs).to_contain_text("Approved (1)")

    # The invitation has the place, the link, the note and a calendar invite for the meeting.
    send_due()
    approval = latest_to(smtp, REQUESTER)
    assert approval["Subject"] == f"Invitation: {title}"
    body = text_of(approval)
    for expected in (PLACE, REMOTE_LINK, STAFF_NOTE):
        assert expected in body, expected
    assert PLACE in approval.get_body(("html",)).get_content()
    calendar = calendar_of(approval)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting_id}@wa-anti-trafficking-committees"
    assert str(event["ATTENDEE"]) == f"mailto:{REQUESTER}"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert event.decoded("DTSTART") == starts_at
    assert PLACE in str(event["LOCATION"])

    # The requester can no longer come, and withdraws with the link from the invitation.
    page.goto(link_in(approval, "/invitations/withdraw/"))
    expect(heading(page)).to_have_text("Withdraw your request")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw my request").click()
    expect(heading(page)).to_have_text("Your request is withdrawn")
    assert_accessible(page)
    db.session.expire_all()  # the browser changed it through the live server
    invitation = db.session.scalar(select(InvitationRequest))
    assert invitation.status is RequestStatus.WITHDRAWN

    # Staff see it move from Approved to Withdrawn.
    staff.reload()
    expect(tabs).to_contain_text("Approved (0)")
    tabs.get_by_role("link", name="Approved (0)").click()
    expect(staff.get_by_text("No approved requests.")).to_be_visible()
    tabs.get_by_role("link", name="Withdrawn (1)").click()
    expect(tabs.locator("strong")).to_have_text("Withdrawn (1)")
    withdrawn = staff.get_by_role("region", name="Gale Guest, Harbor House")
    expect(withdrawn).to_contain_text(f"Message sent: {STAFF_NOTE}")
    expect(withdrawn.get_by_role("button")).to_have_count(0)
    assert_accessible(staff)


def test_a_subscriber_hears_of_a_new_session_and_unsubscribes_in_one_click(
    page: Page, new_page, bodies, smtp
):
    washact = bodies["washact"]
    make_user(STAFF_EMAIL, UserRole.STAFF, [washact])
    starts_at = in_ten_days_at(13)

    # The public ask for WashACT's notices and confirm from the e-mail.
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Subscribe", exact=True).click()
    expect(heading(page)).to_have_text("Subscribe to meeting calendars")
    assert_accessible(page)
    notices = page.locator("form").filter(has=page.get_by_role("button", name="Send me notices"))
    notices.get_by_label("Your e-mail").fill(SUBSCRIBER)
    # USWDS draws its own box and moves the input off screen: people click the label.
    notices.get_by_text(washact.name, exact=True).check()
    expect(notices.get_by_role("checkbox", name=washact.name, exact=True)).to_be_checked()
    notices.get_by_role("button", name="Send me notices").click()
    expect(heading(page)).to_have_text("Check your e-mail")
    assert_accessible(page)
    send_due()
    (confirmation,) = smtp.inbox.to(SUBSCRIBER)
    assert washact.name in text_of(confirmation)
    page.goto(link_in(confirmation, "/subscriptions/confirm/"))
    expect(heading(page)).to_have_text("Confirm your e-mail notices")
    page.get_by_role("button", name="Confirm my e-mail notices").click()
    expect(heading(page)).to_have_text("Your notices are on")
    expect(page.get_by_text("You will get e-mail notices of: WashACT.")).to_be_visible()
    assert_accessible(page)

    # WashACT's staff schedule a public information session.
    staff = new_page()
    sign_in(staff, STAFF_EMAIL)
    staff.get_by_role("link", name="Staff", exact=True).click()
    expect(heading(staff)).to_have_text("Staff dashboard")
    assert_accessible(staff)
    staff.get_by_role("link", name="Schedule a meeting of the WashACT").click()
    expect(staff).to_have_url(re.compile(r"/committees/washact/meetings/new$"))
    expect(heading(staff)).to_have_text("Schedule a WashACT meeting")
    assert_accessible(staff)
    staff.get_by_label("Kind").select_option(label="Public information session")
    staff.get_by_label("Title", exact=True).fill("How WashACT partners work together")
    staff.get_by_label("Date").fill(starts_at.date().isoformat())
    staff.get_by_label("Starts (Pacific time)").fill("13:00")
    staff.get_by_label("Ends (Pacific time)").fill("14:30")
    staff.get_by_label("Who may attend").select_option(label="Open to the public")
    staff.get_by_label("Place (optional)").fill("Seattle Central Library, Room 1")
    staff.get_by_role("button", name="Schedule", exact=True).click()
    expect(flash(staff, "“How WashACT partners work together” was scheduled.")).to_be_visible()
    assert_accessible(staff)
    session = db.session.scalar(select(Meeting).where(Meeting.committee_id == washact.id))
    assert session.kind is MeetingKind.PUBLIC_SESSION
    assert session.starts_at == starts_at

    # The subscriber's notice names the session and offers one-click unsubscribe.
    send_due()
    notice = latest_to(smtp, SUBSCRIBER)
    assert notice["Subject"] == "WashACT: How WashACT partners work together — scheduled"
    assert "Seattle Central Library, Room 1" in text_of(notice)
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The header is long, so it is folded onto the next line: unfold before reading it.
    unsubscribe = re.fullmatch(r"<(\S+)>", notice["List-Unsubscribe"].strip())[1]
    assert path_of(unsubscribe) in text_of(notice)
    page.goto(path_of(unsubscribe))
    expect(heading(page)).to_have_text("Stop e-mail notices")
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(heading(page)).to_have_text("You are unsubscribed")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.scalar(select(Subscriber).where(Subscriber.email == SUBSCRIBER)) is None
