"""The public list of meetings, upcoming and past, a page at a time. Ten years of every body's
meetings are too many to count on each visit, so a page says whether there is a next one by
reading one meeting more than it shows; each list starts from now on the index of start times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from core.paging import PageNumbers
from extensions import db
from meetings.models import Meeting
from meetings.services import LONGEST_MEETING

PER_PAGE = 10  # of each list: the next ten meetings and the last ten


@dataclass
class Page(PageNumbers):
    """One page of a list nobody counts: the pager's fields, with no total."""

    items: list[Meeting]
    page: int
    has_next: bool
    total = None


def page_of(query: sa.Select, page: int) -> Page:
    rows = db.session.scalars(
        query.options(selectinload(Meeting.committee))
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE + 1)
    ).all()
    return Page(list(rows[:PER_PAGE]), page, has_next=len(rows) > PER_PAGE)


def upcoming(query: sa.Select, now: datetime, page: int) -> Page:
    """Meetings not over yet, soonest first: those under way, then those to come."""
    return page_of(
        query.where(Meeting.starts_at > now - LONGEST_MEETING, Meeting.ends_at > now).order_by(
            Meeting.starts_at, Meeting.id
        ),
        page,
    )


def past(query: sa.Select, now: datetime, page: int) -> Page:
    """Meetings over, latest first. A meeting ends after it starts (a check in the database),
    so these all started before now; saying so lets the index begin there."""
    return page_of(
        query.where(Meeting.starts_at < now, Meeting.ends_at <= now).order_by(
            Meeting.starts_at.desc(), Meeting.id.desc()
        ),
        page,
    )
