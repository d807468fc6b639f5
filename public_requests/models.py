"""What every confirmed request is: its body, its requester's address, where it stands, and who
may see it. Invitation requests and applications are these with fields of their own."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from core.db_types import UTCDateTime, str_enum
from core.readers import Reader
from core.time import utcnow
from extensions import db
from public_requests.states import CONFIRMED, RequestStatus, may_move


def new_public_id() -> str:
    """What e-mailed links name a request by: random, so a freed row id is never someone else's."""
    return secrets.token_urlsafe(16)


class InvalidTransition(Exception):
    """The request cannot move there from where it is (e.g. deciding a decided request)."""


class ConfirmedRequest(Reader):
    """A request made by e-mail address, confirmed by a link, then decided by the body's staff."""

    KIND: ClassVar[str]
    # The fields a requester writes; a second request for the same thing changes them only once
    # confirmed (see `public_requests.services.submit`).
    REQUESTER_FIELDS: ClassVar[tuple[str, ...]]

    public_id: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_public_id)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus), default=RequestStatus.UNCONFIRMED, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # New text from a second request, applied only when its own confirmation link is used.
    pending_changes: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # A keyed hash of the client's address, for the flood guard; never the address itself.
    client_key: Mapped[str] = mapped_column(sa.String(32), default="", index=True)

    @declared_attr
    def committee_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))

    @declared_attr
    def committee(cls):
        return relationship("Committee")

    @declared_attr
    def decided_by_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    @classmethod
    def counts_by_body(cls, committee_ids: list[int], *conditions: Any) -> dict[int, int]:
        """How many requests of this kind each body has that meet `conditions` (e.g. those
        waiting for staff), for the staff dashboard."""
        query = (
            sa.select(cls.committee_id, sa.func.count())
            .where(cls.committee_id.in_(committee_ids), *conditions)
            .group_by(cls.committee_id)
        )
        return dict(db.session.execute(query).all())

    def describe_change(self, name: str, value: Any) -> str:
        """A pending change's new value in words, for the confirm page: never a stored code."""
        if isinstance(value, bool):
            return str(_l("Yes") if value else _l("No"))
        if isinstance(value, list):
            return "; ".join(self.describe_change(name, v) for v in value)
        return "" if value is None else str(value)

    def can_view(self, viewer: Any) -> bool:
        """Staff of the body, once the requester confirmed: an unconfirmed request may be a
        stranger's use of someone else's address, and the requester was told so."""
        return self.status is not RequestStatus.UNCONFIRMED and self.committee.can_manage(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.can_view(viewer)

    def may_become(self, status: RequestStatus) -> bool:
        return may_move(self.KIND, self.status, status)

    def confirm(self, now: datetime) -> None:
        """The requester used their link: staff see the request now, with any newer text."""
        if self.status is RequestStatus.UNCONFIRMED:
            self.status, self.confirmed_at = CONFIRMED[self.KIND], now
        for name, value in (self.pending_changes or {}).items():
            setattr(self, name, value)
        self.pending_changes = None

    def may_withdraw(self, now: datetime) -> bool:
        """The requester may withdraw while the table allows it (a kind may narrow this)."""
        return self.may_become(RequestStatus.WITHDRAWN)

    def move_to(self, status: RequestStatus, now: datetime, by: Any = None) -> None:
        """Decide, withdraw or lapse, as the table allows; recording who (staff, or nobody for the
        requester and the clock) and when."""
        if not self.may_become(status):
            raise InvalidTransition(f"{self.status.value} → {status.value}")
        self.status = status
        if not status.is_open:  # a step of the review (e.g. under review) decides nothing yet
            self.decided_at, self.decided_by_id = now, (by.id if by is not None else None)
