"""The posted record: agenda versions frozen at posting, a chain of fingerprints that shows any
alteration or backdating, the packet PDF, and the year's archive."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from committees.models import MeetingAccess
from core.time import utcnow
from extensions import db
from meetings.models import DocumentVisibility, MeetingKind, PostingKind
from meetings.postings import (
    agenda_changes,
    post_notice_if_changed,
    publish_agenda,
    sha256,
    verify,
)
from members.models import UserRole
from notify.worker import send_due
from tests.fixtures.committees import appoint, seat
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import add_item, make_document, make_meeting, pdf_of
from tests.fixtures.members import make_user

STAFF = "staff@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


@pytest.fixture
def meeting(app, bodies):
    meeting = make_meeting(bodies["task-force"], title="Winter meeting")
    add_item(meeting, "Call to order")
    add_item(meeting, "Budget report", description="The second quarter.")
    db.session.commit()
    make_user(STAFF, UserRole.STAFF, [bodies["task-force"]])
    return meeting


def publish(client, auth, meeting):
    auth.login(STAFF)
    response = client.post(f"/meetings/{meeting.id}/agenda/publish", data={})
    auth.logout()
    return response


def test_publishing_freezes_a_version_whose_fingerprint_is_the_sha256_of_its_json(
    client, auth, meeting
):
    assert publish(client, auth, meeting).status_code == 302
    (posting,) = meeting.postings
    served = client.get(f"/meetings/{meeting.id}/agenda/1.json")
    assert served.status_code == 200 and served.mimetype == "application/json"
    assert hashlib.sha256(served.data).hexdigest() == posting.fingerprint
    record = json.loads(served.data)
    assert record["previous"] is None and record["version"] == 1
    assert [i["title"] for i in record["content"]["items"]] == ["Call to order", "Budget report"]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert posting.fingerprint in page and f"/meetings/{meeting.id}/agenda/1" in page
    assert "at least 24 hours before the meeting" in page


def test_edits_after_posting_are_a_draft_until_a_revision_is_published(client, auth, meeting, smtp):
    publish(client, auth, meeting)
    add_item(meeting, "Late addition")
    meeting.agenda_items[1].title = "Budget report, revised"
    db.session.commit()
    # the public page and the API still show what was posted
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Late addition" not in page and "Budget report, revised" not in page
    api = client.get(f"/api/v1/meetings/{meeting.id}").get_data(as_text=True)
    assert "Late addition" not in api
    auth.login(STAFF)
    assert "The draft differs" in client.get(f"/meetings/{meeting.id}/manage").get_data(
        as_text=True
    )
    auth.logout()
    member = make_user("member@example.org", UserRole.MEMBER, [meeting.committee])
    appoint(member.person, seat(meeting.committee, "state-agency"))
    db.session.commit()
    publish(client, auth, meeting)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Late addition" in page and "revised" in page
    first = client.get(f"/meetings/{meeting.id}/agenda/1").get_data(as_text=True)
    assert "Late addition" not in first and "earlier version" in first
    v1, v2 = meeting.agenda_postings
    assert v2.previous_fingerprint == v1.fingerprint
    send_due()
    (notice,) = smtp.inbox.to("member@example.org")
    text = notice.get_body(("plain",)).get_content()
    assert "agenda revised" in notice["Subject"]
    assert "Added: 3. Late addition" in text
    assert "Reworded: Budget report → Budget report, revised" in text


def test_publishing_an_unchanged_draft_posts_nothing(client, auth, meeting):
    publish(client, auth, meeting)
    publish(client, auth, meeting)
    assert len(meeting.agenda_postings) == 1


def test_agenda_changes_name_what_was_added_removed_reworded_and_moved():
    old = {"items": [item(1, "A"), item(2, "B"), item(3, "C")], "documents": []}
    new = {"items": [item(3, "C"), item(1, "A!"), item(4, "D")], "documents": []}
    changes = [(str(c.what), c.before, c.after) for c in agenda_changes(old, new)]
    assert changes == [
        ("Moved", "3. C", "1."),
        ("Reworded", "A", "A!"),
        ("Moved", "1. A!", "2."),
        ("Added", "", "3. D"),
        ("Removed", "2. B", ""),
    ]


def item(id_, title):
    return {
        "id": id_,
        "title": title,
        "description": "",
        "presenter": "",
        "minutes": None,
        "action": False,
    }


def test_a_bodys_postings_chain_and_special_notices_are_links_of_it(app, bodies):
    body = bodies["washact"]
    regular = make_meeting(body, title="Regular")
    add_item(regular, "Item")
    special = make_meeting(body, kind=MeetingKind.SPECIAL_MEETING, title="Special", business="X")
    first = publish_agenda(regular, utcnow() - timedelta(hours=3))
    notice = post_notice_if_changed(special, utcnow() - timedelta(hours=2))
    assert post_notice_if_changed(special, utcnow()) is None  # nothing changed, nothing posted
    special.business = "X and Y"
    again = post_notice_if_changed(special, utcnow())
    db.session.commit()
    assert [p.sequence for p in (first, notice, again)] == [1, 2, 3]
    assert notice.previous_fingerprint == first.fingerprint
    assert again.kind is PostingKind.NOTICE and again.version == 2
    assert verify(body) == (3, [])


def test_verify_reports_an_altered_and_a_backdated_posting(app, bodies, runner):
    body = bodies["task-force"]
    meetings = [make_meeting(body, title=f"M{n}") for n in range(4)]
    for n, m in enumerate(meetings):
        add_item(m, f"Item {n}")
        publish_agenda(m, utcnow() - timedelta(days=10 - n))
    db.session.commit()
    clean = runner.invoke(args=["postings", "verify"])
    assert clean.exit_code == 0 and "OK: 4 postings checked" in clean.output
    altered, backdated = meetings[1].postings[0], meetings[3].postings[0]
    altered.content = altered.content | {"items": []}  # an item struck from the record
    backdated.posted_at = backdated.posted_at - timedelta(days=30)
    db.session.commit()
    broken = runner.invoke(args=["postings", "verify", "--committee", "task-force"])
    assert broken.exit_code == 1
    assert "First break: task-force: posting #2" in broken.output
    assert "posting #4" in broken.output and "differs from its fingerprint" in broken.output
    assert "dated before the posting it follows" in broken.output
    # refingerprinting the altered one to hide it breaks the next link instead
    altered.fingerprint = sha256(altered.canonical())
    db.session.commit()
    output = runner.invoke(args=["postings", "verify"]).output
    assert "posting #3" in output and "does not name the fingerprint" in output
    assert runner.invoke(args=["postings", "verify", "--committee", "nope"]).exit_code == 2


def test_the_packet_is_one_bookmarked_pdf_with_public_or_members_documents(client, auth, meeting):
    budget = meeting.agenda_items[1]
    report = make_document(meeting, title="Budget report", data=pdf_of(3))
    report.agenda_item_id = budget.id
    briefing = make_document(
        meeting, DocumentVisibility.MEMBERS_ONLY, title="Briefing", data=pdf_of(2)
    )
    briefing.agenda_item_id = budget.id
    db.session.commit()
    publish(client, auth, meeting)
    public = client.get(f"/meetings/{meeting.id}/packet.pdf")
    assert public.status_code == 200 and public.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(public.data))
    titles = [entry.title for entry in flatten(reader.outline)]
    assert titles == ["Cover", "Agenda", "Call to order", "Budget report", "Budget report"]
    assert reader.trailer["/Root"]["/Lang"] == "en" and "/StructTreeRoot" in reader.trailer["/Root"]
    public_pages = len(reader.pages)
    auth.login(STAFF)
    staff = PdfReader(io.BytesIO(client.get(f"/meetings/{meeting.id}/packet.pdf").data))
    assert len(staff.pages) == public_pages + 2
    assert "Briefing" in [entry.title for entry in flatten(staff.outline)]
    # built once per version and set of documents
    folder = Path(client.application.config["UPLOAD_FOLDER"]) / "packets"
    built = sorted(folder.glob("*.pdf"))
    client.get(f"/meetings/{meeting.id}/packet.pdf")
    assert sorted(folder.glob("*.pdf")) == built and len(built) == 2


def test_only_what_every_anonymous_reader_gets_is_for_shared_caches(client, auth, meeting):
    make_document(meeting, DocumentVisibility.MEMBERS_ONLY, title="Briefing", data=pdf_of(1))
    db.session.commit()
    publish(client, auth, meeting)
    paths = [f"/meetings/{meeting.id}/{p}" for p in ["packet.pdf", "agenda/1", "agenda/1.json"]]
    # staff get their own copy: members-only documents, their name
    auth.login(STAFF)
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-store", path
    assert "Sign out" in client.get(paths[1]).get_data(as_text=True)
    assert "Briefing" in [
        e.title for e in flatten(PdfReader(io.BytesIO(client.get(paths[0]).data)).outline)
    ]
    auth.logout()
    for path in paths:
        response = client.get(path)
        assert response.headers["Cache-Control"].startswith("public"), path
        assert "Cookie" in response.vary, path
    assert "Sign out" not in client.get(paths[1]).get_data(as_text=True)
    assert "Briefing" not in [
        e.title for e in flatten(PdfReader(io.BytesIO(client.get(paths[0]).data)).outline)
    ]


def flatten(outline):
    for entry in outline:
        if isinstance(entry, list):
            yield from flatten(entry)
        else:
            yield entry


def test_an_invitation_only_meetings_versions_and_packet_are_for_insiders(client, auth, bodies):
    closed = make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY)
    add_item(closed, "Case briefing")
    publish_agenda(closed, utcnow() - timedelta(days=2))
    db.session.commit()
    for path in ["agenda/1", "agenda/1.json", "packet.pdf"]:
        assert client.get(f"/meetings/{closed.id}/{path}").status_code == 403
    make_user("other@example.org", UserRole.STAFF, [bodies["task-force"]])
    auth.login("other@example.org")
    assert client.get(f"/meetings/{closed.id}/agenda/1.json").status_code == 403
    assert client.get(f"/meetings/{closed.id}/agenda/7").status_code in {403, 404}


def test_the_years_archive_lists_every_file_with_its_sha256(
    client, auth, meeting, runner, tmp_path, bodies
):
    make_document(meeting, title="Budget report", data=pdf_of(1))
    db.session.commit()
    publish(client, auth, meeting)
    year = meeting.local_start.year
    out = tmp_path / "record.zip"
    arguments = ["--committee", "task-force", "--year", str(year), "--output", str(out)]
    result = runner.invoke(args=["records", "export", *arguments])
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(out)
    manifest = json.loads(archive.read(f"task-force-{year}/manifest.json"))
    assert manifest["schedule"]["item"] == "GS 10004.0001"
    paths = {f["path"] for f in manifest["files"]}
    folder = f"meetings/{meeting.local_start:%Y-%m-%d}-{meeting.id}"
    assert {f"{folder}/agenda-v1.json", f"{folder}/packet.pdf", "postings.json"} <= paths
    for entry in manifest["files"]:
        data = archive.read(f"task-force-{year}/{entry['path']}")
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    # the staff download is the same record; another body's staff may not have it
    auth.login(STAFF)
    assert client.get(f"/committees/task-force/records/{year}.zip").mimetype == "application/zip"
    assert "May be transferred from" in client.get("/committees/task-force/records").get_data(
        as_text=True
    )
    auth.logout()
    make_user("washact-staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("washact-staff@example.org")
    assert client.get(f"/committees/task-force/records/{year}.zip").status_code == 403


def test_a_posted_document_cannot_be_deleted_while_its_record_is_kept(client, auth, meeting):
    document = make_document(meeting, title="Budget report")
    db.session.commit()
    publish(client, auth, meeting)
    auth.login(STAFF)
    refused = client.post(f"/documents/{document.id}/delete", data={"confirmed": "yes"})
    assert refused.status_code == 409 and "GS 10004.0001" in refused.get_data(as_text=True)
    assert db.session.get(type(document), document.id) is not None
    draft = make_document(meeting, title="Not yet posted")
    db.session.commit()
    assert (
        client.post(f"/documents/{draft.id}/delete", data={"confirmed": "yes"}).status_code == 302
    )


def test_staff_attach_a_posted_document_to_an_item_and_the_revision_says_so(
    client, auth, meeting, smtp
):
    document = make_document(meeting, title="Budget tables")
    db.session.commit()
    publish(client, auth, meeting)
    budget = meeting.agenda_items[1]
    auth.login(STAFF)
    form = client.get(f"/documents/{document.id}/edit").get_data(as_text=True)
    assert "Budget tables" in form and "Item 2: Budget report" in form
    response = client.post(
        f"/documents/{document.id}/edit",
        data={"title": "Budget tables", "visibility": "public", "item": str(budget.id)},
    )
    assert response.status_code == 302
    assert document.agenda_item_id == budget.id and document.in_packet is False
    manage = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    assert "The draft differs" in manage
    # the public agenda lists the document where it was posted until the revision
    (posted,) = meeting.agenda_postings
    assert posted.content["documents"][0]["item"] is None
    member = make_user("member@example.org", UserRole.MEMBER, [meeting.committee])
    appoint(member.person, seat(meeting.committee, "state-agency"))
    db.session.commit()
    auth.logout()
    publish(client, auth, meeting)
    send_due()
    (notice,) = smtp.inbox.to("member@example.org")
    text = notice.get_body(("plain",)).get_content()
    assert "Document moved: Budget tables: the meeting as a whole → Budget report" in text


def test_a_document_edit_is_refused_bad_input_and_other_bodies_staff(client, auth, meeting, bodies):
    document = make_document(meeting, title="Budget tables")
    db.session.commit()
    auth.login(STAFF)
    for data in [
        {"title": "", "visibility": "public", "item": ""},
        {"title": "x", "visibility": "secret", "item": ""},
        {"title": "x", "visibility": "public", "item": "999999"},
    ]:
        assert client.post(f"/documents/{document.id}/edit", data=data).status_code == 422
    assert document.title == "Budget tables" and document.agenda_item_id is None
    auth.logout()
    make_user("washact-staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("washact-staff@example.org")
    assert client.get(f"/documents/{document.id}/edit").status_code == 403
    data = {"title": "Stolen", "visibility": "public", "item": ""}
    assert client.post(f"/documents/{document.id}/edit", data=data).status_code == 403
    assert document.title == "Budget tables"


def test_a_subscribers_calendar_names_the_agenda_version_and_changes_with_a_revision(
    client, auth, meeting
):
    before = client.get("/calendar.ics")
    assert "Agenda version" not in before.get_data(as_text=True)
    publish(client, auth, meeting)
    first = client.get("/calendar.ics")
    assert first.headers["ETag"] != before.headers["ETag"]
    text = first.get_data(as_text=True).replace("\r\n ", "")
    assert "Agenda version 1\\, posted" in text
    add_item(meeting, "Late addition")
    db.session.commit()
    publish(client, auth, meeting)
    second = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert "Agenda version 2\\, posted" in second.get_data(as_text=True).replace("\r\n ", "")
