"""Nothing protected leaks: a survivor named without consent, and invitation-only meetings.

A world is seeded with unique strings and driven through the real app: the public subscribes,
guests ask for invitations and are approved, someone applies for the survivor seat, staff publish,
change and cancel meetings, and the worker sends everything (reminders and alerts included) to a
real SMTP server. Then every e-mail to someone outside the owning body, and every page, feed, API
answer and CSV that the public, members and staff of other bodies, and a guest of another meeting
can reach, is searched for every string that viewer may not see.

Each secret names who may see it; a leak is reported with the URL (or recipient and subject).
"""

from __future__ import annotations

import html
import io
import re
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import unquote_plus, urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from applications.models import ApplicationAttachment, SeatApplication
from comments.models import PublicComment
from committees.models import (
    Appointment,
    Committee,
    MeetingAccess,
    Organization,
    Person,
    SeatType,
    TrainingRecord,
    organization_named,
)
from core.time import PACIFIC, today_pacific
from extensions import db
from invitations.guests import guest_token
from invitations.models import InvitationRequest
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Document,
    DocumentKind,
    DocumentVisibility,
    Meeting,
    MeetingKind,
)
from meetings.postings import publish_agenda
from meetings.services import add_document
from members.models import User, UserRole
from notify.models import OutboxMessage, OutboxStatus
from public_requests.states import RequestStatus
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.mail import RefusingInbox, SmtpServer, mail_config
from tests.fixtures.meetings import FakeUpload, add_item, make_meeting
from tests.fixtures.members import PASSWORD, make_user

# -- who is who ------------------------------------------------------------------------------------

TF_STAFF, WA_STAFF, CSEC_STAFF, ADMIN = "tf-staff", "washact-staff", "csec-staff", "admin"
TF_MEMBER, WA_MEMBER, CSEC_MEMBER = "tf-member", "washact-member", "csec-member"
PUBLIC, SUBSCRIBER, DECLINED = "public", "subscriber", "declined-requester"
GUEST_A, GUEST_A2, GUEST_B = "guest-of-A", "bounced-guest-of-A", "guest-of-B"
REQUESTER, APPLICANT, SURVIVOR = "pending-requester", "applicant", "survivor"

ACCOUNTS = {
    TF_STAFF: (UserRole.STAFF, "task-force"),
    WA_STAFF: (UserRole.STAFF, "washact"),
    CSEC_STAFF: (UserRole.STAFF, "csec-committee"),
    ADMIN: (UserRole.ADMIN, None),
    TF_MEMBER: (UserRole.MEMBER, "task-force"),
    WA_MEMBER: (UserRole.MEMBER, "washact"),
    CSEC_MEMBER: (UserRole.MEMBER, "csec-committee"),
}

STAFF_OF = {"task-force": {TF_STAFF, ADMIN}, "washact": {WA_STAFF, ADMIN}}
INSIDERS_OF = {
    "task-force": STAFF_OF["task-force"] | {TF_MEMBER},
    "washact": STAFF_OF["washact"] | {WA_MEMBER},
}


def address(who: str) -> str:
    return f"{who.lower()}@example.org"


# -- the unique strings, and who may see each ----------------------------------------------------


@dataclass(frozen=True)
class Secret:
    """Strings about one thing, and the audiences allowed to see them."""

    what: str
    strings: dict[str, str]
    allowed: frozenset[str]

    def needles(self) -> Iterator[tuple[str, str]]:
        for label, value in self.strings.items():
            yield label, value
            if label == "name":  # half a name is still a name
                for part in value.split():
                    yield "part of the name", part


def secret(what: str, allowed: set[str], **strings: str) -> Secret:
    return Secret(what, {k.replace("_", " "): v for k, v in strings.items()}, frozenset(allowed))


def pdf(text: str) -> bytes:
    return f"%PDF-1.4\n% {text}\n%%EOF\n".encode()


SURVIVOR_PERSON = secret(
    "the survivor (no consent)",
    STAFF_OF["task-force"] | {SURVIVOR},
    name="Thessaly Vornquist",
    email="t.vornquist@example.net",
    title="Peer Navigator Kestrowan",
    organization="Brackenfold Survivor Collective",
)
APPLICATION = secret(
    "the survivor-seat application",
    STAFF_OF["task-force"] | {APPLICANT},
    name="Perpetua Oakhurst",
    email="perpetua.oakhurst@example.net",
    phone="360-555-0187",
    organization="Oakhurst Recovery Circle",
    statement="I lived through the Gravelin ordeal",
    attachment_filename="oakhurst-story.pdf",
    attachment_text="Oakhurst personal story text",
)
TF_PRIVATE_DOCUMENTS = secret(
    "the Task Force public meeting's members-only document and draft minutes",
    INSIDERS_OF["task-force"],
    members_only_title="Larkspur Internal Draft",
    members_only_filename="larkspur-internal-draft.pdf",
    members_only_text="Larkspur internal text",
    draft_minutes_title="Pemberlake Draft Minutes",
    draft_minutes_filename="pemberlake-draft-minutes.pdf",
    draft_minutes_text="Pemberlake minutes text",
)


def closed_meeting_secrets(tag: str, words: list[str], guest: str) -> tuple[Secret, Secret]:
    """A closed meeting's details (its guest may see them) and its members-only document."""
    w = words
    details = secret(
        f"closed meeting {tag}: details",
        INSIDERS_OF["washact"] | {guest},
        place=f"{w[0]} Hall Room 4417",
        remote_link=f"https://meet.example.org/{w[0].lower()}-zq{tag.lower()}",
        dial_in=f"+1 555 0142 pin 88{ord(tag)}3",
        business=f"Review of the {w[1]} referral protocol",
        agenda_item=f"{w[2]} case coordination",
        presenter=f"Morwenna {w[3]}",
        agenda_description=f"Findings from the {w[4]} corridor review",
        public_document_title=f"{w[5]} Public Packet",
        public_document_filename=f"{w[5].lower()}-public-packet.pdf",
        public_document_text=f"{w[5]} packet text",
    )
    members_only = secret(
        f"closed meeting {tag}: members-only document",
        INSIDERS_OF["washact"],
        title=f"{w[6]} Sealed Briefing",
        filename=f"{w[6].lower()}-sealed-briefing.pdf",
        text=f"{w[6]} briefing text",
    )
    return details, members_only


A_DETAILS, A_MEMBERS_ONLY = closed_meeting_secrets(
    "A", ["Ostrander", "Calloway", "Qelvarin", "Halloch", "Tarnwick", "Velloran", "Wystan"], GUEST_A
)
B_DETAILS, B_MEMBERS_ONLY = closed_meeting_secrets(
    "B",
    ["Quillmarsh", "Brisenden", "Harrowgate", "Finchley", "Dunmoral", "Esperline", "Marrowfield"],
    GUEST_B,
)
N_DETAILS = secret(
    "closed meeting N (scheduled through the staff form)",
    INSIDERS_OF["washact"],
    place="Halvorsen Depot Room 12",
    remote_link="https://meet.example.org/halvorsen-n12",
    dial_in="+1 555 0112 pin 31337",
    business="Halvorsen interagency business",
)
GUEST_A_PERSON = secret(
    "meeting A's guest",
    STAFF_OF["washact"] | {GUEST_A},
    name="Ilsabet Crunmore",
    email="ilsabet.crunmore@example.net",
    organization="Fenwright Harbor Services",
    reason="I coordinate Fenwright shelter intake",
)
GUEST_A2_PERSON = secret(
    "meeting A's guest whose mail bounces",
    STAFF_OF["washact"] | {GUEST_A2},
    name="Orrin Pellimore",
    email="orrin.pellimore@example.net",
    organization="Pellimore Outreach",
    reason="Pellimore mobile outreach lead",
)
GUEST_B_PERSON = secret(
    "meeting B's guest",
    STAFF_OF["washact"] | {GUEST_B},
    name="Tobias Wrenhaven",
    email="tobias.wrenhaven@example.net",
    organization="Wrenhaven Clinic",
    reason="Wrenhaven clinic forensic nurse",
)
REQUESTER_PERSON = secret(
    "a confirmed, undecided invitation request",
    STAFF_OF["washact"] | {REQUESTER},
    name="Caspian Droulet",
    email="caspian.droulet@example.net",
    organization="Droulet Advocacy Works",
    reason="Droulet dissertation fieldwork",
)

SECRETS = [
    SURVIVOR_PERSON,
    APPLICATION,
    TF_PRIVATE_DOCUMENTS,
    A_DETAILS,
    A_MEMBERS_ONLY,
    B_DETAILS,
    B_MEMBERS_ONLY,
    N_DETAILS,
    GUEST_A_PERSON,
    GUEST_A2_PERSON,
    GUEST_B_PERSON,
    REQUESTER_PERSON,
]

DECLINED_EMAIL = "declined@example.net"
FAN_EMAIL = "fan@example.net"


def audience_of(email: str) -> str:
    """Who an address belongs to; an unknown address is the public."""
    known = {address(who): who for who in ACCOUNTS} | {
        SURVIVOR_PERSON.strings["email"]: SURVIVOR,
        APPLICATION.strings["email"]: APPLICANT,
        GUEST_A_PERSON.strings["email"]: GUEST_A,
        GUEST_A2_PERSON.strings["email"]: GUEST_A2,
        GUEST_B_PERSON.strings["email"]: GUEST_B,
        REQUESTER_PERSON.strings["email"]: REQUESTER,
        FAN_EMAIL: SUBSCRIBER,
        DECLINED_EMAIL: DECLINED,
    }
    return known.get(email.strip().lower(), PUBLIC)


def searchable(text: str) -> str:
    """The text as a reader would see it: HTML entities, URL escapes and iCal folding undone."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    ical = unfolded.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
    return "\n".join([text, unfolded, ical, html.unescape(text), unquote_plus(text)]).lower()


def leaks_in(text: str, audience: str) -> list[str]:
    haystack = searchable(text)
    return [
        f"{s.what}: {label} {needle!r}"
        for s in SECRETS
        if audience not in s.allowed
        for label, needle in s.needles()
        if needle.lower() in haystack
    ]


def seen_in(text: str, what: Secret, label: str) -> bool:
    return what.strings[label].lower() in searchable(text)


# -- mail ----------------------------------------------------------------------------------------


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.inbox = RefusingInbox()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


def message_text(message: EmailMessage) -> str:
    """Every header, every text and HTML part, and every attachment (such as an .ics)."""
    chunks = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.is_multipart():
            continue
        chunks.extend(f"{name}: {value}" for name, value in part.items())
        if part.get_content_maintype() == "text":
            chunks.append(part.get_content())
        else:
            chunks.append((part.get_payload(decode=True) or b"").decode("utf-8", "replace"))
    return "\n".join(chunks)


def link_in(smtp: SmtpServer, to: str, path: str) -> str:
    """The last link under `path` e-mailed to `to`, as a path on this site."""
    for message in reversed(smtp.inbox.to(to)):
        found = re.search(rf"http://127\.0\.0\.1:5000(/{path}/[^\s\"<>]+)", message_text(message))
        if found:
            return found[1]
    raise AssertionError(f"no /{path}/ link was e-mailed to {to}")


# -- driving the app -----------------------------------------------------------------------------


def client_for(app: Flask) -> FlaskClient:
    return app.test_client()  # a FreshClient (tests/conftest.py): each request starts with no `g`


def signed_in(app: Flask, who: str) -> FlaskClient:
    client = client_for(app)
    response = client.post("/login", data={"email": address(who), "password": PASSWORD})
    assert response.status_code == 302, f"{who} could not sign in"
    return client


def done(response, action: str, expected: int = 302) -> None:
    assert response.status_code == expected, (
        f"{action}: answered {response.status_code}, expected {expected}"
    )


def deliver(runner) -> None:
    """What the worker does each round: periodic jobs (reminders, alerts), then send the outbox."""
    result = runner.invoke(args=["mail", "send-queued"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    db.session.expire_all()


def upload(client, meeting: Meeting, title: str, filename: str, text: str) -> None:
    """A members-only document, through the staff form (members are told of it)."""
    data = {"title": title, "kind": "report", "visibility": "members_only"}
    data["file"] = (io.BytesIO(pdf(text)), filename)
    response = client.post(
        f"/meetings/{meeting.id}/documents", data=data, content_type="multipart/form-data"
    )
    done(response, f"uploading {title!r}")


def meeting_form(meeting: Meeting, day: date, start: str, end: str, **fields) -> dict:
    return {
        "kind": meeting.kind.value,
        "title": meeting.title,
        "day": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "access": meeting.access.value,
        "location": meeting.location,
        "remote_url": meeting.remote_url,
        "remote_dial_in": meeting.remote_dial_in,
        "business": meeting.business,
    } | fields


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PACIFIC)


def closed_meeting(
    committee: Committee, title: str, day: date, details: Secret, members_only: Secret
) -> Meeting:
    s, m = details.strings, members_only.strings
    meeting = make_meeting(
        committee,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        access=MeetingAccess.INVITATION_ONLY,
        title=title,
        location=s["place"],
        remote_url=s["remote link"],
        remote_dial_in=s["dial in"],
        business=s["business"],
    )
    add_item(
        meeting, s["agenda item"], presenter=s["presenter"], description=s["agenda description"]
    )
    for title_, filename, text, visibility in [
        (
            s["public document title"],
            s["public document filename"],
            s["public document text"],
            DocumentVisibility.PUBLIC,
        ),
        (m["title"], m["filename"], m["text"], DocumentVisibility.MEMBERS_ONLY),
    ]:
        add_document(
            meeting, FakeUpload(pdf(text), filename), title_, DocumentKind.REPORT, visibility, None
        )
    return meeting


def request_invitation(client, smtp, runner, meeting: Meeting | None, **fields: str) -> None:
    """Ask for an invitation through the public form and confirm it from the e-mail."""
    form = {"organization": "", "meeting": str(meeting.id) if meeting else ""} | fields
    done(client.post("/committees/washact/request-invitation", data=form), "requesting")
    deliver(runner)
    done(client.post(link_in(smtp, fields["email"], "invitations/confirm")), "confirming", 200)


def request_of(email: str) -> InvitationRequest:
    return db.session.scalar(select(InvitationRequest).where(InvitationRequest.email == email))


@dataclass
class World:
    meetings: dict[str, Meeting]
    guest_a_token: str
    years: list[int]


@pytest.fixture
def world(app, bodies, smtp, runner) -> World:
    """Everything seeded and done; every message the app queued has been sent."""
    today = today_pacific()
    for who, (role, slug) in ACCOUNTS.items():
        make_user(address(who), role, [bodies[slug]] if slug else [])

    # The survivor: a term ending soon and training long due, so alerts speak of them.
    s = SURVIVOR_PERSON.strings
    survivor = make_person(s["name"], email=s["email"], title=s["title"])
    survivor.trainings.append(TrainingRecord(completed_on=date(2020, 2, 1)))
    survivor_term = appoint(
        survivor,
        seat(bodies["task-force"], "survivor"),
        start=date(2020, 1, 1),
        end=today + timedelta(days=30),
        organization=organization_named(s["organization"]),
    )

    # Meetings: A soon enough for reminders, B to be cancelled, a Task Force meeting held
    # last month (attendance), P public and to come, W a public WashACT information session.
    washact, task_force = bodies["washact"], bodies["task-force"]
    a = closed_meeting(
        washact, "WashACT member meeting", today + timedelta(days=2), A_DETAILS, A_MEMBERS_ONLY
    )
    b = closed_meeting(
        washact, "WashACT case meeting", today + timedelta(days=5), B_DETAILS, B_MEMBERS_ONLY
    )
    publish_agenda(b, b.starts_at - timedelta(days=4), None)
    held = make_meeting(
        task_force,
        starts_at=at(today - timedelta(days=30), 10),
        title="Task Force meeting held",
        location="Commerce building",
    )
    held.attendance.append(Attendance(appointment=survivor_term, status=AttendanceStatus.PRESENT))
    p = make_meeting(
        task_force,
        starts_at=at(today + timedelta(days=10), 10),
        title="Task Force public meeting",
        location="Capitol campus",
    )
    add_item(p, "Budget review")
    t = TF_PRIVATE_DOCUMENTS.strings
    add_document(
        p,
        FakeUpload(pdf(t["draft minutes text"]), t["draft minutes filename"]),
        t["draft minutes title"],
        DocumentKind.MINUTES,
        DocumentVisibility.PUBLIC,
        None,
    )
    w = make_meeting(
        washact,
        kind=MeetingKind.PUBLIC_SESSION,
        starts_at=at(today + timedelta(days=7), 12),
        title="WashACT information session",
        location="Central Library",
    )
    db.session.commit()

    public = client_for(app)
    # A subscriber to every body, confirmed from the e-mail.
    done(
        public.post(
            "/subscriptions",
            data={"email": FAN_EMAIL, "committees": [c.id for c in bodies.values()]},
        ),
        "subscribing",
    )
    deliver(runner)
    done(public.post(link_in(smtp, FAN_EMAIL, "subscriptions/confirm")), "confirming notices", 200)

    # Invitation requests, each confirmed from its e-mail; one applicant for the survivor seat.
    for person, meeting in [
        (GUEST_A_PERSON, a),
        (GUEST_A2_PERSON, a),
        (GUEST_B_PERSON, b),
        (REQUESTER_PERSON, a),
    ]:
        request_invitation(public, smtp, runner, meeting, **person.strings)
    request_invitation(
        public, smtp, runner, None, name="Dee Clined", email=DECLINED_EMAIL, reason="Curious"
    )
    ap = APPLICATION.strings
    done(
        public.post(
            "/committees/task-force/apply",
            content_type="multipart/form-data",
            data={
                "name": ap["name"],
                "email": ap["email"],
                "phone": ap["phone"],
                "organization": ap["organization"],
                "seat_type": str(seat(task_force, "survivor").id),
                "statement": ap["statement"],
                "attachment": (io.BytesIO(pdf(ap["attachment text"])), ap["attachment filename"]),
            },
        ),
        "applying for the survivor seat",
    )
    deliver(runner)
    done(public.post(link_in(smtp, ap["email"], "applications/confirm")), "confirming", 200)
    smtp.inbox.refused.add(GUEST_A2_PERSON.strings["email"])  # that mailbox is gone now

    # WashACT staff decide, publish, upload, change, schedule and cancel.
    staff = signed_in(app, WA_STAFF)
    for person in (GUEST_A_PERSON, GUEST_A2_PERSON, GUEST_B_PERSON):
        done(
            staff.post(
                f"/invitation-requests/{request_of(person.strings['email']).id}/approve",
                data={"message": "Welcome."},
            ),
            "approving",
        )
    done(
        staff.post(
            f"/invitation-requests/{request_of(DECLINED_EMAIL).id}/decline", data={"message": ""}
        ),
        "declining",
    )
    done(staff.post(f"/meetings/{a.id}/agenda/publish", data={}), "publishing A's agenda")
    m = A_MEMBERS_ONLY.strings
    upload(staff, a, m["title"] + " Addendum", "addendum-" + m["filename"], m["text"])
    done(
        staff.post(
            f"/meetings/{a.id}/edit", data=meeting_form(a, a.local_start.date(), "13:00", "15:00")
        ),
        "moving A",
    )
    n = N_DETAILS.strings
    done(
        staff.post(
            "/committees/washact/meetings/new",
            data={
                "kind": "member_meeting",
                "title": "WashACT working session",
                "day": (today + timedelta(days=20)).isoformat(),
                "start_time": "10:00",
                "end_time": "12:00",
                "access": "invitation_only",
                "location": n["place"],
                "remote_url": n["remote link"],
                "remote_dial_in": n["dial in"],
                "business": n["business"],
            },
        ),
        "scheduling N",
    )
    done(
        staff.post(
            f"/meetings/{b.id}/status",
            data={"status": "cancelled", "reason": "Weather closure", "confirmed": "yes"},
        ),
        "cancelling B",
    )

    # Task Force staff publish, upload, change and cancel their public meeting.
    tf = signed_in(app, TF_STAFF)
    done(tf.post(f"/meetings/{p.id}/agenda/publish", data={}), "publishing P's agenda")
    upload(tf, p, t["members only title"], t["members only filename"], t["members only text"])
    done(
        tf.post(
            f"/meetings/{p.id}/edit", data=meeting_form(p, p.local_start.date(), "14:00", "16:00")
        ),
        "moving P",
    )
    done(
        tf.post(
            f"/meetings/{p.id}/status",
            data={"status": "cancelled", "reason": "No quorum expected", "confirmed": "yes"},
        ),
        "cancelling P",
    )

    # Someone of another body forgets their password.
    done(public.post("/password-reset", data={"email": address(CSEC_MEMBER)}), "password reset")
    deliver(runner)

    undelivered = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status != OutboxStatus.SENT)
    ).all()
    assert {(m.recipient, m.status) for m in undelivered} == {
        (GUEST_A2_PERSON.strings["email"], OutboxStatus.FAILED)
    }, "every message but the bounced guest's should have gone out"
    meetings = {"A": a, "B": b, "held": held, "P": p, "W": w}
    meetings["N"] = db.session.scalar(select(Meeting).where(Meeting.location == n["place"]))
    years = sorted({mt.local_start.year for mt in meetings.values()} | {today.year})
    return World(meetings, guest_token(request_of(GUEST_A_PERSON.strings["email"]), a), years)


# -- e-mail ----------------------------------------------------------------------------------------


def test_no_email_to_anyone_outside_the_body_carries_its_secrets(world, smtp):
    messages = smtp.inbox.messages
    leaks, received = [], Counter()
    for message in messages:
        to = message["To"]
        audience = audience_of(to)
        received[audience] += 1
        text = message_text(message)
        leaks += [
            f"e-mail to {to} ({audience}) {message['Subject']!r}: {leak}"
            for leak in leaks_in(text, audience)
        ]
    print(f"\nsearched {len(messages)} e-mails: {dict(sorted(received.items()))}")
    # The search finds what it looks for: insiders were told.
    guest_mail = "\n".join(message_text(m) for m in smtp.inbox.to(GUEST_A_PERSON.strings["email"]))
    staff_mail = "\n".join(message_text(m) for m in smtp.inbox.to(address(TF_STAFF)))
    assert seen_in(guest_mail, A_DETAILS, "place"), "A's guest was never told where A is"
    assert seen_in(staff_mail, SURVIVOR_PERSON, "name"), "Task Force staff got no alert"
    assert received[SUBSCRIBER] >= 5 and received[GUEST_B] >= 2 and received[WA_MEMBER] >= 2
    assert not leaks, f"{len(leaks)} leaks in e-mail:\n" + "\n".join(leaks)


# -- pages, feeds, API answers and CSVs ------------------------------------------------------------


@dataclass
class Viewer:
    audience: str
    signs_in: bool = False
    # Secrets the crawl must find somewhere: proof that the search would see a leak.
    must_see: tuple[Secret, str] | None = None


VIEWERS = [
    Viewer(PUBLIC),
    Viewer(CSEC_MEMBER, signs_in=True),
    Viewer(CSEC_STAFF, signs_in=True),
    Viewer(TF_MEMBER, signs_in=True),
    Viewer(TF_STAFF, signs_in=True, must_see=(SURVIVOR_PERSON, "name")),
    Viewer(WA_MEMBER, signs_in=True, must_see=(A_DETAILS, "place")),
    Viewer(WA_STAFF, signs_in=True, must_see=(REQUESTER_PERSON, "name")),
    Viewer(GUEST_A, must_see=(A_DETAILS, "place")),
]

DEPTH = 2
MAX_PAGES = 6000


def parameter_values(world: World, viewer: Viewer, rule) -> dict[str, list] | None:
    """Values for each of the rule's parameters, or None when the crawl cannot fill one."""
    ids = {
        "meeting_id": Meeting,
        "document_id": Document,
        "item_id": AgendaItem,
        "attachment_id": ApplicationAttachment,
        "appointment_id": Appointment,
        "person_id": Person,
        "organization_id": Organization,
        "seat_type_id": SeatType,
        "user_id": User,
        "request_id": InvitationRequest,
        "application_id": SeatApplication,
        "comment_id": PublicComment,
    }
    values = {}
    for name in rule.arguments:
        if name in ids:
            values[name] = list(db.session.scalars(select(ids[name].id)))
        elif name == "slug":
            values[name] = list(db.session.scalars(select(Committee.slug)))
        elif name == "year":
            values[name] = world.years
        elif name == "version":
            values[name] = [1, 2]  # a first posting, and a revision where there is one
        elif name == "token":
            # Only the guest holds a real link; everyone else tries a forged one.
            values[name] = [world.guest_a_token] if viewer.audience == GUEST_A else ["forged"]
        elif items := getattr(rule._converters[name], "items", None):  # <any(a, b):name>
            values[name] = sorted(items)
        else:
            return None
    return values


def combinations(values: dict[str, list]) -> Iterator[dict]:
    if not values:
        yield {}
        return
    (name, options), *rest = values.items()
    for option in options:
        for others in combinations(dict(rest)):
            yield {name: option, **others}


def seed_urls(app: Flask, world: World, viewer: Viewer) -> tuple[list[str], list[str]]:
    """Every GET route filled with every value it can take, and the query strings pages use."""
    urls, unfillable = [], []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = parameter_values(world, viewer, rule)
        if values is None:
            unfillable.append(rule.rule)
            continue
        urls += [rule.build(v, append_unknown=False)[1] for v in combinations(values)]
    slugs = list(db.session.scalars(select(Committee.slug)))
    meetings = list(db.session.scalars(select(Meeting)))
    appointments = list(db.session.scalars(select(Appointment.id)))
    urls += ["/api/v1/meetings?per_page=100", "/api/v1/meetings?status=cancelled&per_page=100"]
    urls += [f"/meetings/?kind={k.value}" for k in MeetingKind]
    for slug in slugs:
        urls += [f"/api/v1/meetings?committee={slug}&per_page=100", f"/meetings/?committee={slug}"]
        urls += [f"/committees/{slug}/request-invitation?meeting={m.id}" for m in meetings]
        urls += [f"/committees/{slug}/invitation-requests?status={s.value}" for s in RequestStatus]
        urls += [f"/committees/{slug}/applications?status={s.value}" for s in RequestStatus]
        urls += [
            f"/committees/{slug}/appointments/new?follows={i}&reappoint=1" for i in appointments
        ]
    if viewer.audience == GUEST_A:
        # The guest's link, and the same link tried on every other meeting.
        urls = [f"/meetings/{m.id}/guest/{world.guest_a_token}" for m in meetings] + urls
    return urls, unfillable


def links_on(url: str, body: str) -> Iterator[str]:
    for href in re.findall(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", body):
        href = html.unescape(href)
        if href.startswith("webcal://"):
            href = "http://" + href.removeprefix("webcal://")
        parts = urlsplit(urljoin("http://localhost" + url, href))
        if parts.scheme not in {"http", "https"} or parts.hostname != "localhost":
            continue
        if parts.path.startswith("/static/"):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


KINDS = {
    "text/html": "pages",
    "text/calendar": "feeds",
    "application/json": "API answers",
    "text/csv": "CSVs",
}


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: v.audience)
def test_nothing_a_viewer_may_not_see_is_on_any_page_they_can_reach(app, world, viewer):
    client = signed_in(app, viewer.audience) if viewer.signs_in else client_for(app)
    seeds, unfillable = seed_urls(app, world, viewer)
    queue = deque((url, 0) for url in seeds)
    seen: dict[str, int] = {}
    leaks, kinds, found_allowed = [], Counter(), False
    started = time.monotonic()
    while queue and len(seen) < MAX_PAGES:
        url, depth = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        body = response.get_data().decode("utf-8", "replace")
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        kinds[KINDS.get(response.mimetype, "other answers")] += 1
        leaks += [
            f"GET {url} as {viewer.audience} ({response.status_code}): {leak}"
            for leak in leaks_in(headers + "\n" + body, viewer.audience)
        ]
        if viewer.must_see and seen_in(body, *viewer.must_see):
            found_allowed = True
        if depth < DEPTH and response.mimetype == "text/html":
            queue.extend((link, depth + 1) for link in links_on(url, body) if link not in seen)
    print(
        f"\n{viewer.audience}: {len(seen)} URLs ({dict(kinds)}) in "
        f"{time.monotonic() - started:.1f}s"
    )

    problems = [
        f"cannot fill the parameters of {rule}: teach parameter_values" for rule in unfillable
    ]
    if len(seen) >= MAX_PAGES:
        problems.append(f"the crawl stopped at {MAX_PAGES} URLs")
    if viewer.signs_in and not any(
        u.startswith("/calendar/private/") and code == 200 for u, code in seen.items()
    ):
        problems.append("the private calendar feed linked from /members/me was not crawled")
    if viewer.audience == GUEST_A:
        guest_page = f"/meetings/{world.meetings['A'].id}/guest/{world.guest_a_token}"
        if seen.get(guest_page) != 200:
            problems.append(f"the guest's own page answered {seen.get(guest_page)}")
    if viewer.must_see and not found_allowed:
        what, label = viewer.must_see
        problems.append(f"{viewer.audience} never saw {what.what}'s {label}: is the search blind?")
    assert not problems and not leaks, f"{len(leaks)} leaks to {viewer.audience}:\n" + "\n".join(
        problems + leaks
    )
