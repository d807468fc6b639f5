"""Meetings in a browser: WashACT's staff plan a year, prepare an invitation-only meeting and post
its members-only packet; a member downloads it; the public learns only that the meeting exists.
A cancelled meeting says so, and why, on the public list and on its page."""

import re
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from committees.models import MeetingAccess
from core.templating import pacific_datetime
from core.time import PACIFIC, utcnow
from extensions import db
from meetings.models import Document, DocumentVisibility, Meeting, MeetingKind, MeetingStatus
from members.models import UserRole
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import flash, heading, sign_in
from tests.fixtures.meetings import make_meeting
from tests.fixtures.members import make_user

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STAFF_EMAIL = "washact-staff@example.org"
MEMBER_EMAIL = "washact-member@example.org"
PLACE = "Room 4B, 1125 Washington St SE, Olympia"
REMOTE_LINK = "https://meet.example.org/x"
FIRST_ITEM = "Welcome and introductions"
SECOND_ITEM = "Review of the victim referral protocol"
PACKET = "February meeting packet"
PACKET_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def form_with_button(page: Page, button: str):
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def readable(text: str) -> str:
    """Text as a person would read it out of a page or a calendar file: URL-decoded (as in an
    "add to calendar" link), iCalendar lines unfolded and their commas and semicolons unescaped."""
    unfolded = unquote_plus(text).replace("\r\n ", "").replace("\n ", "")
    return re.sub(r"\\([,;\\])", r"\1", unfolded)


def test_staff_post_a_members_only_packet_that_the_public_never_sees(
    page: Page, new_page, bodies, offsite_guard, tmp_path
):
    washact = bodies["washact"]
    make_user(STAFF_EMAIL, UserRole.STAFF, [washact])
    make_user(MEMBER_EMAIL, UserRole.MEMBER, [washact])
    year = utcnow().astimezone(PACIFIC).year + 1
    ARTIFACTS.mkdir(exist_ok=True)

    # WashACT's staff plan next year from the dashboard, leaving out one proposed meeting.
    sign_in(page, STAFF_EMAIL)
    page.get_by_role("link", name="Staff", exact=True).click()
    expect(heading(page)).to_have_text("Staff dashboard")
    assert_accessible(page)
    page.get_by_role("link", name="Plan next year for the WashACT").click()
    expect(heading(page)).to_have_text(f"Plan WashACT meetings for {year}")
    assert_accessible(page)
    titles = page.get_by_label(re.compile(r"^Title of meeting \d+$"))
    proposed = titles.evaluate_all("inputs => inputs.map(input => input.value)")
    assert len(proposed) == 8, "quarterly member meetings and quarterly public sessions"
    left_out = proposed[-1]
    page.get_by_label(f"Schedule meeting {len(proposed)}", exact=True).uncheck()
    page.get_by_role("button", name="Schedule these meetings").click()
    expect(heading(page)).to_have_text(f"WashACT: meetings in {year} against its cadence")
    expect(flash(page, f"7 meetings were scheduled for {year}.")).to_be_visible()
    assert_accessible(page)
    scheduled = db.session.scalars(
        select(Meeting).where(Meeting.committee_id == washact.id).order_by(Meeting.starts_at)
    ).all()
    assert [m.title for m in scheduled] == proposed[:-1]
    assert left_out not in {m.title for m in scheduled}
    meeting = next(m for m in scheduled if m.kind is MeetingKind.MEMBER_MEETING)
    assert meeting.access is MeetingAccess.INVITATION_ONLY
    meeting_id, title, when = meeting.id, meeting.title, pacific_datetime(meeting.starts_at)

    # They open the meeting from the cadence page and give it a place and a link.
    page.get_by_role("link", name=title, exact=True).click()
    expect(heading(page)).to_contain_text(title)
    assert_accessible(page)
    page.get_by_role("link", name="Manage this meeting").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}/manage$"))
    expect(heading(page)).to_contain_text(title)
    assert_accessible(page)
    page.get_by_role("link", name="Edit details").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}/edit$"))
    expect(heading(page)).to_have_text(f"Edit {title}")
    assert_accessible(page)
    page.get_by_label("Place (optional)").fill(PLACE)
    page.get_by_label("Remote attendance link (optional)").fill(REMOTE_LINK)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(flash(page, "The meeting was saved.")).to_be_visible()

    # Two agenda items; the second goes first; the agenda is published.
    add_item = form_with_button(page, "Add item")
    for item in (FIRST_ITEM, SECOND_ITEM):
        add_item.get_by_label("Title", exact=True).fill(item)
        add_item.get_by_role("button", name="Add item").click()
        expect(flash(page, "The agenda item was added.")).to_be_visible()
    agenda = page.locator("ol.agenda > li > strong")
    expect(agenda).to_have_text([FIRST_ITEM, SECOND_ITEM])
    page.get_by_role("button", name=f"Move up {SECOND_ITEM}").click()
    expect(agenda).to_have_text([SECOND_ITEM, FIRST_ITEM])
    page.get_by_role("button", name="Publish the agenda").click()
    expect(flash(page, "The agenda is published.")).to_be_visible()
    expect(page.get_by_role("button", name="Publish a revision")).to_be_visible()

    # They upload the members-only packet.
    packet_file = tmp_path / "packet.pdf"
    packet_file.write_bytes(PACKET_BYTES)
    upload = form_with_button(page, "Upload")
    upload.get_by_label("File", exact=True).set_input_files(packet_file)
    upload.get_by_label("Title", exact=True).fill(PACKET)
    upload.get_by_label("Kind", exact=True).select_option(label="Agenda packet")
    upload.get_by_label("Who may download it").select_option(label="Members only")
    upload.get_by_role("button", name="Upload").click()
    expect(flash(page, "The document was uploaded.")).to_be_visible()
    expect(page.get_by_role("row", name=PACKET)).to_contain_text("Members only")
    assert_accessible(page)
    page.screenshot(path=ARTIFACTS / "meeting-manage-staff.png", full_page=True)
    page.get_by_role("link", name="Staff", exact=True).click()
    expect(heading(page)).to_have_text("Staff dashboard")
    # The agendas still to post lead; the posted one is only among the upcoming meetings.
    upcoming = page.locator("h2:has-text('Upcoming meetings') + ul")
    expect(upcoming.get_by_role("listitem").filter(has_text=title)).to_contain_text("agenda posted")
    expect(upcoming.get_by_role("listitem").filter(has_text=proposed[1])).to_contain_text(
        "no agenda yet"
    )
    page.screenshot(path=ARTIFACTS / "staff-dashboard.png", full_page=True)
    document = db.session.scalar(select(Document).where(Document.meeting_id == meeting_id))
    assert document.visibility is DocumentVisibility.MEMBERS_ONLY
    download_url = f"/documents/{document.id}/download"

    # A member of WashACT signs in, finds the meeting and downloads the packet.
    member = new_page()
    sign_in(member, MEMBER_EMAIL)
    member.get_by_role("link", name="Meetings", exact=True).click()
    expect(heading(member)).to_have_text("Meetings")
    assert_accessible(member)
    member.get_by_role("link", name=title, exact=True).click()
    expect(heading(member)).to_contain_text(title)
    expect(member.get_by_text(PLACE)).to_be_visible()
    expect(member.get_by_role("link", name=REMOTE_LINK)).to_be_visible()
    expect(member.locator("ol.agenda h3")).to_contain_text([SECOND_ITEM, FIRST_ITEM])
    assert_accessible(member)
    with member.expect_download() as download_info:
        member.get_by_role("link", name=PACKET).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes() == PACKET_BYTES

    # The public learn when the meeting is, and that it is by invitation: nothing more.
    public = new_page()
    public.goto(f"/meetings/{meeting_id}")
    expect(heading(public)).to_contain_text(title)
    expect(public.get_by_text(when)).to_be_visible()
    expect(public.get_by_role("heading", name="By invitation only")).to_be_visible()
    secrets = (PLACE, REMOTE_LINK, FIRST_ITEM, SECOND_ITEM, PACKET, download_url)
    html = readable(public.content())
    for secret in secrets:
        assert secret not in html, f"the public page shows {secret!r}"
    calendar_file = public.get_by_role("link", name=re.compile(r"\.ics\b")).get_attribute("href")
    ics = public.request.get(calendar_file)
    assert ics.ok, calendar_file
    for secret in secrets:
        assert secret not in readable(ics.text()), f"the public calendar file shows {secret!r}"
    assert_accessible(public)
    public.screenshot(path=ARTIFACTS / "meeting-invitation-only-public.png", full_page=True)
    response = public.goto(download_url)
    assert response.status == 404
    expect(heading(public)).to_have_text("Page not found")

    # The remote link was text on the page, never requested (the guard fails the test if it was).
    assert not offsite_guard.offsite_requests


def test_a_cancelled_meeting_shows_as_cancelled_with_its_reason(page: Page, new_page, bodies):
    task_force = bodies["task-force"]
    make_user(STAFF_EMAIL, UserRole.STAFF, [task_force])
    meeting = make_meeting(task_force, title="Task Force data workshop")
    db.session.commit()
    meeting_id, reason = meeting.id, "Too few members can attend; it moves to the spring meeting."

    sign_in(page, STAFF_EMAIL)
    page.goto(f"/meetings/{meeting_id}/manage")
    expect(heading(page)).to_contain_text("Task Force data workshop")
    page.get_by_label("New status").select_option(label="Cancelled")
    page.get_by_label("Reason (shown publicly)").fill(reason)
    page.get_by_role("button", name="Change status").click()
    # It asks first, saying who will be told.
    expect(heading(page)).to_contain_text("Cancelled “Task Force data workshop”?")
    expect(page.get_by_text("approved guest(s) by e-mail")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cancelled the meeting").click()
    expect(flash(page, "The meeting is now cancelled.")).to_be_visible()
    expect(heading(page)).to_contain_text("Cancelled")
    db.session.expire_all()  # the browser changed it through the live server
    assert db.session.get(Meeting, meeting_id).status is MeetingStatus.CANCELLED

    public = new_page()
    public.goto("/meetings/")
    expect(heading(public)).to_have_text("Meetings")
    listed = public.get_by_role("listitem").filter(has_text="Task Force data workshop")
    expect(listed).to_contain_text("Cancelled")
    assert_accessible(public)
    listed.get_by_role("link", name="Task Force data workshop").click()
    expect(heading(public)).to_contain_text("Cancelled")
    expect(public.get_by_role("heading", name="This meeting is cancelled")).to_be_visible()
    expect(public.get_by_text(reason)).to_be_visible()
    assert_accessible(public)
