"""Minutes with motions and roll-call votes: staff build them from the posted agenda, record each
motion and the roll call of the seat holders present, and approve them at a later meeting; then
the public reads them (page, PDF, packet, API, archive), a survivor without consent by her seat."""

import csv
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from committees.models import MeetingAccess
from core.time import today_pacific, utcnow
from extensions import db
from meetings.minutes import Minutes, Motion, MotionResult, Vote, VoteChoice
from meetings.models import Attendance, AttendanceStatus
from meetings.postings import publish_agenda
from members.models import UserRole
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.meetings import add_item, make_meeting
from tests.fixtures.members import make_user

STAFF = "task-force-staff@example.org"
OTHER_STAFF = "washact-staff@example.org"
MEMBER = "task-force-member@example.org"
SURVIVOR = "Sam Unnamed-Survivor"
SURVIVOR_SEAT = "Survivor of human trafficking"


@pytest.fixture
def held(app, bodies):
    """A Task Force meeting held 40 days ago with its agenda posted and attendance recorded:
    two organization members and the survivor (no consent to be named) present, one absent;
    a later meeting held 10 days ago, an earlier one, and a WashACT meeting after it."""
    task_force = bodies["task-force"]
    now = utcnow().replace(microsecond=0)
    meeting = make_meeting(task_force, now - timedelta(days=40), title="Autumn meeting")
    add_item(meeting, "Call to order")
    add_item(meeting, "Adopt the annual report", is_action_item=True)
    publish_agenda(meeting, meeting.starts_at - timedelta(days=3), None)
    people = {
        "ada": appoint(make_person("Ada Named"), seat(task_force, "organization")),
        "bo": appoint(make_person("Bo Named"), seat(task_force, "organization")),
        "cy": appoint(make_person("Cy Absent"), seat(task_force, "organization")),
        "sam": appoint(make_person(SURVIVOR), seat(task_force, "survivor")),
    }
    statuses = {
        "ada": AttendanceStatus.PRESENT,
        "bo": AttendanceStatus.REMOTE,
        "cy": AttendanceStatus.ABSENT,
        "sam": AttendanceStatus.PRESENT,
    }
    meeting.attendance = [
        Attendance(appointment=people[key], status=status) for key, status in statuses.items()
    ]
    later = make_meeting(task_force, now - timedelta(days=10), title="Winter meeting")
    earlier = make_meeting(task_force, now - timedelta(days=80), title="Summer meeting")
    other_body = make_meeting(
        bodies["washact"], now - timedelta(days=5), access=MeetingAccess.PUBLIC
    )
    make_user(STAFF, UserRole.STAFF, [task_force])
    make_user(OTHER_STAFF, UserRole.STAFF, [bodies["washact"]])
    make_user(MEMBER, UserRole.MEMBER, [task_force])
    db.session.commit()
    return {
        "meeting": meeting,
        "later": later,
        "earlier": earlier,
        "other_body": other_body,
        **{key: a.id for key, a in people.items()},
    }


def start(client, meeting) -> Minutes:
    response = client.post(f"/meetings/{meeting.id}/minutes/edit", follow_redirects=True)
    assert response.status_code == 200, response.text
    return meeting.minutes


def move(client, meeting, item, **fields):
    prefix = f"motion-{item.id}-"
    data = {"text": "To adopt the annual report.", "method": "roll_call"} | fields
    return client.post(
        f"/meetings/{meeting.id}/minutes/items/{item.id}/motions",
        data={prefix + k: str(v) for k, v in data.items()},
    )


def roll_call(client, motion, choices: dict[int, str]):
    prefix = f"votes-{motion.id}-rows-"
    data = {}
    for n, (appointment_id, choice) in enumerate(choices.items()):
        data[f"{prefix}{n}-appointment_id"] = str(appointment_id)
        data[f"{prefix}{n}-choice"] = choice
    return client.post(f"/motions/{motion.id}/votes", data=data)


def approve(client, meeting, at):
    return client.post(
        f"/meetings/{meeting.id}/minutes/approve", data={"approve-approved_at": str(at.id)}
    )


@pytest.fixture
def recorded(client, auth, held):
    """Minutes with a roll call (the survivor votes), an amendment by voice, a voice vote."""
    auth.login(STAFF)
    meeting = held["meeting"]
    minutes = start(client, meeting)
    _, report = minutes.items
    moved = move(client, meeting, report, mover=held["sam"], seconder=held["ada"])
    assert moved.status_code == 302, re.findall(r"error-message[^>]*>([^<]*)<", moved.text)
    (main,) = report.motions
    votes = {held["ada"]: "yes", held["bo"]: "no", held["sam"]: "yes"}
    assert roll_call(client, main, votes).status_code == 302
    amendment = move(
        client,
        meeting,
        report,
        text="To add a section on labor trafficking.",
        mover=held["bo"],
        amends=main.id,
        method="voice",
        declared_result="passed",
    )
    assert amendment.status_code == 302
    summaries = client.post(
        f"/meetings/{meeting.id}/minutes/edit",
        data={
            "summary": "The chair called the meeting to order at 10:02.",
            "summaries-0-item_id": str(minutes.items[0].id),
            "summaries-0-summary": "Members introduced themselves.",
            "summaries-1-item_id": str(report.id),
            "summaries-1-summary": "Staff presented the **draft report**.",
        },
    )
    assert summaries.status_code == 302
    return held | {"minutes": minutes, "main": main}


def approved(client, auth, recorded):
    assert approve(client, recorded["meeting"], recorded["later"]).status_code == 302
    auth.logout()
    return recorded


# -- building ------------------------------------------------------------------------------------


def test_the_minutes_follow_the_posted_agenda_not_the_draft(client, auth, held):
    meeting = held["meeting"]
    add_item(meeting, "Added after posting")
    db.session.commit()
    auth.login(STAFF)
    minutes = start(client, meeting)
    assert [i.title for i in minutes.items] == ["Call to order", "Adopt the annual report"]
    assert minutes.posting == meeting.posted_agenda and minutes.status.value == "draft"
    client.post(f"/meetings/{meeting.id}/minutes/edit")  # a second start starts nothing new
    assert db.session.scalar(select(func.count()).select_from(Minutes)) == 1


def test_opening_the_editor_starts_nothing(client, auth, held):
    meeting = held["meeting"]
    auth.login(STAFF)
    response = client.get(f"/meetings/{meeting.id}/minutes/edit")
    assert response.status_code == 302 and response.location.endswith("#minutes")
    assert meeting.minutes is None
    page = client.get(response.location).text
    assert f'action="/meetings/{meeting.id}/minutes/edit"' in page and "Start the minutes" in page


def test_no_minutes_without_a_posted_agenda(client, auth, held):
    unposted = make_meeting(held["meeting"].committee, title="Never posted")
    add_item(unposted, "Item")
    db.session.commit()
    auth.login(STAFF)
    response = client.post(f"/meetings/{unposted.id}/minutes/edit")
    assert response.status_code == 409
    assert "Publish the agenda first" in response.text
    assert unposted.minutes is None


def test_a_roll_call_is_counted_and_the_motion_passes(client, auth, recorded):
    main = recorded["main"]
    assert main.counts() == {
        VoteChoice.YES: 2,
        VoteChoice.NO: 1,
        VoteChoice.ABSTAIN: 0,
        VoteChoice.RECUSED: 0,
    }
    assert main.outcome is MotionResult.PASSED
    (amendment,) = main.amendments
    assert amendment.outcome is MotionResult.PASSED and amendment.votes == []
    # A correction replaces the roll call.
    response = roll_call(
        client,
        main,
        {recorded["ada"]: "no", recorded["bo"]: "no", recorded["sam"]: "recused"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    main = db.session.get(Motion, main.id)
    assert main.counts()[VoteChoice.NO] == 2 and main.outcome is MotionResult.FAILED


def test_a_vote_from_someone_not_present_is_refused_and_nothing_is_stored(client, auth, recorded):
    main = recorded["main"]
    before = {(v.appointment_id, v.choice) for v in main.votes}
    response = roll_call(client, main, {recorded["ada"]: "no", recorded["cy"]: "yes"})
    assert response.status_code == 422
    assert "Only the seat holders present" in response.text
    db.session.expire_all()
    assert {(v.appointment_id, v.choice) for v in db.session.get(Motion, main.id).votes} == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "Enter the motion as it was made."),
        ({"text": "x" * 5001}, "Field cannot be longer than 5000 characters."),
        ({"mover": "cy"}, "Choose who moved it from the seat holders present."),
        ({"mover": "ada", "seconder": "ada"}, "cannot second their own motion"),
        ({"method": "voice"}, "Enter the result the chair declared"),
        ({"declared_result": "passed"}, "counted from the votes"),
        ({"amends": "999999"}, "amends another motion under the same item"),
    ],
)
def test_a_motion_that_cannot_be_is_refused_with_a_reason(client, auth, held, fields, message):
    auth.login(STAFF)
    meeting = held["meeting"]
    minutes = start(client, meeting)
    fields = {k: (held[v] if v in {"ada", "cy"} else v) for k, v in fields.items()}
    response = move(client, meeting, minutes.items[1], **({"mover": held["ada"]} | fields))
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(select(func.count()).select_from(Motion)) == 0


def test_an_amendment_amends_a_motion_of_the_same_item_only(client, auth, recorded):
    meeting, minutes = recorded["meeting"], recorded["minutes"]
    response = move(
        client, meeting, minutes.items[0], mover=recorded["ada"], amends=recorded["main"].id
    )
    assert response.status_code == 422


def test_removing_a_motion_removes_its_amendments_and_votes(client, auth, recorded):
    main = recorded["main"]
    assert client.post(f"/motions/{main.id}/delete").status_code == 200  # asks first
    response = client.post(f"/motions/{main.id}/delete", data={"confirmed": "yes"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Motion)) == 0
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0


# -- who may ---------------------------------------------------------------------------------------


def test_another_bodys_staff_may_use_no_staff_route(client, auth, recorded):
    meeting, main = recorded["meeting"], recorded["main"]
    item = recorded["minutes"].items[1]
    auth.logout()
    auth.login(OTHER_STAFF)
    requests = [
        ("GET", f"/meetings/{meeting.id}/minutes/edit", {}),
        ("POST", f"/meetings/{meeting.id}/minutes/edit", {"summary": "Hijacked"}),
        ("POST", f"/meetings/{meeting.id}/minutes/items/{item.id}/motions", {}),
        ("POST", f"/motions/{main.id}/votes", {}),
        ("POST", f"/motions/{main.id}/delete", {"confirmed": "yes"}),
        ("POST", f"/meetings/{meeting.id}/minutes/approve", {}),
    ]
    for method, url, data in requests:
        assert client.open(url, method=method, data=data).status_code in {403, 404}, url
    db.session.expire_all()
    assert db.session.get(Motion, main.id) is not None
    assert db.session.get(Minutes, recorded["minutes"].id).summary != "Hijacked"


def test_draft_minutes_are_for_members_and_staff_only(client, auth, recorded):
    meeting = recorded["meeting"]
    auth.logout()
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/minutes.pdf").status_code == 404
    assert client.get(f"/api/v1/meetings/{meeting.id}/minutes").status_code == 404
    assert "/minutes" not in client.get(f"/meetings/{meeting.id}").text
    auth.login(MEMBER)
    page = client.get(f"/meetings/{meeting.id}/minutes")
    assert page.status_code == 200 and "DRAFT" in page.text
    assert page.headers["Cache-Control"] == "private, no-store"
    assert SURVIVOR in page.text  # insiders see every name
    assert client.get(f"/api/v1/meetings/{meeting.id}/minutes").status_code == 404


# -- approval ------------------------------------------------------------------------------------


def test_minutes_are_approved_at_a_later_meeting_of_the_same_body(client, auth, recorded):
    meeting, minutes = recorded["meeting"], recorded["minutes"]
    for wrong in (recorded["earlier"], recorded["other_body"], meeting):
        response = approve(client, meeting, wrong)
        assert response.status_code == 422
        assert "Choose a later meeting of the Task Force" in response.text
    assert client.post(f"/meetings/{meeting.id}/minutes/approve").status_code == 422
    assert not minutes.is_approved
    assert approve(client, meeting, recorded["later"]).status_code == 302
    db.session.expire_all()
    minutes = db.session.get(Minutes, minutes.id)
    assert minutes.is_approved and minutes.approved_at_meeting_id == recorded["later"].id
    assert minutes.approved_on == recorded["later"].local_start.date()
    assert minutes.approved_by_id is not None


def test_the_dashboard_stops_asking_for_minutes_once_they_are_approved(client, auth, recorded):
    meeting = recorded["meeting"]
    to_approve = re.compile(r"<h3>Minutes to approve</h3>(.*?)<h3>", re.S)
    waiting = to_approve.search(client.get("/staff/").text).group(1)
    assert f"/meetings/{meeting.id}/manage" in waiting
    assert approve(client, meeting, recorded["later"]).status_code == 302
    waiting = to_approve.search(client.get("/staff/").text).group(1)
    assert f"/meetings/{meeting.id}/manage" not in waiting


def test_a_later_meeting_not_yet_begun_cannot_approve(client, auth, recorded):
    meeting = recorded["meeting"]
    future = make_meeting(meeting.committee, utcnow() + timedelta(days=3), title="Next")
    db.session.commit()
    assert future.local_start.date() > today_pacific()
    assert approve(client, meeting, future).status_code == 422


def test_approved_minutes_are_not_editable(client, auth, recorded):
    meeting, main = recorded["meeting"], recorded["main"]
    item = recorded["minutes"].items[1]
    assert approve(client, meeting, recorded["later"]).status_code == 302
    requests = [
        ("GET", f"/meetings/{meeting.id}/minutes/edit", {}),
        ("POST", f"/meetings/{meeting.id}/minutes/edit", {"summary": "Rewritten"}),
        ("POST", f"/meetings/{meeting.id}/minutes/items/{item.id}/motions", {}),
        ("POST", f"/motions/{main.id}/votes", {}),
        ("POST", f"/motions/{main.id}/delete", {"confirmed": "yes"}),
        ("POST", f"/meetings/{meeting.id}/minutes/approve", {}),
    ]
    for method, url, data in requests:
        response = client.open(url, method=method, data=data)
        assert response.status_code == 409, url
        assert "approved and can no longer be changed" in response.text
    assert db.session.get(Motion, main.id) is not None


# -- what the public reads ------------------------------------------------------------------------


def test_the_public_page_shows_the_survivors_vote_by_seat_never_her_name(client, auth, recorded):
    meeting = approved(client, auth, recorded)["meeting"]
    page = client.get(f"/meetings/{meeting.id}/minutes")
    assert page.status_code == 200
    html = page.text
    assert "DRAFT" not in html
    assert SURVIVOR not in html
    assert f"Moved by {SURVIVOR_SEAT}." in html
    assert f'<th scope="row">{SURVIVOR_SEAT}</th>' in html
    assert "Ada Named" in html and "Bo Named" in html  # consented seats are named
    assert "Cy Absent" in html  # the absent seat holder, in the attendance
    assert "To add a section on labor trafficking." in html  # the amendment, nested
    assert "Amendment 2.1.1" in html and "Motion 2.1" in html
    assert "Yes: 2; No: 1; Abstain: 0; Recused: 0." in html
    assert "<strong>draft report</strong>" in html
    assert "Approved on" in html and "Winter meeting" in html
    assert page.headers["Cache-Control"].startswith("public")
    assert "/minutes" in client.get(f"/meetings/{meeting.id}").text

    pdf = client.get(f"/meetings/{meeting.id}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = "".join(p.extract_text() for p in reader.pages)
    assert SURVIVOR_SEAT in text and "Ada Named" in text
    assert SURVIVOR not in text and SURVIVOR.encode() not in pdf.data
    assert reader.metadata.title.startswith("Washington State Task Force")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    again = client.get(f"/meetings/{meeting.id}/minutes.pdf")
    assert again.data == pdf.data  # built once, then served from the cache


def test_the_api_gives_vote_events_with_counts_and_the_seat_for_the_survivor(
    client, auth, recorded
):
    meeting = approved(client, auth, recorded)["meeting"]
    response = client.get(f"/api/v1/meetings/{meeting.id}/minutes")
    assert response.status_code == 200
    assert SURVIVOR not in response.text
    body = response.get_json()
    assert body["event"]["id"] == meeting.id
    minutes = body["minutes"]
    assert minutes["status"] == "approved"
    assert minutes["approved_at"]["id"] == recorded["later"].id
    assert minutes["approved_on"] == recorded["later"].local_start.date().isoformat()
    first, second = minutes["agenda"]
    assert first == {
        "order": 1,
        "description": "Call to order",
        "summary": "Members introduced themselves.",
        "motions": [],
    }
    (vote_event,) = second["motions"]
    assert vote_event["identifier"] == "2.1"
    assert vote_event["result"] == "passed" and vote_event["method"] == "roll_call"
    assert vote_event["mover"] == SURVIVOR_SEAT and vote_event["seconder"] == "Ada Named"
    assert vote_event["counts"] == [
        {"option": "yes", "value": 2},
        {"option": "no", "value": 1},
        {"option": "abstain", "value": 0},
        {"option": "recused", "value": 0},
    ]
    assert {(v["option"], v["voter_name"], v["seat"]) for v in vote_event["votes"]} == {
        ("yes", "Ada Named", "Organization"),
        ("no", "Bo Named", "Organization"),
        ("yes", SURVIVOR_SEAT, SURVIVOR_SEAT),
    }
    (amendment,) = vote_event["amendments"]
    assert amendment["identifier"] == "2.1.1" and amendment["method"] == "voice"
    assert amendment["result"] == "passed" and amendment["votes"] == []


def test_the_packet_ends_with_the_approved_minutes(client, auth, recorded):
    meeting = recorded["meeting"]
    before = PdfReader(io.BytesIO(client.get(f"/meetings/{meeting.id}/packet.pdf").data))
    assert "Minutes" not in [o.title for o in before.outline if not isinstance(o, list)]
    approved(client, auth, recorded)
    packet = client.get(f"/meetings/{meeting.id}/packet.pdf")
    reader = PdfReader(io.BytesIO(packet.data))
    (mark,) = [o for o in reader.outline if not isinstance(o, list) and o.title == "Minutes"]
    first = reader.get_destination_page_number(mark)
    assert first == len(before.pages)  # the minutes' pages follow the agenda's
    text = "".join(p.extract_text() for p in reader.pages[first:])
    assert "Minutes: Autumn meeting" in text and SURVIVOR_SEAT in text
    assert SURVIVOR not in "".join(p.extract_text() for p in reader.pages)


def test_the_years_archive_keeps_the_minutes_and_the_votes(client, auth, recorded):
    meeting = recorded["meeting"]
    assert approve(client, meeting, recorded["later"]).status_code == 302
    year = meeting.local_start.year
    response = client.get(f"/committees/task-force/records/{year}.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    root = f"task-force-{year}/meetings/{meeting.local_start:%Y-%m-%d}-{meeting.id}"
    names = set(archive.namelist())
    assert {f"{root}/minutes.json", f"{root}/minutes.pdf", f"{root}/votes.csv"} <= names
    record = json.loads(archive.read(f"{root}/minutes.json"))
    assert record["minutes"]["agenda"][1]["motions"][0]["identifier"] == "2.1"
    votes = list(csv.DictReader(io.StringIO(archive.read(f"{root}/votes.csv").decode())))
    assert {(v["motion"], v["voter"], v["choice"]) for v in votes} == {
        ("2.1", "Ada Named", "yes"),
        ("2.1", "Bo Named", "no"),
        ("2.1", SURVIVOR_SEAT, "yes"),
    }
    manifest = json.loads(archive.read(f"task-force-{year}/manifest.json"))
    assert "votes" not in manifest.get("not_yet_kept", "")
    kept = {f["path"]: f["record"] for f in manifest["files"]}
    assert kept[f"{root.split('/', 1)[1]}/votes.csv"] == "minutes: roll-call votes"
    for name in (f"{root}/minutes.json", f"{root}/votes.csv", f"{root}/minutes.pdf"):
        assert SURVIVOR.encode() not in archive.read(name)
    # the archived packet ends with the approved minutes, as the public one does
    packet = PdfReader(io.BytesIO(archive.read(f"{root}/packet.pdf")))
    assert "Minutes" in [entry.title for entry in packet.outline if not isinstance(entry, list)]


def test_the_demo_has_approved_minutes_with_the_survivors_vote_by_seat(runner, client):
    first = runner.invoke(args=["seed", "--demo"])
    assert first.exit_code == 0, first.output
    assert "and 1 demo minutes" in first.output
    second = runner.invoke(args=["seed", "--demo"])
    assert "and 0 demo minutes" in second.output
    (minutes,) = db.session.scalars(select(Minutes)).all()
    assert minutes.is_approved
    assert minutes.approved_at_meeting.starts_at > minutes.meeting.starts_at
    methods = {m.method.value for m in minutes.motions()}
    assert methods == {"roll_call", "voice"}
    assert any(m.amends_id for m in minutes.motions())
    body = client.get(f"/api/v1/meetings/{minutes.meeting_id}/minutes").text
    assert "Robin Confidential" not in body and SURVIVOR_SEAT in body
    page = client.get(f"/meetings/{minutes.meeting_id}/minutes").text
    assert "Robin Confidential" not in page
    assert "Executive session" in page and "extended" in page.lower()
