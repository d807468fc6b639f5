"""Pages load what they show in a fixed number of queries, whatever the number of meetings."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from core.time import utcnow
from extensions import db
from meetings.models import MeetingKind
from tests.fixtures.committees import make_committee
from tests.fixtures.meetings import make_meeting


@contextmanager
def counting_queries():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def add_meetings(bodies, n: int) -> None:
    now = utcnow()
    committees = list(bodies.values())
    for i in range(n):
        make_meeting(
            committees[i % 3],
            starts_at=now + timedelta(days=i - n // 2),
            kind=list(MeetingKind)[i % 3],
            title=f"Meeting {i}",
        )
    db.session.commit()


def queries_for(client, path: str) -> int:
    with counting_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/meetings/", "/", "/committees/washact"])
def test_queries_do_not_grow_with_the_number_of_meetings(client, bodies, path):
    add_meetings(bodies, 10)
    few = queries_for(client, path)
    add_meetings(bodies, 200)
    many = queries_for(client, path)
    assert few == many, (few, many)


def add_bodies(first: int, n: int) -> None:
    for i in range(first, first + n):
        body = make_committee(f"board-{i}", name=f"Board {i}", short_name=f"Board {i}")
        make_meeting(
            body, starts_at=utcnow() + timedelta(days=i % 50 + 1), title=f"Board {i} meets"
        )
    db.session.commit()


@pytest.mark.parametrize(
    "path, shown",
    [
        ("/", "An agency</a> (30)"),
        ("/committees/", "33 bodies, page 1 of 4."),
        ("/committees/?q=29", "Board 29"),
    ],
)
def test_queries_do_not_grow_with_the_number_of_bodies(client, bodies, path, shown):
    """A large install (past the 12 listed in full) takes as many statements at 33 bodies as
    at 133; a small one lists them all, in as many at 3 as at 12."""
    few = queries_for(client, "/")
    add_bodies(0, 9)
    assert queries_for(client, "/") == few
    add_bodies(9, 21)
    assert shown in client.get(path).get_data(as_text=True)
    some = queries_for(client, path)
    add_bodies(30, 100)
    assert queries_for(client, path) == some


def test_a_search_reads_the_same_statements_for_6_matches_or_60(client, bodies):
    """One statement for the matches, one for their bodies, one for the snippets and one per kind
    of record shown: however many records the words are in."""
    counts = []
    for n in (6, 60):
        add_meetings(bodies, n if not counts else n - 6)
        client.get("/search?q=meeting&kind=meeting")  # what a first request reads once
        with counting_queries() as statements:
            assert client.get("/search?q=meeting&kind=meeting").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
