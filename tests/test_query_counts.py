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


@pytest.mark.parametrize("path", ["/", "/committees/"])
def test_queries_do_not_grow_with_the_number_of_bodies(client, bodies, path):
    add_meetings(bodies, 9)
    few = queries_for(client, path)
    for n in range(30):
        body = make_committee(f"board-{n}", name=f"Board {n}", short_name=f"Board {n}")
        make_meeting(body, starts_at=utcnow() + timedelta(days=n + 1), title=f"Board {n} meets")
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Board 29" in page
    many = queries_for(client, path)
    assert few == many, (few, many)
