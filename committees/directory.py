"""Finding bodies when an install holds hundreds: by words (name, short name, convening agency),
by convening agency, a page at a time, in a fixed number of queries. A small install lists every
body, as the three anti-trafficking bodies always have."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from committees.models import Committee
from extensions import db

# Up to this many bodies, pages list them all; past it, they offer a search and agencies.
LISTED_IN_FULL = 12
PER_PAGE = 25


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


@dataclass
class Directory:
    bodies: list[Committee]
    total: int  # every body in the install
    found: int  # those the words and agency select
    words: str = ""
    agency: str = ""
    page: int = 1
    agencies: list[tuple[str, int]] = field(default_factory=list)

    @property
    def searchable(self) -> bool:
        return self.total > LISTED_IN_FULL

    @property
    def pages(self) -> int:
        return max(1, -(-self.found // PER_PAGE))


def agencies() -> list[tuple[str, int]]:
    """Each convening agency and how many bodies it convenes, alphabetically."""
    rows = db.session.execute(
        select(Committee.convening_agency, func.count())
        .group_by(Committee.convening_agency)
        .order_by(Committee.convening_agency)
    )
    return [(agency, count) for agency, count in rows]


def directory(words: str = "", agency: str = "", page: int = 1) -> Directory:
    """The bodies to list: every one in a small install; else a page of those matching the words
    and the agency, in agency order."""
    total = db.session.scalar(select(func.count()).select_from(Committee))
    query = select(Committee).options(selectinload(Committee.statutes))
    if total <= LISTED_IN_FULL:
        bodies = db.session.scalars(query.order_by(Committee.position)).all()
        return Directory(list(bodies), total, total)
    conditions = [matching(words)] if words else []
    if agency:
        conditions.append(Committee.convening_agency == agency)
    selected = query.where(*conditions)
    found = db.session.scalar(select(func.count()).select_from(Committee).where(*conditions))
    bodies = db.session.scalars(
        selected.order_by(Committee.convening_agency, Committee.position, Committee.id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return Directory(list(bodies), total, found, words, agency, page, agencies())
