"""No input is a 500: Hypothesis sends every route generated paths, query strings and form fields.

For each rule and method in `app.url_map`, as the public and as an admin (who reaches every screen),
path arguments, well-known query arguments and every form field name the app declares get values
from a hostile alphabet: huge and Unicode digits, extreme and impossible dates, line breaks, NUL,
long and non-Latin text, malformed addresses. Any 5xx fails, naming the request.
`GENERATED_INPUTS` sets the examples per route and viewer (default 12).
"""

import os
from datetime import timedelta

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import AnyConverter, IntegerConverter

from applications.models import SeatApplication
from comments.models import CommentKind, PublicComment
from committees.models import MeetingAccess
from core.time import utcnow
from extensions import db
from invitations.models import InvitationRequest
from meetings.minutes import ExecutivePurpose, ExecutiveSession, VoteMethod
from meetings.minutes_services import add_motion, start_minutes
from meetings.models import Attendance, AttendanceStatus, DocumentVisibility
from meetings.postings import publish_agenda
from members.models import UserRole
from notify.models import OutboxMessage, OutboxStatus
from public_requests.states import RequestStatus
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.meetings import add_item, make_document, make_meeting
from tests.fixtures.members import PASSWORD, make_user

EXAMPLES = int(os.environ.get("GENERATED_INPUTS", "12"))
QUERY_NAMES = [
    "page", "per_page", "upcoming_page", "year", "meeting", "follows", "seat", "status",
    "committee", "kind", "from", "to", "next", "reappoint", "q", "agency", "topic", "body",
    "start", "end",
]  # fmt: skip

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "", "0", "-1", "1", "2", "²", "٣", "\uff11\uff12", "9" * 20, "9" * 400, "1e9", "NaN",
            "0001-01-01", "9999-12-31", "2027-02-30", "2027-13-01", "24:00", "23:59:60",
            "a\nb", "a\r\nBcc: x@example.org", "\x00", "jöhn@example.net", "a@b", "@", "x" * 5000,
            "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "../../etc/passwd", "yes", "y",
            "public", "invitation_only", "cancelled", "member_meeting", "up", "down",
        ]
    ),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)  # fmt: skip


def form_field_names() -> list[str]:
    """Every field name any form of the app declares."""
    names, todo = set(), list(FlaskForm.__subclasses__())
    while todo:
        form = todo.pop()
        todo += form.__subclasses__()
        declared = {name for name, _ in getattr(form, "_unbound_fields", None) or []}
        declared |= {name for name in vars(form) if hasattr(vars(form)[name], "field_class")}
        names |= declared
        if prefix := getattr(form, "PREFIX", None):  # the first records' forms, by their prefix
            names |= {f"{prefix.format(id=1)}-{name}" for name in declared}
    return sorted(names - {"csrf_token"})


def routes(app) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


@pytest.fixture
def seeded(app, bodies):
    """One of each record, so generated small ids often find something to work on."""
    for slug in ["washact", "task-force"]:
        meeting = make_meeting(
            bodies[slug], access=MeetingAccess.INVITATION_ONLY, location="Room 1"
        )
        add_item(meeting, "Item")
        make_document(meeting, DocumentVisibility.PUBLIC)
        publish_agenda(meeting, utcnow() - timedelta(days=1), None)
        db.session.add(
            ExecutiveSession(
                meeting=meeting,
                purpose=ExecutivePurpose.LEGAL_COUNSEL,
                starts_at=meeting.starts_at,
                expected_end_at=meeting.starts_at + timedelta(minutes=20),
            )
        )
        person = make_person(f"Person {slug}", email=f"p-{slug}@example.org")
        holder = appoint(person, seat(bodies[slug], "member" if slug == "washact" else "survivor"))
        # Draft minutes with a roll-call motion, moved by the seat holder present.
        meeting.attendance.append(Attendance(appointment=holder, status=AttendanceStatus.PRESENT))
        minutes = start_minutes(meeting)
        add_motion(
            minutes.items[0],
            text="To adopt.",
            mover=holder,
            seconder=None,
            amends=None,
            method=VoteMethod.ROLL_CALL,
            declared_result=None,
        )
        db.session.add(
            InvitationRequest(
                committee=bodies[slug],
                meeting=meeting,
                name="Guest",
                email=f"g-{slug}@example.org",
                status=RequestStatus.PENDING,
            )
        )
        db.session.add(
            SeatApplication(
                committee=bodies[slug],
                seat_type=bodies[slug].seat_types[-1],
                name="Applicant",
                email=f"a-{slug}@example.org",
                statement="x",
                status=RequestStatus.RECEIVED,
            )
        )
        db.session.add(
            OutboxMessage(
                committee_id=bodies[slug].id,
                recipient="x@example.org",
                subject="s",
                text_body="",
                html_body="",
                status=OutboxStatus.FAILED,
            )
        )
        # A public meeting that takes comment, with a confirmed comment on its posted item.
        open_meeting = make_meeting(bodies[slug], title="Open")
        open_item = add_item(open_meeting, "Item")
        publish_agenda(open_meeting, utcnow() - timedelta(days=1), None)
        db.session.add(
            PublicComment(
                meeting=open_meeting,
                committee_id=bodies[slug].id,
                agenda_item_id=open_item.id,
                kind=CommentKind.WRITTEN,
                text="A comment.",
                email=f"c-{slug}@example.org",
                status=RequestStatus.RECEIVED,
            )
        )
    db.session.commit()
    make_user("admin@example.org", UserRole.ADMIN)
    return bodies


def path_values(rule) -> st.SearchStrategy:
    strategies = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            strategies[name] = st.sampled_from(sorted(converter.items))
        elif isinstance(converter, IntegerConverter):
            strategies[name] = st.one_of(
                st.integers(1, 4), st.integers(0, 2**31 - 1), st.integers(2**31, 2**70)
            )
        else:
            strategies[name] = st.one_of(
                st.sampled_from(["washact", "task-force", "nobody"]), HOSTILE.filter(bool)
            )
    return st.fixed_dictionaries(strategies)


@pytest.mark.parametrize("viewer", ["anonymous", "admin"])
def test_no_generated_input_is_a_server_error(app, seeded, viewer):
    client = app.test_client()
    if viewer == "admin":
        client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    fields = form_field_names()
    adapter = app.url_map.bind("localhost")
    failures = []
    for endpoint, method in routes(app):
        check = route_check(client, adapter, fields, endpoint, method)
        try:
            check()
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)


def route_check(client, adapter, fields: list[str], endpoint: str, method: str):
    """A Hypothesis test of one route: generated path, query and form, never a 5xx."""
    (rule,) = [
        r for r in adapter.map.iter_rules() if r.endpoint == endpoint and method in r.methods
    ]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        values=path_values(rule),
        query=st.dictionaries(st.sampled_from(QUERY_NAMES), HOSTILE, max_size=3),
        form=st.dictionaries(st.sampled_from(fields), HOSTILE, max_size=6),
    )
    def check(values, query, form):
        url = adapter.build(endpoint, values, method=method)
        response = client.open(url, method=method, query_string=query, data=form)
        assert response.status_code < 500, f"{method} {url} {query} {form}: {response.status}"

    return check
