"""Every page the app serves is valid HTML, as the Nu Html Checker (vnu) reads it.

Browsers forgive broken markup, but each repairs it its own way, and assistive technology reads
the repaired tree. One vnu run checks every page, so the JVM starts once.
"""

import json
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import current_app
from sqlalchemy import select

from applications.models import ApplicationAttachment, SeatApplication
from comments.models import PublicComment
from comments.seed import seed_demo_comments
from committees.models import MeetingAccess, Person, TrainingRecord
from committees.seed import DEMO_START, seed_demo
from core.time import today_pacific, utcnow
from extensions import db
from invitations.guests import guest_token
from invitations.models import InvitationRequest
from meetings.minutes import (
    ExecutiveExtension,
    ExecutivePurpose,
    ExecutiveSession,
    Minutes,
    VoteMethod,
)
from meetings.minutes_seed import seed_demo_minutes
from meetings.minutes_services import add_motion, present_holders, start_minutes
from meetings.models import DocumentVisibility, Meeting, MeetingKind
from meetings.postings import publish_agenda
from meetings.seed import seed_demo_meetings
from members.models import User, UserRole
from public_requests.states import RequestStatus
from tests.fixtures.committees import make_committee, seat
from tests.fixtures.meetings import add_item, make_document, make_meeting
from tests.fixtures.members import PASSWORD, make_user

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules/vnu-jar/build/dist/vnu.jar"
STAFF_EMAIL = "task-force-staff@example.org"
MEMBER_EMAIL = "member@example.org"
ADMIN_EMAIL = "admin@example.org"
CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs the checker; skipped without Java or the jar, unless REQUIRE_E2E=1."""
    java = shutil.which("java")
    if java is None:
        reason = "java is not installed"
    elif not VNU_JAR.exists():
        reason = f"{VNU_JAR} is missing (npm ci)"
    else:
        return [java, "-jar", str(VNU_JAR)]
    if os.environ.get("REQUIRE_E2E") == "1":
        pytest.fail(f"REQUIRE_E2E=1, but {reason}.", pytrace=False)
    pytest.skip(f"HTML validation skipped: {reason}.")


@pytest.fixture
def app_config(app_config) -> dict:
    """CSRF on, as in production: every form then renders its hidden token field, checked too."""
    return app_config | {"WTF_CSRF_ENABLED": True}


def test_every_public_and_staff_page_is_valid_html(vnu, client, bodies, tmp_path):
    seed_demo()  # fictional people in every kind of seat, so the pages show names, tags and tables
    seed_demo_meetings()  # meetings held, upcoming and cancelled, with agendas and documents
    db.session.flush()
    seed_demo_minutes()  # approved minutes with a roll call, an amendment and a voice vote
    seed_demo_comments()  # on the record of a held meeting, one withheld; a remote sign-up
    approved_minutes, draft_minutes, minutes_item = add_draft_minutes()
    overdue, unminuted = add_meetings_that_need_staff(bodies)
    add_applications(bodies)
    guest_page = add_approved_guest(bodies)
    appointment = bodies["task-force"].current_appointments()[0]
    appointment.person.trainings.append(TrainingRecord(completed_on=DEMO_START))
    db.session.commit()
    make_user(STAFF_EMAIL, UserRole.STAFF, [bodies["task-force"], bodies["washact"]])
    make_user(ADMIN_EMAIL, UserRole.ADMIN)
    person_id, appointment_id = appointment.person_id, appointment.id
    consented = person_named("Dana Example")  # consent on record, so a history table
    unconsented = person_named("Robin Confidential")  # the survivor seat: no consent on record
    seat_type_id = seat(bodies["task-force"], "organization").id
    this_year = today_pacific().year
    reports = {
        "report-this-year": f"/committees/task-force/report/{this_year}",
        "report-demo-year": f"/committees/task-force/report/{DEMO_START.year}",
    }
    public_meeting = first_meeting(bodies["task-force"].id, MeetingAccess.PUBLIC)
    invitation_only = first_meeting(bodies["washact"].id, MeetingAccess.INVITATION_ONLY)
    meetings = [
        ("public", public_meeting),
        ("invitation-only", invitation_only),
        ("overdue-agenda", overdue),
        ("unminuted", unminuted),
    ]
    manage = f"/meetings/{public_meeting}/manage"
    document_id = add_executive_session(public_meeting)

    request_links = confirmation_links(bodies)
    commented_meeting = db.session.get(
        PublicComment, first_comment(bodies["task-force"].id)
    ).meeting_id
    pages = {
        "request-confirm": get(client, request_links["confirm"]),
        "request-withdraw": get(client, request_links["withdraw"]),
        "home": get(client, "/"),
        "committees": get(client, "/committees/"),
        **{f"committee-{slug}": get(client, f"/committees/{slug}") for slug in bodies},
        "login": get(client, "/login"),
        "login-failed": post(client, "/login", {"email": STAFF_EMAIL, "password": "wrong"}, 422),
        "not-found": get(client, "/no-such-page", status=404),
        "meetings": get(client, "/meetings/"),
        "comment-closed": get(client, f"/meetings/{public_meeting}/comments", status=409),
        "comment-none": get(client, f"/meetings/{invitation_only}/comments", status=409),
        "comment-sent": get(client, "/committees/task-force/comment-sent"),
        "meeting-comments-as-public": get(client, f"/meetings/{commented_meeting}"),
        "minutes-approved-as-public": get(client, f"/meetings/{approved_minutes}/minutes"),
        "meetings-filtered": get(client, "/meetings/?committee=washact&kind=member_meeting"),
        "subscribe": get(client, "/subscribe"),
        "search": get(client, "/search"),
        "search-results": get(client, "/search?q=trafficking"),
        "search-filtered": get(client, "/search?q=meeting&kind=agenda_item&body=task-force"),
        "search-with-errors": get(
            client, "/search?q=meeting&start=2027-03-01&end=2027-01-01&body=nobody", status=422
        ),
        "subscribe-with-errors": post(
            client, "/subscriptions", {"email": "x"}, status=422, form_page="/subscribe"
        ),
        "request-invitation": get(client, "/committees/washact/request-invitation"),
        "request-invitation-not-needed": get(client, "/committees/task-force/request-invitation"),
        "password-reset": get(client, "/password-reset"),
        "guest-meeting": get(client, guest_page),
        **{f"meeting-{key}-as-public": get(client, f"/meetings/{id_}") for key, id_ in meetings},
        "apply": get(client, "/committees/task-force/apply"),
        "apply-with-errors": post(client, "/committees/task-force/apply", {"email": "x"}, 422),
        "apply-closed": get(client, "/committees/washact/apply"),
        **{f"{key}-as-public": get(client, url) for key, url in reports.items()},
        "schedule": get(client, f"/committees/washact/schedule/{this_year}"),
        "schedule-empty": get(client, f"/committees/washact/schedule/{this_year + 1}"),
    }
    sign_in(client, STAFF_EMAIL)
    pages |= {
        "staff-dashboard": get(client, "/staff/"),
        "people": get(client, "/people/"),
        "person-new": get(client, "/people/new"),
        "person-new-with-errors": post(client, "/people/new", {"email": "not an e-mail"}),
        "person-edit": get(client, f"/people/{person_id}/edit"),
        "person-consent-history": get(client, f"/people/{consented}/edit"),
        "person-no-consent": get(client, f"/people/{unconsented}/edit"),
        "person-consent-with-errors": post(
            client,
            f"/people/{unconsented}/consent",
            {"given": "", "how": "", "given_on": ""},
            status=422,
            form_page=f"/people/{unconsented}/edit",
        ),
        "organizations": get(client, "/organizations/"),
        "organization-new": get(client, "/organizations/new"),
        "roster": get(client, "/committees/task-force/roster"),
        "records": get(client, "/committees/task-force/records"),
        "appointment-new": get(client, "/committees/task-force/appointments/new"),
        "appointment-new-with-errors": post(
            client,
            "/committees/task-force/appointments/new",
            {"person_id": "-1", "new_person_name": "", "new_person_email": "x", "seat_type_id": ""},
        ),
        "appointment-edit": get(client, f"/appointments/{appointment_id}/edit"),
        "appointment-reappoint": get(
            client,
            f"/committees/task-force/appointments/new?follows={appointment_id}&reappoint=1",
        ),
        "seat-type-edit": get(client, f"/seat-types/{seat_type_id}/edit"),
        "seat-type-edit-with-errors": post(
            client, f"/seat-types/{seat_type_id}/edit", {"label": "", "seat_count": "0"}
        ),
        "applications": get(client, "/committees/task-force/applications"),
        "applications-appointed": get(
            client, "/committees/task-force/applications?status=appointed"
        ),
        **{f"{key}-as-staff": get(client, url) for key, url in reports.items()},
        **{f"meeting-{key}-as-staff": get(client, f"/meetings/{id_}") for key, id_ in meetings},
        **{f"manage-{key}": get(client, f"/meetings/{id_}/manage") for key, id_ in meetings},
        "manage-status-with-errors": post(
            client,
            f"/meetings/{public_meeting}/status",
            {"status": "cancelled", "reason": ""},
            status=422,
            form_page=manage,
        ),
        "manage-item-with-errors": post(
            client,
            f"/meetings/{public_meeting}/agenda-items",
            {"title": ""},
            status=422,
            form_page=manage,
        ),
        "manage-upload-with-errors": post(
            client,
            f"/meetings/{public_meeting}/documents",
            {"title": ""},
            status=422,
            form_page=manage,
        ),
        "manage-executive-session-with-errors": post(
            client,
            f"/meetings/{public_meeting}/executive-sessions",
            {
                "executive-purpose": "i",
                "executive-start_time": "10:00",
                "executive-end_time": "09:00",
            },
            status=422,
            form_page=manage,
        ),
        "document-edit": get(client, f"/documents/{document_id}/edit"),
        "document-edit-with-errors": post(
            client, f"/documents/{document_id}/edit", {"title": ""}, status=422
        ),
        "meeting-edit": get(client, f"/meetings/{invitation_only}/edit"),
        "meeting-edit-with-errors": post(
            client,
            f"/meetings/{invitation_only}/edit",
            {"kind": "special_meeting", "title": ""},
            status=422,
        ),
        "attendance": get(client, f"/meetings/{public_meeting}/attendance"),
        "comments-staff": get(client, "/committees/task-force/comments"),
        "comment-withhold-with-errors": post(
            client,
            f"/comments/{first_comment(bodies['task-force'].id)}/withhold",
            {"reason": ""},
            status=422,
            form_page="/committees/task-force/comments",
        ),
        "minutes-edit": get(client, f"/meetings/{draft_minutes}/minutes/edit"),
        "minutes-motion-with-errors": post(
            client,
            f"/meetings/{draft_minutes}/minutes/items/{minutes_item}/motions",
            {f"motion-{minutes_item}-text": ""},
            status=422,
            form_page=f"/meetings/{draft_minutes}/minutes/edit",
        ),
        "minutes-approve-with-errors": post(
            client,
            f"/meetings/{draft_minutes}/minutes/approve",
            {"approve-approved_at": ""},
            status=422,
            form_page=f"/meetings/{draft_minutes}/minutes/edit",
        ),
        "minutes-draft-as-staff": get(client, f"/meetings/{draft_minutes}/minutes"),
        "meeting-new": get(client, "/committees/task-force/meetings/new"),
        "plan": get(client, "/committees/washact/plan?year=2027"),
        "plan-with-errors": post(
            client,
            "/committees/washact/plan?year=2027",
            {"meetings-0-include": "y", "meetings-0-kind": "public_information_session"},
        ),
        "cadence": get(client, "/committees/washact/cadence"),
        "settings": get(client, "/committees/task-force/settings"),
        "invitation-queue": get(client, "/committees/washact/invitation-requests"),
        "invitation-queue-approved": get(
            client, "/committees/washact/invitation-requests?status=approved"
        ),
        "mail-problems": get(client, "/staff/mail"),
        "confirm-cancelling": post(
            client,
            f"/meetings/{public_meeting}/status",
            {"status": "cancelled", "reason": "Storm"},
            form_page=manage,
        ),
        "meeting-new-in-the-past": post(
            client,
            "/committees/task-force/meetings/new",
            {
                "kind": "member_meeting",
                "title": "Past",
                "day": "2020-01-15",
                "start_time": "10:00",
                "end_time": "11:00",
                "access": "public",
            },
            status=422,
        ),
        "my-page-staff": get(client, "/members/me"),
    }
    post(client, "/logout", {}, status=302, form_page="/")
    sign_in(client, ADMIN_EMAIL)
    pages |= {
        "admin-dashboard": get(client, "/staff/"),
        "audit-log": get(client, "/admin/audit"),
        "accounts": get(client, "/admin/accounts"),
        "account-edit": get(client, "/admin/accounts/1"),
    }
    post(client, "/logout", {}, status=302, form_page="/")
    make_user(MEMBER_EMAIL, UserRole.MEMBER, [bodies["washact"]])
    sign_in(client, MEMBER_EMAIL)
    pages["my-page-member"] = get(client, "/members/me")
    pages["my-page-member-es"] = get(client, "/members/me?lang=es")

    # The public pages in Spanish, and the safety text in the state's other languages.
    visitor = client.application.test_client()
    upcoming = make_meeting(bodies["task-force"], title="Upcoming open meeting")
    add_item(upcoming, "Call to order")
    publish_agenda(upcoming, utcnow() - timedelta(days=1), None)
    add_item(upcoming, "A late addition")
    publish_agenda(upcoming, utcnow(), None)
    db.session.commit()
    meeting_page = f"/meetings/{upcoming.id}"
    pages |= {
        "home-es": get(visitor, "/?lang=es"),
        "meeting-public-es": get(visitor, meeting_page),
        "comment-form-es": get(visitor, f"{meeting_page}/comments"),
        "comment-form-en": get(visitor, f"{meeting_page}/comments?lang=en"),
        "comment-with-errors-es": post(
            visitor,
            f"{meeting_page}/comments",
            {"kind": "oral", "text": "x" * 6000},
            status=422,
            form_page=f"{meeting_page}/comments",
        ),
        "accommodation-with-errors-es": post(
            visitor,
            f"{meeting_page}/accommodations",
            {"needs": ["interpreter"]},
            status=422,
            form_page=meeting_page,
        ),
        "agenda-version-es": get(visitor, f"{meeting_page}/agenda/1"),
        "minutes-es": get(visitor, f"/meetings/{approved_minutes}/minutes"),
        "agenda-version-en": get(visitor, f"{meeting_page}/agenda/2?lang=en"),
        "committee-es": get(visitor, "/committees/washact"),
        "subscribe-es": get(visitor, "/subscribe"),
        "search-es": get(visitor, "/search?q=trata"),
        "search-with-errors-es": get(visitor, "/search?q=x&start=2027-03-01&end=2027-01-01", 422),
        "search-vi": get(visitor, "/search?q=meeting&lang=vi"),
        "apply-es": get(visitor, "/committees/task-force/apply"),
        "request-invitation-es": get(visitor, "/committees/washact/request-invitation"),
        "not-found-es": get(visitor, "/no-such-page", status=404),
        "choose-language-es": get(visitor, language_link_of(MEMBER_EMAIL)),
        **{
            f"home-{code}": get(visitor, f"/?lang={code}")
            for code in ["vi", "ru", "uk", "zh-Hans", "ko", "so", "tl"]
        },
    }

    # Each page shows the state it is here to check.
    for name, shown in [
        ("guest-meeting", "Regional updates"),
        ("person-consent-history", "History of consent"),
        ("person-consent-with-errors", "Choose yes or no."),
        ("appointment-new-with-errors", "Enter the new person&#39;s full name."),
        ("invitation-queue-approved", "Revoke the invitation"),
        ("request-confirm", "Confirm my request"),
        ("confirm-cancelling", "Who is told"),
        ("meeting-new-in-the-past", "That is in the past"),
        ("mail-problems", "Send again"),
        ("meeting-comments-as-public", "1 comment was withheld from the public record."),
        ("comments-staff", "Withhold"),
        ("comment-withhold-with-errors", "Say why the comment is withheld."),
        ("comment-none", "the public is not present"),
        ("comment-form-en", "The meeting as a whole"),
    ]:
        assert shown in pages[name], f"{name} does not show {shown!r}"
    assert "History of consent" not in pages["person-no-consent"]

    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    errors = [m for m in check_html(vnu, sorted(tmp_path.glob("*.html"))) if m["type"] != "info"]
    assert not errors, "vnu found invalid HTML:\n" + "\n".join(
        f"- {urlsplit(m.get('url', '')).path.rpartition('/')[2]}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in errors
    )


def test_the_directory_pages_of_a_large_install_are_valid_html(vnu, client, bodies, tmp_path):
    for n in range(30):
        make_committee(f"board-{n}", name=f"Board of Things {n}")
    db.session.commit()
    searches = [("unsearched", ""), ("found", "board"), ("none", "nothing")]
    pages = {
        f"{path.strip('/') or 'home'}-{state}-{code}": get(
            client, f"/{path}?lang={code}&q={words}&page=2"
        )
        for code in ["en", "es"]
        for state, words in searches
        for path in ["subscribe", "committees/", ""]
    }
    assert (
        'id="find-body"' in pages["subscribe-found-en"]
        and "first 25 of 30" in pages["subscribe-found-en"]
    )
    assert "Busque un órgano" in pages["subscribe-unsearched-es"]
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    errors = [m for m in check_html(vnu, sorted(tmp_path.glob("*.html"))) if m["type"] != "info"]
    assert not errors, [(m.get("url", "").rpartition("/")[2], m["message"]) for m in errors]


def confirmation_links(bodies) -> dict[str, str]:
    """A request's e-mailed links (confirm, withdraw), and a refused message to fix and resend."""
    from invitations.models import InvitationRequest
    from notify.models import OutboxMessage, OutboxStatus
    from public_requests.services import CONFIRM, WITHDRAW, token_for

    request = InvitationRequest(
        committee=bodies["washact"], name="Vera Valid", email="vera@example.org", reason="x"
    )
    db.session.add(
        OutboxMessage(
            committee_id=bodies["task-force"].id,
            recipient="typo@exmaple.org",
            subject="Your invitation",
            text_body="",
            html_body="",
            status=OutboxStatus.FAILED,
            last_error="550 no such user",
        )
    )
    db.session.add(request)
    db.session.commit()
    return {
        "confirm": f"/invitations/confirm/{token_for(CONFIRM, request.KIND, request.public_id)}",
        "withdraw": f"/invitations/withdraw/{token_for(WITHDRAW, request.KIND, request.public_id)}",
    }


def get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "text/html", url
    return response.text


def post(client, url: str, data: dict, status: int = 200, form_page: str | None = None) -> str:
    """Submit a form, with the CSRF token of the page that shows it (by default, `url` itself);
    mostly one that fails validation, to check the page that shows its errors."""
    token = CSRF_TOKEN.search(get(client, form_page or url))
    assert token, f"no CSRF token on {form_page or url}"
    response = client.post(url, data=data | {"csrf_token": token.group(1)})
    assert response.status_code == status, url
    return response.text


def language_link_of(email: str) -> str:
    user = db.session.scalar(select(User).where(User.email == email))
    with current_app.test_request_context():
        return user.language_link().removeprefix("http://127.0.0.1:5000")


def sign_in(client, email: str) -> None:
    post(client, "/login", {"email": email, "password": PASSWORD}, status=302)


def first_meeting(committee_id: int, access: MeetingAccess) -> int:
    return db.session.scalar(
        select(Meeting.id)
        .where(Meeting.committee_id == committee_id, Meeting.access == access)
        .order_by(Meeting.id)
    )


def add_draft_minutes() -> tuple[int, int, int]:
    """The demo's approved minutes, and a draft of the body's next meeting held with a roll call
    to record: their meetings, and the draft's item that has the motion."""
    approved = db.session.scalar(select(Minutes))
    draft = start_minutes(approved.approved_at_meeting)
    present = present_holders(draft.meeting)
    item = draft.items[-1]
    add_motion(
        item,
        text="To adopt the work plan.",
        mover=present[0],
        seconder=present[1],
        amends=None,
        method=VoteMethod.ROLL_CALL,
        declared_result=None,
    )
    db.session.commit()
    return approved.meeting_id, draft.meeting_id, item.id


def add_meetings_that_need_staff(bodies) -> tuple[int, int]:
    """An agenda past its 24-hour deadline and a meeting without minutes, for the dashboard."""
    task_force, now = bodies["task-force"], utcnow().replace(microsecond=0)
    soon = make_meeting(task_force, now + timedelta(hours=10), title="Urgent meeting")
    held = make_meeting(task_force, now - timedelta(days=20), title="Unminuted meeting")
    make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY, title="Closed meeting")
    make_meeting(task_force, kind=MeetingKind.SPECIAL_MEETING, business="Adopt the annual report.")
    return soon.id, held.id


def add_executive_session(meeting_id: int) -> int:
    """One executive session, extended, on the meeting; returns one of its documents."""
    meeting = db.session.get(Meeting, meeting_id)
    session = ExecutiveSession(
        meeting=meeting,
        purpose=ExecutivePurpose.LEGAL_COUNSEL,
        starts_at=meeting.starts_at + timedelta(minutes=40),
        expected_end_at=meeting.starts_at + timedelta(minutes=55),
    )
    session.extensions.append(
        ExecutiveExtension(
            announced_at=session.expected_end_at, new_end_at=meeting.starts_at + timedelta(hours=1)
        )
    )
    db.session.add(session)
    db.session.commit()
    return meeting.documents[0].id


def first_comment(committee_id: int) -> int:
    return db.session.scalar(
        select(PublicComment.id)
        .where(PublicComment.committee_id == committee_id)
        .order_by(PublicComment.id)
    )


def person_named(name: str) -> int:
    return db.session.scalar(select(Person.id).where(Person.name == name))


def add_approved_guest(bodies) -> str:
    """An approved guest of an invitation-only meeting with a place, a posted agenda and a
    public document: the path of their personal page (and a revoke button in the queue)."""
    meeting = make_meeting(
        bodies["washact"],
        access=MeetingAccess.INVITATION_ONLY,
        title="Guests' meeting",
        location="Room 4B, 1125 Washington St SE\nOlympia",
        remote_url="https://meet.example.org/closed",
    )
    add_item(meeting, "Regional updates", presenter="WARN", description="Each region, *briefly*.")
    publish_agenda(meeting, utcnow() - timedelta(days=2), None)
    make_document(meeting, DocumentVisibility.PUBLIC, title="Public packet")
    request = InvitationRequest(
        committee=bodies["washact"],
        meeting=meeting,
        name="Gale Guest",
        email="gale@example.org",
        organization="Harbor House",
        reason="Victim services.",
        status=RequestStatus.APPROVED,
        confirmed_at=utcnow(),
        decided_at=utcnow(),
    )
    db.session.add(request)
    db.session.flush()
    return f"/meetings/{meeting.id}/guest/{guest_token(request, meeting)}"


def add_applications(bodies) -> None:
    """A received application with a résumé and an appointed one, for the staff queue."""
    task_force, now = bodies["task-force"], utcnow()
    received, appointed = (
        SeatApplication(
            committee=task_force,
            seat_type=seat(task_force, key),
            name=name,
            email=f"{key}@example.org",
            organization=organization,
            statement="Ten years of victim services.\nFluent in Spanish.",
            status=status,
            created_at=now,
            confirmed_at=now,
        )
        for key, name, organization, status in [
            ("organization", "Ari Applicant", "Harbor House", RequestStatus.RECEIVED),
            ("survivor", "Quiet Survivor", "", RequestStatus.APPOINTED),
        ]
    )
    received.phone = "360-555-0100"
    received.attachments.append(
        ApplicationAttachment(
            filename="résumé.pdf", stored_name="a" * 32, content_type="application/pdf", size=9
        )
    )
    appointed.decided_at = now
    db.session.add_all([received, appointed])


def check_html(vnu: list[str], files: list[Path]) -> list[dict]:
    """vnu's messages for the files: "error", "info" (warnings among them), "non-document-error"."""
    result = subprocess.run(
        [*vnu, "--format", "json", "--exit-zero-always", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout)["messages"]
