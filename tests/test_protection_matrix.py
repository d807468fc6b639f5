"""Every route, as every viewer, on the records of two bodies, answers as `tests/policy.py` says.

Body A is WashACT (member meetings by invitation), body B the Task Force; each gets the same
records. Every request runs in a SAVEPOINT that is rolled back afterwards, so a POST (sent with an
empty form) never changes what the next request finds. Mismatches are collected and reported once,
as a table.
"""

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import scoped_session, sessionmaker

from accommodations.models import AccommodationRequest
from applications.models import SeatApplication
from applications.services import apply
from comments.models import CommentKind, PublicComment
from committees.models import MeetingAccess, Organization, SeatCategory
from core.time import today_pacific, utcnow
from extensions import db
from invitations.models import InvitationRequest
from meetings.minutes import ExecutivePurpose, ExecutiveSession, VoteMethod
from meetings.minutes_services import add_motion, approve_minutes, start_minutes
from meetings.models import Document, DocumentKind, DocumentVisibility
from meetings.postings import publish_agenda
from meetings.services import upload_folder
from meetings.uploads import store
from members.models import UserRole
from notify.models import OutboxMessage, OutboxStatus
from public_requests.states import RequestStatus
from tests.fixtures.committees import appoint, make_person, make_seat_type, seat
from tests.fixtures.meetings import PDF_BYTES, FakeUpload, add_item, make_document, make_meeting
from tests.fixtures.members import AuthActions, make_user
from tests.policy import (
    BODIES,
    CONTRACT_ROUTES,
    DEFAULT_RECORDS,
    GUEST_ROUTES,
    POLICY,
    VARIANTS,
    VIEWERS,
    routes_in_table,
)

IGNORED_METHODS = {"HEAD", "OPTIONS"}
FORGED_TOKEN = "1-forged.token-value"
REDIRECTS = {301, 302, 303, 307, 308}
# The seat each body's ordinary appointee holds (open-ended or roomy), and its consent seat.
PLAIN_SEAT = {"A": "member", "B": "organization"}
CONSENT_SEAT = "survivor"


def url_map_routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - IGNORED_METHODS
    }


# -- the records ----------------------------------------------------------------------------------


def email_of(viewer: str) -> str:
    return f"{viewer.replace('_', '-')}@example.org"


@pytest.fixture
def world(app, bodies) -> dict[str, dict]:
    """Each body's records by name, as the ids (and slug, and guest links) URLs are made of."""
    a, b = bodies[BODIES["A"]], bodies[BODIES["B"]]
    make_seat_type(
        a,
        CONSENT_SEAT,
        count=1,
        label="Survivor of human trafficking",
        category=SeatCategory.SURVIVOR,
        requires_name_consent=True,
        accepts_applications=True,
    )
    seat(b, CONSENT_SEAT).accepts_applications = True
    db.session.commit()
    accounts = {
        "member_a": make_user(email_of("member_a"), UserRole.MEMBER, [a]),
        "member_b": make_user(email_of("member_b"), UserRole.MEMBER, [b]),
        "staff_a": make_user(email_of("staff_a"), UserRole.STAFF, [a]),
        "staff_b": make_user(email_of("staff_b"), UserRole.STAFF, [b]),
        "staff_ab": make_user(email_of("staff_ab"), UserRole.STAFF, [a, b]),
        "admin": make_user(email_of("admin"), UserRole.ADMIN),
    }
    shared_person = make_person("Shay Shared", email="shared@example.org")
    shared = {
        "shared_person": shared_person,
        "unseated_person": make_person("Una Unseated", email="unseated@example.org"),
        "shared_organization": organization("Both Bodies Network"),
        "unused_organization": organization("Nobody's Network"),
    }
    world = {}
    for key, committee in [("A", a), ("B", b)]:
        records = body_records(key, committee)
        appoint(
            shared_person,
            seat(committee, PLAIN_SEAT[key]),
            organization=shared["shared_organization"],
        )
        world[key] = records | shared | {"member_account": accounts["member_" + key.lower()]}
    db.session.commit()
    ids = {
        key: {name: record.id for name, record in records.items()} for key, records in world.items()
    }
    for key, other in [("A", "B"), ("B", "A")]:
        ids[key] |= {
            "slug": BODIES[key],
            "guest_token": guest_link(world[key]),
            "other_guest_token": guest_link(world[other]),
        }
    return ids


def organization(name: str) -> Organization:
    record = Organization(name=name)
    db.session.add(record)
    db.session.flush()
    return record


def body_records(key: str, committee) -> dict:
    meeting = make_meeting(
        committee, access=MeetingAccess.INVITATION_ONLY, title=f"{key} member meeting"
    )
    item = add_item(meeting, f"{key} case briefing")
    public_doc = make_document(meeting, DocumentVisibility.PUBLIC, title=f"{key} packet")
    members_doc = make_document(meeting, DocumentVisibility.MEMBERS_ONLY, title=f"{key} briefing")
    draft_minutes = make_document(
        meeting, DocumentVisibility.PUBLIC, DocumentKind.MINUTES, title=f"{key} draft minutes"
    )
    publish_agenda(meeting, meeting.starts_at - timedelta(days=20), None)
    executive_session = ExecutiveSession(
        meeting=meeting,
        purpose=ExecutivePurpose.EMPLOYMENT_APPLICANT,
        starts_at=meeting.starts_at + timedelta(minutes=30),
        expected_end_at=meeting.starts_at + timedelta(minutes=45),
    )
    db.session.add(executive_session)
    minutes = start_minutes(meeting)  # a draft, with a motion
    motion = add_motion(
        minutes.items[0],
        text=f"{key} motion",
        mover=None,
        seconder=None,
        amends=None,
        method=VoteMethod.ROLL_CALL,
        declared_result=None,
    )
    minuted = make_meeting(
        committee, utcnow() - timedelta(days=30), MeetingAccess.PUBLIC, title=f"{key} minuted"
    )
    add_item(minuted, f"{key} minuted item")
    publish_agenda(minuted, minuted.starts_at - timedelta(days=2), None)
    approve_minutes(start_minutes(minuted), meeting, None)
    open_meeting = make_meeting(committee, access=MeetingAccess.PUBLIC, title=f"{key} open")
    open_doc = make_document(open_meeting, DocumentVisibility.PUBLIC, title=f"{key} open packet")

    own_organization = organization(f"Only {committee.short_name} Shelter")
    appointee = make_person(f"{key} Appointee", email=f"appointee-{key.lower()}@example.org")
    appointment = appoint(
        appointee, seat(committee, PLAIN_SEAT[key]), organization=own_organization
    )
    consent_seat = seat(committee, CONSENT_SEAT)
    protected = make_person(f"{key} Protected", email=f"protected-{key.lower()}@example.org")
    appoint(protected, consent_seat)

    requests = {
        name: invitation_request(committee, meeting, name, status)
        for name, status in [
            ("pending_request", RequestStatus.PENDING),
            ("approved_request", RequestStatus.APPROVED),
            ("unconfirmed_request", RequestStatus.UNCONFIRMED),
        ]
    }
    application = seat_application(committee, consent_seat, f"applicant-{key.lower()}")
    application.status, application.confirmed_at = RequestStatus.RECEIVED, utcnow()
    unconfirmed = seat_application(committee, consent_seat, f"unconfirmed-{key.lower()}")
    accommodations = {
        name: AccommodationRequest(
            committee=committee,
            meeting=meeting,
            email=f"{name.replace('_', '-')}-{committee.slug}@example.org",
            needs=["captioning"],
            status=status,
            confirmed_at=utcnow() if status is RequestStatus.PENDING else None,
        )
        for name, status in [
            ("pending_accommodation", RequestStatus.PENDING),
            ("unconfirmed_accommodation", RequestStatus.UNCONFIRMED),
        ]
    }
    db.session.add_all(accommodations.values())
    comments = public_comments(key, committee, open_meeting)
    failed_mail = OutboxMessage(
        committee_id=committee.id,
        recipient=f"bounced-{key.lower()}@example.org",
        subject=f"{key} notice",
        text_body="",
        html_body="",
        status=OutboxStatus.FAILED,
        last_error="550 no such user",
    )
    db.session.add(failed_mail)
    db.session.flush()
    return (
        requests
        | accommodations
        | comments
        | {
            "failed_mail": failed_mail,
            "open_meeting": open_meeting,
            "meeting": meeting,
            "item": item,
            "executive_session": executive_session,
            "minutes_item": minutes.items[0],
            "motion": motion,
            "approved_minutes_meeting": minuted,
            "public_doc": public_doc,
            "members_doc": members_doc,
            "draft_minutes": draft_minutes,
            "open_doc": open_doc,
            "seat_type": consent_seat,
            "appointment": appointment,
            "appointee": appointee,
            "protected_person": protected,
            "organization": own_organization,
            "application": application,
            "attachment": application.attachments[0],
            "unconfirmed_application": unconfirmed,
            "unconfirmed_attachment": unconfirmed.attachments[0],
        }
    )


def invitation_request(committee, meeting, name: str, status: RequestStatus) -> InvitationRequest:
    confirmed = status is not RequestStatus.UNCONFIRMED
    request = InvitationRequest(
        committee=committee,
        meeting=meeting,
        name=f"Guest {name}",
        email=f"{name.replace('_', '-')}-{committee.slug}@example.org",
        reason="I coordinate victim services.",
        status=status,
        confirmed_at=utcnow() if confirmed else None,
        decided_at=utcnow() if status is RequestStatus.APPROVED else None,
    )
    db.session.add(request)
    db.session.flush()
    return request


def seat_application(committee, seat_type, name: str) -> SeatApplication:
    with current_app.test_request_context():  # the confirmation e-mail's links need one
        return apply(
            committee,
            seat_type,
            name=name.replace("-", " ").title(),
            email=f"{name}@example.org",
            phone="",
            organization="",
            statement="Ten years of victim services.",
            upload=FakeUpload(PDF_BYTES, "cv.pdf"),
            language="en",
            now=utcnow(),
        )


def public_comments(key: str, committee, open_meeting) -> dict[str, PublicComment]:
    """A confirmed comment with a file on the open meeting (the members' until it starts), an
    unconfirmed one, and two on a meeting under way: on the public record, and withheld."""
    begun = make_meeting(
        committee, utcnow() - timedelta(minutes=30), MeetingAccess.PUBLIC, title=f"{key} begun"
    )
    comments = {}
    for name, meeting, status in [
        ("comment", open_meeting, RequestStatus.RECEIVED),
        ("unconfirmed_comment", open_meeting, RequestStatus.UNCONFIRMED),
        ("public_comment", begun, RequestStatus.RECEIVED),
        ("withheld_comment", begun, RequestStatus.RECEIVED),
    ]:
        stored = store(io.BytesIO(PDF_BYTES), upload_folder(), "letter.pdf")
        comments[name] = PublicComment(
            meeting=meeting,
            committee_id=committee.id,
            kind=CommentKind.WRITTEN,
            text=f"{key} {name}",
            email=f"{name.replace('_', '-')}-{committee.slug}@example.org",
            status=status,
            confirmed_at=utcnow() if status is RequestStatus.RECEIVED else None,
            attachment_name=stored.filename,
            attachment_stored_name=stored.name,
            attachment_content_type=stored.kind.content_type,
            attachment_size=stored.size,
        )
    comments["withheld_comment"].withheld_reason = "Personal data of others."
    comments["withheld_comment"].withheld_at = utcnow()
    db.session.add_all(comments.values())
    return comments


def guest_link(records: dict) -> str | None:
    """The approved guest's token for the body's meeting, once the contract's module exists."""
    try:
        from invitations.guests import guest_token
    except ImportError:
        return None
    return guest_token(records["approved_request"], records["meeting"])


# -- requests that leave no trace ---------------------------------------------------------------


class RolledBack:
    """Runs each request in its own app context and SAVEPOINT, and undoes what it did.

    Flask-SQLAlchemy 3.1's Session.get_bind ignores a session-level bind, so for the walk the
    app's `db.session` is a plain SQLAlchemy session on one connection, joined by savepoint."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.uploads = Path(app.config["UPLOAD_FOLDER"])
        self.files = {p: p.read_bytes() for p in self.uploads.rglob("*") if p.is_file()}

    @contextmanager
    def session(self) -> Iterator["RolledBack"]:
        self.connection = db.engine.connect()
        outer = self.connection.begin()
        original = db.session
        db.session = scoped_session(
            sessionmaker(bind=self.connection, join_transaction_mode="create_savepoint")
        )
        try:
            yield self
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            self.connection.close()

    def open(self, client, method: str, url: str, data: dict | None = None):
        cookies = dict(client._cookies)  # a POST /logout must not sign the viewer out for good
        savepoint = self.connection.begin_nested()
        try:
            with self.app.app_context():  # a fresh `g`: Flask-Login keeps the user there
                return client.open(url, method=method, data=data, buffered=True)
        finally:
            db.session.remove()
            savepoint.rollback()
            client._cookies.clear()
            client._cookies.update(cookies)
            if method == "POST":
                self.restore_files()

    def restore_files(self) -> None:
        """A deleted document's file goes after the commit; the rollback does not bring it back."""
        for path, data in self.files.items():
            if not path.is_file():
                path.write_bytes(data)
        for path in self.uploads.rglob("*"):
            if path.is_file() and path not in self.files:
                path.unlink()


@pytest.fixture
def clients(app, world) -> dict:
    """One test client per viewer, signed in once through the real login form."""
    clients = {}
    for viewer in VIEWERS:
        client = app.test_client()
        if viewer not in {"anonymous", "guest"}:
            with app.app_context():
                response = AuthActions(client).login(email_of(viewer))
            assert response.status_code == 302, viewer
        clients[viewer] = client
    return clients


# -- the walk -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    variant: str

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint}" + (f" [{self.variant}]" if self.variant else "")


def walkable_rows(app: Flask) -> list[Row]:
    """The table's rows whose route exists (the contract's new routes may not yet)."""
    present = url_map_routes(app)
    return [Row(*key) for key in POLICY if key[:2] in present]


def url_for_row(app: Flask, row: Row, records: dict, viewer: str) -> str:
    (rule,) = [r for r in app.url_map.iter_rules(row.endpoint) if row.method in r.methods]
    overrides = VARIANTS[row.variant]
    values = {}
    for argument in rule.arguments:
        values[argument] = argument_value(row, argument, overrides, records, viewer)
    values |= dict(parse_qsl(overrides.get("?", "")))
    return app.url_map.bind("localhost").build(row.endpoint, values, method=row.method)


def argument_value(row: Row, argument: str, overrides: dict, records: dict, viewer: str):
    if argument == "slug":
        return records["slug"]
    if argument == "year":
        return today_pacific().year
    if argument == "version":
        return 1  # the meeting's agenda is posted once
    if argument == "token":
        return token_for(row, overrides, records, viewer)
    if argument in {"purpose", "decision", "outcome"}:
        defaults = {"purpose": "reset", "decision": "approve", "outcome": "arranged"}
        return overrides.get(argument, defaults[argument])
    return records[overrides.get(argument, DEFAULT_RECORDS[argument])]


def token_for(row: Row, overrides: dict, records: dict, viewer: str) -> str:
    if row.endpoint in GUEST_ROUTES and viewer == "guest":
        token = records[overrides.get("token", "guest_token")]
        assert token, "invitations.guests.guest_token is missing"
        return token
    return FORGED_TOKEN


def outcome(response) -> str:
    """allowed, refused, or the status itself when it is neither."""
    status = response.status_code
    if status >= 500:
        return str(status)
    if status in REDIRECTS:
        return "refused" if urlsplit(response.location).path == "/login" else "allowed"
    if status in {403, 404}:
        return "refused"
    if status < 400 or status in {400, 409, 422}:
        return "allowed"
    return str(status)


@dataclass
class Mismatch:
    row: Row
    viewer: str
    body: str
    expected: str
    got: str

    def line(self) -> str:
        return f"{self.row!s:<62} {self.viewer:<10} {self.body:<2} {self.expected:<11} {self.got}"


def walk(app: Flask, world: dict, clients: dict, body: str) -> tuple[list[Mismatch], int]:
    mismatches, requests = [], 0
    rolled_back = RolledBack(app)
    with rolled_back.session():
        for row in walkable_rows(app):
            rule = POLICY[(row.endpoint, row.method, row.variant)]
            for viewer in VIEWERS:
                url = url_for_row(app, row, world[body], viewer)
                requests += 1
                allowed = rule(viewer, body)
                if "token" in url_arguments(app, row) and not allowed:
                    expected = "404"  # a bad link is a 404, whoever follows it
                else:
                    expected = "allowed" if allowed else "refused"
                try:
                    response = rolled_back.open(clients[viewer], row.method, url)
                except Exception as error:  # TESTING propagates what would be a 500
                    got = f"500 {type(error).__name__}: {error}"[:80]
                else:
                    got = str(response.status_code)
                    if response.status_code in REDIRECTS:
                        got += f" -> {urlsplit(response.location).path}"
                    if expected in {outcome(response), got}:
                        continue
                mismatches.append(Mismatch(row, viewer, body, expected, got))
    return mismatches, requests


def url_arguments(app: Flask, row: Row) -> set[str]:
    return {a for r in app.url_map.iter_rules(row.endpoint) for a in r.arguments}


def report(mismatches: list[Mismatch]) -> str:
    header = f"{'route':<62} {'viewer':<10} {'':<2} {'expected':<11} got"
    return "\n".join(
        [f"{len(mismatches)} answers differ from tests/policy.py:", header]
        + [m.line() for m in mismatches]
    )


# -- the tests ----------------------------------------------------------------------------------


def test_the_policy_table_names_every_route(app):
    in_table = routes_in_table()
    missing = sorted(url_map_routes(app) - in_table)
    assert not missing, "Routes with no row in tests/policy.py POLICY: " + ", ".join(
        f"{method} {endpoint}" for endpoint, method in missing
    )
    # Rows for routes that do not exist: allowed only for the contract's routes still to come.
    stale = sorted((e, m) for e, m in in_table - url_map_routes(app) if e not in CONTRACT_ROUTES)
    assert not stale, "Rows in tests/policy.py for routes the app does not have: " + ", ".join(
        f"{method} {endpoint}" for endpoint, method in stale
    )
    assert all(variant in VARIANTS for _e, _m, variant in POLICY)


def test_the_matrix_has_a_size_to_quote(app):
    rows = walkable_rows(app)
    routes = {(r.endpoint, r.method) for r in rows}
    size = len(rows) * len(VIEWERS) * len(BODIES)
    print(
        f"\nprotection matrix: {len(routes)} routes ({len(rows)} rows with variants) "
        f"x {len(VIEWERS)} viewers x {len(BODIES)} bodies = {size} requests"
    )
    assert size > 0


def test_a_rolled_back_post_leaves_the_record_for_the_next_request(app, world, clients):
    document_id = world["A"]["open_doc"]  # on no posted agenda: it may be deleted
    rolled_back = RolledBack(app)
    with rolled_back.session():
        deleted = rolled_back.open(
            clients["admin"], "POST", f"/documents/{document_id}/delete", {"confirmed": "yes"}
        )
        assert deleted.status_code == 302
        download = rolled_back.open(clients["admin"], "GET", f"/documents/{document_id}/download")
        assert download.status_code == 200 and download.data == PDF_BYTES
        signed_out = rolled_back.open(clients["admin"], "POST", "/logout")
        assert signed_out.status_code == 302
        assert rolled_back.open(clients["admin"], "GET", "/admin/audit").status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(Document.id).where(Document.id == document_id))


@pytest.mark.parametrize("body", sorted(BODIES))
def test_every_route_answers_every_viewer_as_the_policy_says(app, world, clients, body):
    started = time.perf_counter()
    mismatches, requests = walk(app, world, clients, body)
    print(f"\nbody {body}: {requests} requests in {time.perf_counter() - started:.1f} s")
    assert requests > 0
    assert not mismatches, report(mismatches)
