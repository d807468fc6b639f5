"""Finding bodies when an install holds hundreds: by words (name, short name, convening agency),
by convening agency, by topic, a page at a time, in a fixed number of queries. A small install
lists every body, as the three anti-trafficking bodies always have."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import BadRequest

from committees.models import Committee, Topic
from extensions import db

# Up to this many bodies, pages list them all; past it, they offer a search, agencies and topics.
LISTED_IN_FULL = 12
PER_PAGE = 25  # /subscribe's matches: a name and a feed each
# /committees/: each body with its purpose and next meeting, a page a reader takes in at a glance.
BODIES_PER_PAGE = 10


def matching(words: str) -> sa.ColumnElement[bool]:
    """Bodies whose name, short name or convening agency holds every word (case aside; the
    reader's % and _ are letters, not wildcards)."""
    columns = (Committee.name, Committee.short_name, Committee.convening_agency)
    return sa.and_(
        *(sa.or_(*(c.icontains(word, autoescape=True) for c in columns)) for word in words.split())
    )


def cleaned(words: str | None) -> str:
    """What a reader typed, as one line of at most 100 characters."""
    return " ".join((words or "").split())[:100]


def chosen_topic(value: str | None) -> Topic | None:
    """The topic a reader chose (`?topic=`); empty: any; one not on the list is a 400 naming
    those that are."""
    if not value:
        return None
    try:
        return Topic(value)
    except ValueError:
        raise BadRequest(
            gettext("'topic' must be one of: %(topics)s.", topics=", ".join(t.value for t in Topic))
        ) from None


@dataclass
class Census:
    """How many bodies there are, by convening agency and by topic."""

    total: int = 0
    agencies: list[tuple[str, int]] = field(default_factory=list)  # alphabetically
    topics: list[tuple[Topic, int]] = field(default_factory=list)  # in the list's order, if any


def census() -> Census:
    """One query, grouped by agency and topic: at most a row per pair, however many bodies."""
    rows = db.session.execute(
        select(Committee.convening_agency, Committee.topic, func.count()).group_by(
            Committee.convening_agency, Committee.topic
        )
    ).all()
    agencies: Counter[str] = Counter()
    topics: Counter[Topic] = Counter()
    for agency, topic, count in rows:
        agencies[agency] += count
        topics[topic] += count
    return Census(
        total=sum(agencies.values()),
        agencies=sorted(agencies.items()),
        topics=[(t, topics[t]) for t in Topic if topics[t]],
    )


@dataclass
class Directory:
    bodies: list[Committee]
    census: Census
    found: int  # those the words, agency and topic select
    words: str = ""
    agency: str = ""
    topic: Topic | None = None
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def total(self) -> int:
        """Every body in the install."""
        return self.census.total

    @property
    def searchable(self) -> bool:
        return self.total > LISTED_IN_FULL

    @property
    def pages(self) -> int:
        return max(1, -(-self.found // self.per_page))


def directory(
    words: str = "",
    agency: str = "",
    topic: Topic | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Directory:
    """The bodies to list: every one in a small install; else a page of those matching the words,
    the agency and the topic, in agency order."""
    counts = census()
    query = select(Committee).options(selectinload(Committee.statutes))
    if counts.total <= LISTED_IN_FULL:
        bodies = db.session.scalars(query.order_by(Committee.position)).all()
        return Directory(list(bodies), counts, counts.total)
    conditions = [matching(words)] if words else []
    if agency:
        conditions.append(Committee.convening_agency == agency)
    if topic:
        conditions.append(Committee.topic == topic)
    found = (
        db.session.scalar(select(func.count()).select_from(Committee).where(*conditions))
        if conditions
        else counts.total
    )
    bodies = db.session.scalars(
        query.where(*conditions)
        .order_by(Committee.convening_agency, Committee.position, Committee.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Directory(list(bodies), counts, found, words, agency, topic, page, per_page)
