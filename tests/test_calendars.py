"""Calendar feeds that calendar apps trust: stable UIDs, Pacific times, honest updates, privacy."""

import json
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from sqlalchemy import select

from committees.models import MeetingAccess
from extensions import db
from meetings.models import Meeting, MeetingStatus
from members.models import User, UserRole
from tests.fixtures.meetings import make_meeting, pacific
from tests.fixtures.members import make_user

ROOT = Path(__file__).parent.parent
ICAL_JS = ROOT / "tests" / "tools" / "ical_instants.mjs"
PLACE = "Room 4B, 1125 Washington St SE"
LINK = "https://meet.example.org/secret-room"


def events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def meetings(app, bodies):
    """Two WashACT meetings either side of the March 2027 clock change, one invitation-only."""
    closed = make_meeting(
        bodies["washact"],
        starts_at=pacific(2027, 3, 12, 10, 0),
        access=MeetingAccess.INVITATION_ONLY,
        location=PLACE,
        remote_url=LINK,
        title="Member meeting",
    )
    session = make_meeting(
        bodies["washact"],
        starts_at=pacific(2027, 3, 16, 12, 0),
        access=MeetingAccess.PUBLIC,
        location="Seattle Central Library",
        title="Information session",
    )
    db.session.commit()
    return closed, session


def test_the_public_feed_is_a_valid_calendar_with_pacific_times(client, meetings):
    closed, session = meetings
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == "inline"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["X-WR-CALNAME"]
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    found = events(response.data)
    closed_event = found[f"meeting-{closed.id}@wa-anti-trafficking-committees"]
    assert closed_event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert closed_event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 3, 12, 18, tzinfo=UTC)
    session_event = found[f"meeting-{session.id}@wa-anti-trafficking-committees"]
    # After the clock change: noon PDT is 19:00 UTC.
    assert session_event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 3, 16, 19, tzinfo=UTC)
    assert str(session_event["URL"]).endswith(f"/meetings/{session.id}")
    assert f"/meetings/{session.id}" in str(session_event["DESCRIPTION"])
    assert str(session_event["STATUS"]) == "CONFIRMED"


def test_invitation_only_details_never_reach_a_public_feed(client, meetings, bodies):
    closed, _session = meetings
    for path in ["/calendar.ics", "/committees/washact/calendar.ics", f"/meetings/{closed.id}.ics"]:
        body = client.get(path).get_data(as_text=True)
        assert "Member meeting" in body, path
        assert "Room 4B" not in body and "secret-room" not in body, path
        assert "To request an invitation" in body.replace("\r\n ", ""), path


def test_three_parsers_agree_on_every_instant(client, meetings):
    body = client.get("/calendar.ics").data
    by_icalendar = {
        str(e["uid"]): (e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
        for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }
    parsed = vobject.readOne(body.decode())
    by_vobject = {
        e.uid.value: (e.dtstart.value.astimezone(UTC), e.dtend.value.astimezone(UTC))
        for e in parsed.vevent_list
    }
    assert by_icalendar == by_vobject
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "ical.js").exists():
        pytest.skip("node or ical.js missing: run `npm ci`")
    out = subprocess.run([node, str(ICAL_JS)], input=body, capture_output=True, check=True)
    assert out.stderr == b""
    by_ical_js = {
        e["uid"]: (datetime.fromisoformat(e["start"]), datetime.fromisoformat(e["end"]))
        for e in json.loads(out.stdout)
    }
    assert by_ical_js == by_icalendar
    assert {e["tzid"] for e in json.loads(out.stdout)} == {"America/Los_Angeles"}


def test_cancelling_keeps_the_uid_and_raises_the_sequence(client, meetings):
    _closed, session = meetings
    uid = f"meeting-{session.id}@wa-anti-trafficking-committees"
    before = events(client.get("/calendar.ics").data)[uid]
    session.status = MeetingStatus.CANCELLED
    session.status_reason = "Venue flooded"
    db.session.commit()
    after = events(client.get("/calendar.ics").data)[uid]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["SUMMARY"]) == "Cancelled: Information session"
    assert "Venue flooded" in str(after["DESCRIPTION"])


def test_a_cancelled_meeting_leaves_the_feed_once_it_is_past(client, bodies):
    past = make_meeting(
        bodies["task-force"],
        starts_at=datetime.now(UTC) - timedelta(days=3),
        status=MeetingStatus.CANCELLED,
        title="Old cancelled",
    )
    held = make_meeting(
        bodies["task-force"], starts_at=datetime.now(UTC) - timedelta(days=3), title="Old held"
    )
    db.session.commit()
    body = client.get("/calendar.ics").get_data(as_text=True)
    assert "Old held" in body and "Old cancelled" not in body
    assert past.id != held.id


def test_conditional_requests_answer_304_and_a_change_shows_at_once(client, meetings):
    _closed, session = meetings
    first = client.get("/calendar.ics")
    etag = first.headers["ETag"]
    assert not first.headers["ETag"].startswith("W/")
    assert client.get("/calendar.ics", headers={"If-None-Match": etag}).status_code == 304
    since = first.headers["Last-Modified"]
    assert client.get("/calendar.ics", headers={"If-Modified-Since": since}).status_code == 304
    session.title = "Renamed session"
    db.session.commit()
    fresh = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "Renamed session" in fresh.get_data(as_text=True)
    assert fresh.headers["ETag"] != etag


def test_another_worker_sees_a_change_at_once(app_config, meetings, client):
    """Two app instances stand in for two gunicorn workers sharing one database."""
    from app import create_app

    other_worker = create_app(app_config).test_client()
    assert "Information session" in other_worker.get("/calendar.ics").get_data(as_text=True)
    _closed, session = meetings
    session.title = "Changed in worker one"
    db.session.commit()
    assert "Changed in worker one" in other_worker.get("/calendar.ics").get_data(as_text=True)


def test_a_feed_is_serialized_once_per_change(client, meetings, monkeypatch):
    import meetings.calendar_views as views

    calls = []
    real = views.build_feed

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "build_feed", counting)
    for _ in range(5):
        client.get("/committees/washact/calendar.ics")
    assert len(calls) == 1
    _closed, session = meetings
    session.location = "Elsewhere"
    db.session.commit()
    client.get("/committees/washact/calendar.ics")
    client.get("/committees/washact/calendar.ics")
    assert len(calls) == 2


def test_a_single_meeting_downloads_as_an_attachment(client, meetings):
    _closed, session = meetings
    response = client.get(f"/meetings/{session.id}.ics")
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="meeting-{session.id}.ics"'
    )
    assert len(events(response.data)) == 1
    page = client.get(f"/meetings/{session.id}").get_data(as_text=True)
    assert f"/meetings/{session.id}.ics" in page
    assert "https://calendar.google.com/calendar/render?" in page
    assert "https://outlook.live.com/calendar/0/action/compose?" in page


def test_a_member_downloading_the_meeting_file_gets_the_details(client, auth, meetings, bodies):
    closed, _session = meetings
    make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    auth.login("member@example.org")
    body = client.get(f"/meetings/{closed.id}.ics").get_data(as_text=True)
    assert "Room 4B" in body


# -- private feeds ------------------------------------------------------------------------------


@pytest.fixture
def member(client, auth, bodies):
    user = make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    auth.login("member@example.org")
    return user


def private_url(client) -> str:
    page = client.get("/members/me").get_data(as_text=True)
    start = page.index("/calendar/private/")
    return page[start : page.index(".ics", start) + 4]


def test_the_private_feed_shows_invitation_only_details(client, member, meetings):
    url = private_url(client)
    assert "webcal://" in client.get("/members/me").get_data(as_text=True)
    client.post("/logout")  # the link works without a session, as a calendar app uses it
    body = client.get(url).get_data(as_text=True).replace("\r\n ", "")
    assert "Room 4B" in body and "secret-room" in body
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token.split("-", 1)[1]) >= 43  # 256 bits, base64
    assert token not in json.dumps([u.calendar_secret for u in db.session.scalars(select(User))])


def test_a_remote_only_meeting_puts_its_link_in_private_location_only(client, member, bodies):
    remote = make_meeting(
        bodies["washact"], access=MeetingAccess.PUBLIC, remote_url=LINK, title="Remote only"
    )
    db.session.commit()
    uid = f"meeting-{remote.id}@wa-anti-trafficking-committees"
    private = events(client.get(private_url(client)).data)[uid]
    public = events(client.get("/calendar.ics").data)[uid]
    assert str(private["LOCATION"]) == LINK
    assert str(public["LOCATION"]) == "Online"
    assert LINK in str(public["DESCRIPTION"])  # the public may see a public meeting's link


def test_a_wrong_token_is_404(client, member):
    url = private_url(client)
    assert client.get(url[:-8] + "AAAA.ics").status_code == 404
    assert client.get("/calendar/private/nonsense.ics").status_code == 404
    assert client.get("/calendar/private/99999-abc.ics").status_code == 404


def test_regenerating_the_link_kills_the_old_one(client, member, meetings):
    old = private_url(client)
    client.post("/members/me/calendar-link")
    new = private_url(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_when_the_appointment_ends_the_feed_shows_what_the_public_sees(client, member, meetings):
    url = private_url(client)
    for appointment in member.person.appointments:
        appointment.start_date, appointment.end_date = date(2020, 1, 1), date(2020, 12, 31)
    db.session.commit()
    body = client.get(url).get_data(as_text=True)
    assert "Room 4B" not in body


def test_following_another_body_adds_its_public_meetings_only(client, member, bodies):
    tf_public = make_meeting(bodies["task-force"], location="Olympia room", title="TF public")
    tf_closed = make_meeting(
        bodies["task-force"],
        location="Hidden TF room",
        title="TF closed",
        access=MeetingAccess.INVITATION_ONLY,
    )
    db.session.commit()
    assert "TF public" not in client.get(private_url(client)).get_data(as_text=True)
    response = client.post("/members/me/follows", data={"committees": [bodies["task-force"].id]})
    assert response.status_code == 302
    body = client.get(private_url(client)).get_data(as_text=True)
    assert "TF public" in body and "Olympia room" in body
    assert "TF closed" in body and "Hidden TF room" not in body
    assert tf_public.id != tf_closed.id
    refused = client.post("/members/me/follows", data={"committees": ["999"]})
    assert refused.status_code == 422


class TestTokenRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"RATELIMIT_ENABLED": True}

    def test_wrong_tokens_are_rate_limited(self, client, member):
        url = private_url(client)
        statuses = [client.get(f"/calendar/private/{i}-guess.ics").status_code for i in range(31)]
        assert statuses[:30] == [404] * 30 and statuses[30] == 429
        assert client.get(url).status_code == 429  # the address is blocked for a minute


def test_the_subscribe_page_lists_every_feed(client, bodies):
    page = client.get("/subscribe").get_data(as_text=True)
    assert page.count("webcal://") == 4
    for slug in bodies:
        assert f"/committees/{slug}/calendar.ics" in page
    assert "Google Calendar" in page and "Outlook" in page and "Apple Calendar" in page
    assert "12 to 24 hours" in page


def test_unknown_feeds_are_404(client, bodies):
    assert client.get("/committees/nope/calendar.ics").status_code == 404
    assert client.get("/meetings/424242.ics").status_code == 404
    assert db.session.scalar(select(Meeting)) is None


def test_repeat_polls_are_answered_before_flask_with_the_same_headers(client, meetings, app):
    first = client.get("/committees/washact/calendar.ics")
    app.view_functions["calendars.committee_feed"] = lambda slug: ("not reached", 500)
    repeat = client.get("/committees/washact/calendar.ics")
    assert repeat.status_code == 200 and repeat.data == first.data
    for header in [
        "ETag",
        "Last-Modified",
        "Content-Type",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Cache-Control",
        "Content-Disposition",
    ]:
        assert repeat.headers[header] == first.headers[header], header
    head = client.head("/committees/washact/calendar.ics")
    assert head.status_code == 200 and head.data == b""
    not_modified = client.get(
        "/committees/washact/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert not_modified.status_code == 304
    assert not_modified.headers["Content-Security-Policy"]


def test_a_public_meetings_file_is_public_and_a_closed_ones_is_private_for_insiders(
    client, auth, bodies
):
    from tests.fixtures.members import make_user

    open_meeting = make_meeting(bodies["task-force"], access=MeetingAccess.PUBLIC, title="Open")
    closed = make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY, title="Closed")
    db.session.commit()
    assert b"CLASS:PUBLIC" in client.get(f"/meetings/{open_meeting.id}.ics").data
    make_user("staff@example.org", committees=[bodies["washact"]])
    auth.login("staff@example.org")
    assert b"CLASS:PUBLIC" in client.get(f"/meetings/{open_meeting.id}.ics").data
    assert b"CLASS:PRIVATE" in client.get(f"/meetings/{closed.id}.ics").data


def test_one_click_subscribe_links_are_built_from_the_feed_address():
    from meetings.calendar_links import subscribe_links

    links = dict(subscribe_links("https://example.org/calendar.ics", "All meetings"))
    assert links["Apple Calendar"] == "webcal://example.org/calendar.ics"
    assert links["Google Calendar"].endswith("cid=webcal%3A%2F%2Fexample.org%2Fcalendar.ics")
    assert "url=https%3A%2F%2Fexample.org%2Fcalendar.ics&name=All+meetings" in links["Outlook.com"]
    assert links["Office 365"].startswith("https://outlook.office.com/calendar/0/addfromweb?")


def test_feeds_let_any_http_cache_serve_polls(client, bodies):
    for path in ["/calendar.ics", "/committees/washact/calendar.ics"]:
        cache = client.get(path).headers["Cache-Control"]
        assert cache.startswith("public, max-age=") and "stale-while-revalidate=" in cache, path


def test_feeds_carry_the_past_years_meetings_and_every_upcoming_one_up_to_a_cap(
    app, client, bodies
):
    now = datetime.now(UTC)
    for title, when in [
        ("Thirteen months ago", now - timedelta(days=400)),
        ("Eleven months ago", now - timedelta(days=330)),
        ("Last week", now - timedelta(days=7)),
        ("Next year", now + timedelta(days=400)),
    ]:
        make_meeting(bodies["task-force"], starts_at=when, title=title)
    db.session.commit()
    for path in ["/calendar.ics", "/committees/task-force/calendar.ics"]:
        titles = {str(e["summary"]) for e in events(client.get(path).data).values()}
        assert titles == {"Eleven months ago", "Last week", "Next year"}, path
    # At the cap, upcoming meetings stay and the oldest past ones go first.
    app.config["FEED_MAX_EVENTS"] = 2
    make_meeting(bodies["task-force"], starts_at=now + timedelta(days=30), title="Next month")
    db.session.commit()
    titles = {str(e["summary"]) for e in events(client.get("/calendar.ics").data).values()}
    assert titles == {"Next month", "Next year"}
    # Under it, the most recent past ones fill what is left.
    app.config["FEED_MAX_EVENTS"] = 3
    make_meeting(bodies["task-force"], starts_at=now - timedelta(days=1), title="Yesterday")
    db.session.commit()
    titles = {str(e["summary"]) for e in events(client.get("/calendar.ics").data).values()}
    assert titles == {"Yesterday", "Next month", "Next year"}
