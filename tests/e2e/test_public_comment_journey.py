"""Public comment and minutes in a browser, against a real SMTP server.

A member of the public finds the comment section on a Task Force meeting page, writes a comment
on one agenda item with her name published, signs up to speak remotely because of a disability,
and confirms both from the e-mail; staff find the accommodation request waiting, withhold an
abusive comment with a reason, and the members' digest at the cutoff carries every comment. Once
the meeting starts, its public page shows the comments under their items, names only where their
writers allowed it, and says one was withheld without showing it.

Staff then keep the minutes of a meeting held earlier: they record attendance, start the minutes
from the posted agenda, add a motion with a roll call in which the survivor-seat holder (no
consent to be named) votes, record an executive session, and approve the minutes at a later
meeting. The public read the vote with the survivor shown by her seat alone, on the page, in the
packet and in the API, and the executive session's purpose and times on the meeting page.

Every new page passes axe on a desktop; the public ones also on a phone, and in Spanish."""

import io
import re
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from accommodations.models import AccommodationRequest
from comments.services import send_comment_digests
from core.time import PACIFIC, utcnow
from extensions import db
from meetings.models import Meeting
from meetings.postings import publish_agenda
from members.models import UserRole
from notify import jobs
from notify.worker import send_due
from public_requests.states import RequestStatus
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import flash, heading, link_in, sign_in, text_of
from tests.e2e.layout import PHONE, assert_fits_a_phone
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import add_item, make_meeting
from tests.fixtures.members import make_user

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
STAFF = "tf-staff@example.org"
MEMBER = "tf-member@example.org"

ROSA = "rosa.reyes@example.org"
ROSA_COMMENT = "Please fund interpreters at every shelter in the state."
ROSA_SPEAKS = "I would like to speak about shelter beds."
DANA = "dana.doe@example.org"
DANA_COMMENT = "Thank you for holding this meeting in the evening."
TROLL = "troll@example.org"
ABUSIVE = "Everyone on this Task Force deserves to be hurt."
WITHHOLD_REASON = "A threat of violence."

SURVIVOR = "Sam Unnamed-Survivor"
SURVIVOR_SEAT = "Survivor of human trafficking"
MOTION = "To adopt the annual report as presented."


@pytest.fixture
def app_config(app_config, smtp) -> dict:
    """The e2e settings (CSRF on), and mail to the test's own SMTP server."""
    return app_config | mail_config(smtp)


def accessible_on_desktop_and_phone(page: Page) -> None:
    """axe on a 1280 x 900 screen and again on a 390 x 844 one, where the page must also fit."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert_fits_a_phone(page)
    page.set_viewport_size(DESKTOP)


def latest_to(smtp, address: str, subject: str):
    messages = [m for m in smtp.inbox.to(address) if subject in m["Subject"]]
    assert messages, f"no mail to {address} about {subject!r}"
    return messages[-1]


def comment_form(page: Page):
    return page.locator("form").filter(has=page.get_by_role("button", name="Send my comment"))


def send_a_comment(
    page: Page,
    meeting_id: int,
    *,
    email: str,
    text: str = "",
    item: str | None = None,
    name: str = "",
    publish_name: bool = False,
    oral_remotely_for_disability: bool = False,
) -> None:
    """From the meeting page, through "Comment or sign up to speak", to "Check your e-mail"."""
    page.goto(f"/meetings/{meeting_id}")
    page.get_by_role("link", name="Comment or sign up to speak").click()
    expect(heading(page)).to_have_text("Comment on this meeting")
    form = comment_form(page)
    # USWDS draws its own radios and boxes and moves the inputs off screen: people click labels.
    if oral_remotely_for_disability:
        form.get_by_text("Oral comment", exact=True).check()
        form.get_by_text("Remotely", exact=True).check()
        form.get_by_text(
            "I ask to comment remotely because of a disability or limited mobility", exact=True
        ).check()
    if item:
        form.get_by_label("Your comment is on").select_option(label=item)
    form.get_by_label("Your comment", exact=True).fill(text)
    form.get_by_label("Your name (optional)").fill(name)
    if publish_name:
        form.get_by_text("My name may be published with my comment", exact=True).check()
    form.get_by_label("Your e-mail").fill(email)
    form.get_by_role("button", name="Send my comment").click()
    expect(heading(page)).to_have_text("Check your e-mail")
    expect(page).to_have_url(re.compile(r"/committees/task-force/comment-sent$"))


def confirm_from_mail(page: Page, smtp, address: str) -> str:
    """Open the latest confirmation link sent to `address` and press the button; its text."""
    send_due()
    message = latest_to(smtp, address, "Confirm your public comment")
    page.goto(link_in(message, "/comments/confirm/"))
    expect(heading(page)).to_have_text("Confirm your public comment")
    page.get_by_role("button", name="Confirm my comment").click()
    expect(heading(page)).to_have_text("Your public comment is confirmed")
    return text_of(message)


def test_a_comment_is_confirmed_sent_to_the_members_and_on_the_record_once_the_meeting_starts(
    app, page: Page, new_page, bodies, smtp
):
    task_force = bodies["task-force"]
    task_force.comment_cutoff_hours = 24
    meeting = make_meeting(task_force, title="Quarterly meeting")  # in ten days
    add_item(meeting, "Call to order")
    add_item(meeting, "Housing for survivors")
    db.session.commit()
    meeting_id = meeting.id
    make_user(STAFF, UserRole.STAFF, [task_force])
    make_user(MEMBER, UserRole.MEMBER, [task_force])

    # Staff post the agenda: the meeting now takes comment on its items.
    staff = new_page()
    staff.set_viewport_size(DESKTOP)
    sign_in(staff, STAFF)
    staff.goto(f"/meetings/{meeting_id}/manage")
    staff.get_by_role("button", name="Publish the agenda").click()
    expect(flash(staff, "The agenda is published.")).to_be_visible()

    # A new visitor finds the public comment section on the meeting page.
    page.set_viewport_size(DESKTOP)
    page.goto(f"/meetings/{meeting_id}")
    expect(page.get_by_role("heading", name="Public comment", exact=True)).to_be_visible()
    expect(page.get_by_text("Your name is published only if you allow it.")).to_be_visible()
    page.get_by_role("link", name="Comment or sign up to speak").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}/comments$"))
    expect(heading(page)).to_have_text("Comment on this meeting")
    choices = comment_form(page).get_by_label("Your comment is on")
    expect(choices.locator("option")).to_have_text(
        ["The meeting as a whole", "Item 1: Call to order", "Item 2: Housing for survivors"]
    )
    accessible_on_desktop_and_phone(page)

    # The form in Spanish, for a reader who picks it.
    spanish = new_page()
    spanish.set_viewport_size(DESKTOP)
    spanish.goto(f"/meetings/{meeting_id}/comments?lang=es")
    expect(spanish.locator("html")).to_have_attribute("lang", "es")
    expect(spanish.get_by_role("group", name="¿Cómo quiere comentar?")).to_be_visible()
    expect(spanish.get_by_label("Comentario por escrito")).to_be_checked()
    expect(spanish.get_by_label("Su comentario es sobre")).to_contain_text("Punto 2:")
    accessible_on_desktop_and_phone(spanish)

    # She writes on one item with her name published, then signs up to speak remotely.
    send_a_comment(
        page,
        meeting_id,
        email=ROSA,
        text=ROSA_COMMENT,
        item="Item 2: Housing for survivors",
        name="Rosa Reyes",
        publish_name=True,
    )
    expect(page.get_by_text("It reaches the body only once you confirm.")).to_be_visible()
    assert_accessible(page)
    written = confirm_from_mail(page, smtp, ROSA)
    assert ROSA_COMMENT in written
    assert "Your name, Rosa Reyes, may be published with your comment." in written

    send_a_comment(
        page,
        meeting_id,
        email=ROSA,
        text=ROSA_SPEAKS,
        name="Rosa Reyes",
        oral_remotely_for_disability=True,
    )
    send_due()
    oral = latest_to(smtp, ROSA, "Confirm your public comment")
    assert "You signed up to speak at the meeting: Remotely." in text_of(oral)
    assert "staff receive it as an accommodation request" in text_of(oral)
    # The link shows a button: a mail scanner following it confirms nothing.
    page.goto(link_in(oral, "/comments/confirm/"))
    expect(heading(page)).to_have_text("Confirm your public comment")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.scalar(select(AccommodationRequest)) is None
    page.get_by_role("button", name="Confirm my comment").click()
    expect(heading(page)).to_have_text("Your public comment is confirmed")
    assert_accessible(page)

    # Two more writers: one whose name stays off the record, one abusive and anonymous.
    send_a_comment(page, meeting_id, email=DANA, text=DANA_COMMENT, name="Dana Doe")
    confirm_from_mail(page, smtp, DANA)
    send_a_comment(page, meeting_id, email=TROLL, text=ABUSIVE)
    confirm_from_mail(page, smtp, TROLL)

    # Staff find the remote comment as an accommodation request waiting for them, from the
    # dashboard.
    staff.goto("/staff/")
    assert_accessible(staff)
    staff.get_by_role("link", name="1 accommodation request waiting for the Task Force").click()
    expect(heading(staff)).to_have_text("Task Force: accommodation requests")
    request = staff.get_by_role("region", name=re.compile(r"^Quarterly meeting, "))
    expect(request).to_contain_text("Remote access to give public comment")
    expect(request).to_contain_text(f"Rosa Reyes · {ROSA}")
    expect(request).to_contain_text("remote oral comment because of a disability")
    assert_accessible(staff)
    db.session.expire_all()
    (accommodation,) = db.session.scalars(select(AccommodationRequest)).all()
    assert accommodation.status is RequestStatus.PENDING
    assert accommodation.needs == ["remote_comment"]

    # Staff withhold the abusive comment from the public record, with why.
    staff.goto("/staff/")
    staff.get_by_role(
        "link", name="4 public comments on meetings to come for the Task Force"
    ).click()
    expect(heading(staff)).to_have_text("Task Force: public comments")
    expect(staff.get_by_text("4 comments, 0 withheld.")).to_be_visible()
    speaker = staff.get_by_role("region").filter(has_text=ROSA_SPEAKS)
    expect(speaker).to_contain_text("Remotely — remote because of a disability or limited mobility")
    assert_accessible(staff)
    abusive = staff.get_by_role("region").filter(has_text=ABUSIVE)
    abusive.get_by_label(re.compile(r"^Withhold from the public record: why")).fill(WITHHOLD_REASON)
    abusive.get_by_role("button", name=re.compile(r"^Withhold")).click()
    expect(
        flash(staff, "The comment is withheld from the public record. Members still have it.")
    ).to_be_visible()
    abusive = staff.get_by_role("region").filter(has_text=ABUSIVE)
    expect(abusive.get_by_role("heading")).to_contain_text("Withheld")
    expect(abusive).to_contain_text(WITHHOLD_REASON)
    expect(staff.get_by_text("4 comments, 1 withheld.")).to_be_visible()
    assert_accessible(staff)

    # At the cutoff the members (and the body's staff) get one digest with every comment.
    db.session.expire_all()
    cutoff = db.session.get(Meeting, meeting_id).starts_at - timedelta(hours=24)
    assert jobs.run_job(app, send_comment_digests, cutoff + timedelta(minutes=1)) == 2
    send_due()
    digest = text_of(latest_to(smtp, MEMBER, "public comment for Quarterly meeting"))
    for text in (ROSA_COMMENT, ROSA_SPEAKS, DANA_COMMENT, ABUSIVE):
        assert text in digest, text
    assert "Item 2: Housing for survivors" in digest
    assert f"withheld from the public record: {WITHHOLD_REASON}" in digest
    assert ROSA not in digest and "Dana Doe" not in digest  # no address, no unpublished name
    assert latest_to(smtp, STAFF, "public comment for Quarterly meeting")

    # The meeting starts: the written comments are on the public record, as allowed.
    started = db.session.get(Meeting, meeting_id)
    started.starts_at = utcnow() - timedelta(minutes=30)
    started.ends_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    page.goto(f"/meetings/{meeting_id}")
    expect(page.get_by_role("link", name="Comment or sign up to speak")).to_have_count(0)
    on_item = page.get_by_role("heading", name="Item 2: Housing for survivors", exact=True)
    under_item = on_item.locator("xpath=following-sibling::ul[1]")
    expect(under_item).to_contain_text("Rosa Reyes")
    expect(under_item).to_contain_text(ROSA_COMMENT)
    on_meeting = page.get_by_role("heading", name="On the meeting as a whole", exact=True)
    under_meeting = on_meeting.locator("xpath=following-sibling::ul[1]")
    expect(under_meeting).to_contain_text("Anonymous")
    expect(under_meeting).to_contain_text(DANA_COMMENT)
    expect(page.get_by_text("1 comment was withheld from the public record.")).to_be_visible()
    body = page.locator("main")
    for hidden in (ABUSIVE, WITHHOLD_REASON, "Dana Doe", ROSA, DANA):
        expect(body).not_to_contain_text(hidden)
    accessible_on_desktop_and_phone(page)


def at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PACIFIC)


def test_staff_keep_the_minutes_and_the_public_read_the_survivors_vote_by_her_seat(
    app, page: Page, new_page, bodies
):
    task_force = bodies["task-force"]
    today = utcnow().astimezone(PACIFIC).date()
    meeting = make_meeting(
        task_force, starts_at=at(today - timedelta(days=40), 10), title="Autumn meeting"
    )
    add_item(meeting, "Call to order")
    add_item(meeting, "Adopt the annual report", is_action_item=True)
    publish_agenda(meeting, meeting.starts_at - timedelta(days=3), None)
    appoint(make_person("Ada Named"), seat(task_force, "organization"))
    appoint(make_person("Bo Named"), seat(task_force, "organization"))
    appoint(make_person(SURVIVOR), seat(task_force, "survivor"))
    winter = at(today - timedelta(days=10), 10)
    make_meeting(task_force, starts_at=winter, title="Winter meeting")
    db.session.commit()
    meeting_id = meeting.id
    make_user(STAFF, UserRole.STAFF, [task_force])

    # Staff record who attended, and that the meeting was held.
    staff = new_page()
    staff.set_viewport_size(DESKTOP)
    sign_in(staff, STAFF)
    staff.goto(f"/meetings/{meeting_id}/manage")
    staff.get_by_role("link", name="Record attendance").click()
    expect(heading(staff)).to_have_text("Attendance: Autumn meeting")
    staff.get_by_label("Attendance of Ada Named").select_option(label="Present")
    staff.get_by_label("Attendance of Bo Named").select_option(label="Remote")
    staff.get_by_label(f"Attendance of {SURVIVOR}").select_option(label="Present")
    staff.get_by_text("The meeting took place: mark it held", exact=True).check()
    staff.get_by_role("button", name="Save attendance").click()
    expect(flash(staff, "Attendance saved:")).to_be_visible()

    # They record the executive session as the presiding officer announced it.
    staff.get_by_label("Purpose (RCW 42.30.110(1))").select_option(value="i")
    staff.get_by_label("Began (Pacific time)").fill("11:15")
    staff.get_by_label("Expected to end (Pacific time)").fill("11:45")
    staff.get_by_role("button", name="Record the session").click()
    expect(flash(staff, "The executive session was recorded.")).to_be_visible()
    assert_accessible(staff)

    # They start the minutes from the posted agenda (a button: opening a link starts nothing).
    staff.get_by_role("button", name="Start the minutes").click()
    expect(flash(staff, "The minutes are started from the posted agenda.")).to_be_visible()
    expect(heading(staff)).to_contain_text("Minutes: Autumn meeting")
    present = staff.get_by_role("heading", name="Attendance").locator(
        "xpath=following-sibling::p[1]"
    )
    expect(present).to_contain_text(f"Present (3): {SURVIVOR}, Ada Named, Bo Named (remote).")
    assert_accessible(staff)

    # A motion under the report, moved by the survivor, and its roll call.
    motion = staff.get_by_role("group", name="Add a motion under “Adopt the annual report”")
    motion.get_by_label("Motion", exact=True).fill(MOTION)
    motion.get_by_label("Moved by").select_option(label=f"{SURVIVOR} ({SURVIVOR_SEAT})")
    motion.get_by_label("Seconded by").select_option(label="Ada Named (Organization)")
    expect(motion.get_by_label("Vote", exact=True)).to_have_value("roll_call")
    staff.locator("form").filter(has=motion).get_by_role("button", name="Add the motion").click()
    expect(flash(staff, "The motion was added.")).to_be_visible()
    roll_call = staff.get_by_role("group", name="Roll call on 2.1")
    roll_call.get_by_label("Ada Named (Organization)").select_option(label="Yes")
    roll_call.get_by_label("Bo Named (Organization)").select_option(label="No")
    roll_call.get_by_label(f"{SURVIVOR} ({SURVIVOR_SEAT})").select_option(label="Yes")
    staff.locator("form").filter(has=roll_call).get_by_role(
        "button", name="Record the roll call"
    ).click()
    expect(flash(staff, "The roll call was recorded.")).to_be_visible()
    result = "Result: Passed (Yes 2, No 1, Abstain 0, Recused 0)."
    expect(staff.get_by_role("region", name="2. Adopt the annual report")).to_contain_text(result)
    assert_accessible(staff)

    # Draft minutes are the insiders': the public find none yet.
    page.set_viewport_size(DESKTOP)
    assert page.request.get(f"/meetings/{meeting_id}/minutes").status == 404

    # They approve the minutes at the later meeting.
    staff.get_by_label("Approved at the meeting of").select_option(
        label=f"Winter meeting, {winter:%B %-d, %Y}"
    )
    staff.get_by_role("button", name="Approve the minutes").click()
    expect(
        flash(staff, "The minutes are approved: they are now public with the meeting.")
    ).to_be_visible()
    expect(staff).to_have_url(re.compile(rf"/meetings/{meeting_id}/minutes$"))

    # The public find the executive session and the minutes from the meeting page.
    page.goto(f"/meetings/{meeting_id}")
    sessions = page.get_by_role("region", name="Executive sessions")
    expect(sessions).to_contain_text("To discuss with legal counsel")
    expect(sessions).to_contain_text("RCW 42.30.110(1)(i)")
    expect(sessions).to_contain_text("Began 11:15 a.m.; expected to end 11:45 a.m.")
    assert_accessible(page)
    page.get_by_role("link", name="Read the minutes: motions and votes").click()
    expect(heading(page)).to_have_text("Minutes: Autumn meeting")
    main = page.locator("main")
    expect(main).not_to_contain_text("DRAFT")
    expect(main).to_contain_text(f"Present: {SURVIVOR_SEAT}, Ada Named, Bo Named (remote).")
    expect(main).to_contain_text(f"Moved by {SURVIVOR_SEAT}. Seconded by Ada Named.")
    votes = page.get_by_role("table", name="Roll call on 2.1")
    expect(votes.get_by_role("row")).to_have_count(4)
    expect(votes.get_by_role("row", name=re.compile(rf"^{SURVIVOR_SEAT}"))).to_contain_text("Yes")
    expect(main).to_contain_text("Yes: 2; No: 1; Abstain: 0; Recused: 0.")
    expect(main).to_contain_text("Winter meeting")
    expect(main).to_contain_text("To discuss with legal counsel")
    expect(main).not_to_contain_text(SURVIVOR)
    accessible_on_desktop_and_phone(page)

    # The packet ends with the minutes, the survivor by her seat.
    page.get_by_role("link", name="The meeting's page").click()
    packet = page.request.get(
        page.get_by_role("link", name="Download the packet (PDF)").get_attribute("href")
    )
    assert packet.ok and packet.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(packet.body()))
    (mark,) = [o for o in reader.outline if not isinstance(o, list) and o.title == "Minutes"]
    minutes_pages = reader.pages[reader.get_destination_page_number(mark) :]
    minutes_text = "".join(p.extract_text() for p in minutes_pages)
    assert "Minutes: Autumn meeting" in minutes_text and MOTION in minutes_text
    assert SURVIVOR_SEAT in minutes_text
    assert SURVIVOR not in "".join(p.extract_text() for p in reader.pages)

    # The API gives the vote, with the seat and never the name.
    api = page.request.get(f"/api/v1/meetings/{meeting_id}/minutes")
    assert api.ok and SURVIVOR not in api.text()
    minutes = api.json()["minutes"]
    assert minutes["status"] == "approved"
    (vote_event,) = minutes["agenda"][1]["motions"]
    assert vote_event["identifier"] == "2.1" and vote_event["motion_text"] == MOTION
    assert vote_event["result"] == "passed" and vote_event["mover"] == SURVIVOR_SEAT
    assert {(v["option"], v["voter_name"], v["seat"]) for v in vote_event["votes"]} == {
        ("yes", "Ada Named", "Organization"),
        ("no", "Bo Named", "Organization"),
        ("yes", SURVIVOR_SEAT, SURVIVOR_SEAT),
    }

    # The minutes in Spanish, for a reader who picks it.
    spanish = new_page()
    spanish.goto(f"/meetings/{meeting_id}/minutes?lang=es")
    expect(spanish.locator("html")).to_have_attribute("lang", "es")
    expect(spanish.locator("main")).not_to_contain_text(SURVIVOR)
    accessible_on_desktop_and_phone(spanish)
