"""Public comment (RCW 42.30.240): written comment or a sign-up to speak, on a meeting or one of
its agenda items, confirmed by e-mail, sent to the members at the cutoff and in their packet, and
on the public record once the meeting starts, with names only where their writers allowed it."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from flask import current_app
from pypdf import PdfReader
from sqlalchemy import func, select

from accommodations.models import AccommodationRequest
from comments.models import TEXT_LIMIT, CommentKind, PublicComment
from comments.services import send_comment_digests
from committees.models import MeetingAccess
from core.audit import AuditEntry
from core.time import utcnow
from extensions import db
from meetings.postings import publish_agenda
from members.models import User, UserRole
from notify import jobs
from notify.worker import send_due
from public_requests.states import RequestStatus
from records.archive import export
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import PDF_BYTES, add_item, make_meeting
from tests.fixtures.members import make_user
from tests.test_query_counts import counting_queries

WRITER = "writer@example.org"
STAFF = "tf-staff@example.org"
MEMBER = "tf-member@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


@pytest.fixture
def meeting(app, bodies):
    """A public Task Force meeting in ten days, its agenda posted."""
    meeting = make_meeting(bodies["task-force"], title="Quarterly meeting")
    add_item(meeting, "Call to order")
    add_item(meeting, "Data update")
    publish_agenda(meeting, utcnow() - timedelta(days=1), None)
    db.session.commit()
    return meeting


def item_id(meeting, title: str) -> str:
    return str(next(i.id for i in meeting.agenda_items if i.title == title))


def comment_on(client, meeting, **overrides):
    data = {
        "kind": "written",
        "agenda_item": "",
        "text": "Please fund interpreters at every shelter.",
        "name": "",
        "email": WRITER,
        "language": "en",
    } | overrides
    return client.post(f"/meetings/{meeting.id}/comments", data=data)


def link_in(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://127.0.0.1:5000(/{path}/\S+)", text)[1]


def confirm_by_mail(client, smtp, address: str = WRITER) -> None:
    send_due()
    confirmation = smtp.inbox.to(address)[-1]
    assert client.post(link_in(confirmation, "comments/confirm")).status_code == 200


def begin(meeting) -> None:
    """The meeting has started: its comments are on the public record."""
    meeting.starts_at = utcnow() - timedelta(minutes=30)
    meeting.ends_at = utcnow() + timedelta(hours=1)
    db.session.commit()


def count_comments() -> int:
    return db.session.scalar(select(func.count()).select_from(PublicComment))


def staff_and_member(bodies):
    make_user(STAFF, UserRole.STAFF, [bodies["task-force"]])
    make_user(MEMBER, UserRole.MEMBER, [bodies["task-force"]])


# -- the writer's story ---------------------------------------------------------------------------


def test_a_confirmed_comment_on_an_item_is_on_the_public_record_once_the_meeting_starts(
    client, meeting, smtp
):
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'href="/meetings/{meeting.id}/comments"' in page
    form = client.get(f"/meetings/{meeting.id}/comments").get_data(as_text=True)
    assert "The meeting as a whole" in form and "Item 2: Data update" in form
    response = comment_on(
        client,
        meeting,
        agenda_item=item_id(meeting, "Data update"),
        text="Break the numbers out by region.",
        name="Jordan Writer",
        publish_name="y",
    )
    assert response.status_code == 302
    assert response.location.endswith("/committees/task-force/comment-sent")
    comment = db.session.scalar(select(PublicComment))
    assert comment.status is RequestStatus.UNCONFIRMED and comment.kind is CommentKind.WRITTEN
    confirm_by_mail(client, smtp)
    db.session.refresh(comment)
    assert comment.status is RequestStatus.RECEIVED

    before = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Break the numbers out by region." not in before  # the members read it first

    begin(meeting)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    record = page[page.index('id="public-comment"') :]
    assert "Item 2: Data update" in record
    assert record.index("Item 2: Data update") < record.index("Break the numbers out by region.")
    assert "Jordan Writer" in record
    assert WRITER not in page


def test_a_name_is_shown_only_where_its_writer_allowed_it_and_an_address_never(
    client, auth, meeting, smtp, bodies
):
    comment_on(client, meeting, name="Ana Private", text="Name kept private.")
    confirm_by_mail(client, smtp)
    comment_on(client, meeting, kind="oral", oral_mode="in_person", email="b@example.org")
    comment_on(
        client, meeting, agenda_item=item_id(meeting, "Call to order"), email="anon@example.org"
    )
    confirm_by_mail(client, smtp, "anon@example.org")
    begin(meeting)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Name kept private." in page and "Ana Private" not in page
    assert page.count("Anonymous") >= 2
    assert "@example.org" not in page
    staff_and_member(bodies)
    auth.login(MEMBER)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Ana Private" not in page and WRITER not in page


def test_an_oral_sign_up_needs_how_and_reaches_the_staff_list(client, auth, meeting, smtp, bodies):
    response = comment_on(client, meeting, kind="oral", text="")
    assert response.status_code == 422
    assert "Say whether you will speak in person or remotely." in response.get_data(as_text=True)
    assert comment_on(client, meeting, kind="oral", oral_mode="in_person").status_code == 302
    confirm_by_mail(client, smtp)
    staff_and_member(bodies)
    auth.login(STAFF)
    listing = client.get("/committees/task-force/comments").get_data(as_text=True)
    assert "Oral comment" in listing and "In person" in listing and WRITER in listing


# -- what is refused, and changes nothing ---------------------------------------------------------


def test_after_the_cutoff_the_form_is_closed_and_nothing_is_kept(client, bodies):
    bodies["task-force"].comment_cutoff_hours = 24
    soon = make_meeting(bodies["task-force"], starts_at=utcnow() + timedelta(hours=12))
    db.session.commit()
    assert client.get(f"/meetings/{soon.id}/comments").status_code == 409
    response = comment_on(client, soon)
    assert response.status_code == 409
    assert "Public comment on this meeting closed on" in response.get_data(as_text=True)
    assert count_comments() == 0
    page = client.get(f"/meetings/{soon.id}").get_data(as_text=True)
    assert "Public comment closed on" in page
    assert f'href="/meetings/{soon.id}/comments"' not in page


def test_an_invitation_only_meeting_takes_no_comment_and_points_to_the_next_public_one(
    client, bodies
):
    closed = make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY, title="Closed")
    public = make_meeting(
        bodies["washact"],
        starts_at=utcnow() + timedelta(days=40),
        title="Information session",
    )
    db.session.commit()
    page = client.get(f"/meetings/{closed.id}").get_data(as_text=True)
    assert "This meeting takes no public comment: the public is not present." in page
    assert f'href="/meetings/{public.id}"' in page
    response = comment_on(client, closed)
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "takes no public comment" in text and f'href="/meetings/{public.id}"' in text
    assert count_comments() == 0


def test_too_long_a_comment_or_a_file_of_the_wrong_kind_is_refused_and_nothing_is_kept(
    client, meeting
):
    response = comment_on(client, meeting, text="x" * (TEXT_LIMIT + 1))
    assert response.status_code == 422
    assert f"Keep your comment to {TEXT_LIMIT} characters or fewer." in response.get_data(
        as_text=True
    )
    response = comment_on(
        client, meeting, attachment=(io.BytesIO(b"\x00\x01\x02MZ binary"), "tool.exe")
    )
    assert response.status_code == 422
    assert "That file type is not accepted." in response.get_data(as_text=True)
    assert comment_on(client, meeting, text="").status_code == 422  # written needs text
    response = comment_on(client, meeting, publish_name="y")
    assert "Give your name to have it published" in response.get_data(as_text=True)
    response = comment_on(client, meeting, agenda_item="999999")
    assert response.status_code == 422
    assert count_comments() == 0


def test_a_forged_link_is_not_found(client, meeting):
    for path in ["/comments/confirm/1-forged.token", "/comments/withdraw/1-forged.token"]:
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404


def test_a_comment_may_be_withdrawn_until_the_cutoff(client, meeting, smtp):
    comment_on(client, meeting)
    confirm_by_mail(client, smtp)
    withdraw = link_in(smtp.inbox.to(WRITER)[0], "comments/withdraw")
    assert "Withdraw my comment" in client.get(withdraw).get_data(as_text=True)
    assert client.post(withdraw).status_code == 200
    comment = db.session.scalar(select(PublicComment))
    assert comment.status is RequestStatus.WITHDRAWN

    comment_on(client, meeting, email="late@example.org")
    confirm_by_mail(client, smtp, "late@example.org")
    withdraw = link_in(smtp.inbox.to("late@example.org")[0], "comments/withdraw")
    meeting.committee.comment_cutoff_hours = 24 * 7
    meeting.starts_at = utcnow() + timedelta(days=2)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    db.session.commit()
    page = client.get(withdraw).get_data(as_text=True)
    assert "This comment can no longer be withdrawn" in page


# -- remote comment for a disability --------------------------------------------------------------


def test_remote_comment_for_a_disability_reaches_staff_as_an_accommodation_request(
    client, auth, meeting, smtp, bodies
):
    response = comment_on(
        client, meeting, kind="oral", oral_mode="in_person", remote_for_disability="y"
    )
    assert response.status_code == 422  # remote for a disability is remote
    response = comment_on(
        client,
        meeting,
        kind="oral",
        oral_mode="remote",
        remote_for_disability="y",
        name="Riley",
        text="Housing.",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(AccommodationRequest)) is None  # not before it is confirmed
    confirm_by_mail(client, smtp)
    confirm_by_mail(client, smtp)  # the link used twice asks once
    (request,) = db.session.scalars(select(AccommodationRequest)).all()
    assert request.status is RequestStatus.PENDING and request.needs == ["remote_comment"]
    staff_and_member(bodies)
    auth.login(STAFF)
    queue = client.get("/committees/task-force/accommodation-requests").get_data(as_text=True)
    assert "Remote access to give public comment" in queue and WRITER in queue
    # the dashboard leads staff to both queues
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert "1 accommodation request waiting" in dashboard
    assert "1 public comment on meetings to come" in dashboard
    assert 'href="/committees/task-force/comments"' in dashboard
    assert 'href="/committees/task-force/accommodation-requests"' in dashboard
    begin(meeting)
    assert "0 public comments on meetings to come" in client.get("/staff/").get_data(as_text=True)


def test_new_text_for_a_confirmed_comment_is_confirmed_in_words_not_codes(client, meeting, smtp):
    on_item = item_id(meeting, "Data update")
    assert comment_on(client, meeting, agenda_item=on_item).status_code == 302
    confirm_by_mail(client, smtp)
    resent = comment_on(
        client,
        meeting,
        agenda_item=on_item,
        name="Rosa",
        publish_name="y",
        text="Fund interpreters.",
    )
    assert resent.status_code == 302
    send_due()
    page = client.get(link_in(smtp.inbox.to(WRITER)[-1], "comments/confirm")).text
    facts = dict(re.findall(r"<dt>([^<]*)</dt><dd[^>]*>([^<]*)</dd>", page))
    assert facts["Agenda item"] == "Data update" and facts["Name may be published"] == "Yes"
    assert (
        facts["Comment"] == "Fund interpreters." and facts["Kind of comment"] == "Written comment"
    )


def test_withdrawing_a_remote_comment_takes_back_its_accommodation_request(client, meeting, smtp):
    response = comment_on(
        client, meeting, kind="oral", oral_mode="remote", remote_for_disability="y", text="Housing."
    )
    assert response.status_code == 302
    confirm_by_mail(client, smtp)
    request = db.session.scalar(select(AccommodationRequest))
    assert request.status is RequestStatus.PENDING
    withdraw = link_in(smtp.inbox.to(WRITER)[-1], "comments/withdraw")
    assert client.post(withdraw).status_code == 200
    db.session.expire_all()
    assert db.session.get(AccommodationRequest, request.id).status is RequestStatus.WITHDRAWN


# -- the members' digest and packet ---------------------------------------------------------------


def test_members_get_one_digest_at_the_cutoff_and_a_rerun_sends_nothing(
    app, client, meeting, smtp, bodies
):
    bodies["task-force"].comment_cutoff_hours = 24
    db.session.commit()
    staff_and_member(bodies)
    comment_on(client, meeting, text="First comment.", agenda_item=item_id(meeting, "Data update"))
    confirm_by_mail(client, smtp)
    comment_on(client, meeting, email="second@example.org", text="Second comment.")
    confirm_by_mail(client, smtp, "second@example.org")
    smtp.inbox.clear()

    assert jobs.run_job(app, send_comment_digests, meeting.starts_at - timedelta(hours=25)) == 0
    at_cutoff = meeting.starts_at - timedelta(hours=23)
    assert jobs.run_job(app, send_comment_digests, at_cutoff) == 2  # the member and the staff
    send_due()
    (digest,) = smtp.inbox.to(MEMBER)
    assert "public comment" in digest["Subject"]
    body = digest.get_body(("plain",)).get_content()
    assert "First comment." in body and "Second comment." in body and "Item 2: Data update" in body
    assert WRITER not in body
    assert len(smtp.inbox.to(STAFF)) == 1
    assert jobs.run_job(app, send_comment_digests, at_cutoff + timedelta(minutes=5)) == 0
    assert all(c.distributed_at for c in db.session.scalars(select(PublicComment)))


def test_a_withheld_comment_leaves_the_public_record_but_not_the_members_or_the_audit_log(
    app, client, auth, meeting, smtp, bodies
):
    staff_and_member(bodies)
    comment_on(client, meeting, text="A threat against a named person.")
    confirm_by_mail(client, smtp)
    comment = db.session.scalar(select(PublicComment))
    auth.login(STAFF)
    refused = client.post(f"/comments/{comment.id}/withhold", data={"reason": ""})
    assert refused.status_code == 422
    assert "Say why the comment is withheld." in refused.get_data(as_text=True)
    refused = client.post(f"/comments/{comment.id}/withhold", data={"reason": "x" * 2001})
    assert refused.status_code == 422
    db.session.refresh(comment)
    assert not comment.is_withheld
    done = client.post(f"/comments/{comment.id}/withhold", data={"reason": "A threat."})
    assert done.status_code == 302
    db.session.refresh(comment)
    assert comment.is_withheld and comment.withheld_reason == "A threat."
    entry = db.session.scalar(
        select(AuditEntry)
        .where(AuditEntry.entity == "PublicComment", AuditEntry.entity_id == comment.id)
        .order_by(AuditEntry.id.desc())
    )
    assert entry.changes["withheld_reason"] == ["", "A threat."]

    packet = client.get(f"/meetings/{meeting.id}/packet.pdf")
    assert packet.headers["Cache-Control"] == "private, no-store"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(packet.data)).pages)
    assert "Public comments" in text and "A threat against a named person." in text
    assert "withheld from the public record" in text
    auth.logout()

    public_packet = client.get(f"/meetings/{meeting.id}/packet.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(public_packet.data)).pages)
    assert "A threat against a named person." not in text

    begin(meeting)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "1 comment was withheld from the public record." in page
    assert "A threat against a named person." not in page

    bodies["task-force"].comment_cutoff_hours = 0
    meeting.starts_at, meeting.ends_at = utcnow() + timedelta(minutes=5), utcnow() + timedelta(1)
    db.session.commit()
    jobs.run_job(app, send_comment_digests, meeting.starts_at + timedelta(minutes=1))
    send_due()
    body = smtp.inbox.to(MEMBER)[-1].get_body(("plain",)).get_content()
    assert "A threat against a named person." in body and "withheld from the public record" in body


def test_another_bodys_staff_and_members_may_not_withhold_or_restore(
    client, auth, meeting, smtp, bodies
):
    comment_on(client, meeting)
    confirm_by_mail(client, smtp)
    comment = db.session.scalar(select(PublicComment))
    make_user("washact-staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("washact-staff@example.org")
    assert client.get("/committees/task-force/comments").status_code == 403
    assert client.post(f"/comments/{comment.id}/withhold", data={"reason": "No."}).status_code in {
        403,
        404,
    }
    auth.logout()
    staff_and_member(bodies)
    auth.login(MEMBER)
    assert (
        client.post(f"/comments/{comment.id}/withhold", data={"reason": "No."}).status_code == 403
    )
    db.session.refresh(comment)
    assert not comment.is_withheld
    auth.logout()
    auth.login(STAFF)
    assert client.post(f"/comments/{comment.id}/restore").status_code == 409  # not withheld
    client.post(f"/comments/{comment.id}/withhold", data={"reason": "Personal data."})
    assert client.post(f"/comments/{comment.id}/restore").status_code == 302
    db.session.refresh(comment)
    assert not comment.is_withheld


def test_an_attachment_is_the_members_before_the_meeting_and_public_after(
    client, auth, meeting, smtp, bodies
):
    comment_on(client, meeting, attachment=(io.BytesIO(PDF_BYTES), "letter.pdf"))
    comment = db.session.scalar(select(PublicComment))
    assert comment.attachment_name == "letter.pdf"
    assert client.get(f"/comments/{comment.id}/attachment").status_code == 404  # unconfirmed
    confirm_by_mail(client, smtp)
    assert client.get(f"/comments/{comment.id}/attachment").status_code == 404  # not yet public
    staff_and_member(bodies)
    auth.login(MEMBER)
    download = client.get(f"/comments/{comment.id}/attachment")
    assert download.status_code == 200 and download.data == PDF_BYTES
    auth.logout()
    begin(meeting)
    assert client.get(f"/comments/{comment.id}/attachment").status_code == 200
    staff = db.session.scalar(select(User).where(User.email == STAFF))
    comment.withhold("Personal data.", by=staff, now=utcnow())
    db.session.commit()
    assert client.get(f"/comments/{comment.id}/attachment").status_code == 404


# -- the body's setting, the demo and the archive -------------------------------------------------


def test_staff_set_the_cutoff_from_0_to_168_hours(client, auth, bodies):
    staff_and_member(bodies)
    auth.login(STAFF)
    settings = client.get("/committees/task-force/settings").get_data(as_text=True)
    assert "24: written comment reaches the packet" in settings
    data = {
        "term_alert_days": "60",
        "purpose": bodies["task-force"].purpose,
        "accommodation_notice_days": "5",
        "comment_cutoff_hours": "200",
    }
    refused = client.post("/committees/task-force/settings", data=data)
    assert refused.status_code == 422
    assert "Enter a number of hours from 0 to 168." in refused.get_data(as_text=True)
    assert (
        client.post(
            "/committees/task-force/settings", data=data | {"comment_cutoff_hours": "24"}
        ).status_code
        == 302
    )
    db.session.refresh(bodies["task-force"])
    assert bodies["task-force"].comment_cutoff_hours == 24


def test_the_demo_has_comments_and_the_archive_keeps_them(runner, app):
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    assert "demo comments" in result.output
    comments = db.session.scalars(select(PublicComment)).all()
    assert len(comments) == 6
    assert sum(c.is_withheld for c in comments) == 1
    assert any(c.public_name for c in comments) and any(not c.name for c in comments)
    assert any(c.agenda_item_id for c in comments)
    speaker = next(c for c in comments if c.kind is CommentKind.ORAL)
    assert speaker.remote_for_disability
    assert db.session.scalar(
        select(AccommodationRequest).where(AccommodationRequest.email == speaker.email)
    )
    held = next(c for c in comments if c.is_withheld).meeting
    with current_app.test_request_context():
        data = export(held.committee, held.local_start.year, utcnow())
    archive = zipfile.ZipFile(io.BytesIO(data))
    name = next(n for n in archive.namelist() if n.endswith(f"-{held.id}/comments.json"))
    kept = json.loads(archive.read(name))
    assert len(kept) == 4 and sum(k["withheld"] for k in kept) == 1
    assert all("email" not in k for k in kept)
    manifest = json.loads(archive.read(next(n for n in archive.namelist() if "manifest" in n)))
    assert "not_yet_kept" not in manifest


def test_the_meeting_page_loads_its_comments_in_a_fixed_number_of_queries(client, meeting, smtp):
    def queries() -> int:
        with counting_queries() as statements:
            assert client.get(f"/meetings/{meeting.id}").status_code == 200
        return len(statements)

    begin(meeting)
    db.session.add(one_comment(meeting, 0))
    db.session.commit()
    few = queries()
    db.session.add_all(one_comment(meeting, n) for n in range(1, 30))
    db.session.commit()
    assert queries() == few


def one_comment(meeting, n: int) -> PublicComment:
    return PublicComment(
        meeting=meeting,
        committee_id=meeting.committee_id,
        kind=CommentKind.WRITTEN,
        text=f"Comment {n}",
        email=f"c{n}@example.org",
        status=RequestStatus.RECEIVED,
        agenda_item_id=meeting.agenda_items[n % 2].id,
    )
