"""Accounts for staff and members.

A user's global role is admin, staff or member. Staff manage only the bodies they are assigned
to; being a member of a body is derived from the person's current appointments, never stored.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from committees.models import Appointment, Committee, Person, SeatType
from core.arguments import DIGITS
from core.db_types import str_enum
from core.readers import Reader
from core.routing import MAX_ID
from core.time import today_pacific
from extensions import db, login_manager

committee_follow = sa.Table(
    "committee_follow",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("committee_id", sa.ForeignKey("committee.id", ondelete="CASCADE"), primary_key=True),
)

staff_assignment = sa.Table(
    "staff_assignment",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("committee_id", sa.ForeignKey("committee.id", ondelete="CASCADE"), primary_key=True),
)

# Checked against when an unknown e-mail logs in, so a miss costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("no such account")


def new_calendar_secret() -> str:
    return secrets.token_hex(32)


class UserRole(enum.Enum):
    ADMIN = "admin"
    STAFF = "staff"
    MEMBER = "member"


class User(Reader, UserMixin, db.Model):
    __tablename__ = "user_account"
    KIND = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    role: Mapped[UserRole] = mapped_column(str_enum(UserRole))
    active: Mapped[bool] = mapped_column(default=True)
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), unique=True
    )

    # Every session carries the version it began under; raising it ends them all (logout, a new
    # password, an admin turning the account off).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Keys the private calendar link; a new one makes the old link answer 404.
    calendar_secret: Mapped[str] = mapped_column(sa.String(64), default=new_calendar_secret)

    person: Mapped[Person | None] = relationship()
    # Bodies whose public meetings a member also wants in their private calendar.
    followed_committees: Mapped[list[Committee]] = relationship(
        secondary=committee_follow, order_by=Committee.position
    )
    managed_committees: Mapped[list[Committee]] = relationship(
        secondary=staff_assignment, order_by=Committee.position
    )

    # Which bodies an account manages decides what it sees of each: kept with before and after.
    __audited__ = ("role", "active", "managed_committees")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What a session or remember cookie holds: the account and the session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def reader_key(self) -> str:
        return str(self.id)

    @classmethod
    def by_reader_key(cls, key: str) -> User | None:
        return db.session.get(cls, int(key)) if key.isdigit() and len(key) < 10 else None

    def end_all_sessions(self) -> None:
        self.session_version = (self.session_version or 1) + 1

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN

    @property
    def is_staff(self) -> bool:
        """Admins are staff of every body."""
        return self.role in {UserRole.ADMIN, UserRole.STAFF}

    def manages(self, committee: Committee) -> bool:
        return self.manages_committee_id(committee.id)

    def manages_committee_id(self, committee_id: int | None) -> bool:
        """Whether this account manages the body (admins manage every one). Records that carry
        only a body's id ask this directly; a record of no body (None) is an admin's."""
        if self.is_admin:
            return True
        return self.is_staff and any(c.id == committee_id for c in self.managed_committees)

    def insider_committee_ids(self) -> frozenset[int] | None:
        """The bodies whose every record this account may see, as a member or their staff; None
        for an admin, who is inside every body."""
        if self.is_admin:
            return None
        managed = {c.id for c in self.managed_committees} if self.is_staff else set()
        return self.member_committee_ids | managed

    @property
    def member_committee_ids(self) -> frozenset[int]:
        """Bodies this user sits on today, asked once per transaction (a page asks it often)."""
        cached = self.__dict__.get("_member_committee_ids")
        if cached and cached[0] is db.session().get_transaction():
            return cached[1]
        value = self._current_member_committee_ids()
        self.__dict__["_member_committee_ids"] = (db.session().get_transaction(), value)
        return value

    def _current_member_committee_ids(self) -> frozenset[int]:
        if self.person_id is None:
            return frozenset()
        today = today_pacific()
        query = (
            sa.select(SeatType.committee_id)
            .join(Appointment, Appointment.seat_type_id == SeatType.id)
            .where(
                Appointment.person_id == self.person_id,
                Appointment.start_date <= today,
                sa.or_(Appointment.end_date.is_(None), Appointment.end_date >= today),
            )
        )
        return frozenset(db.session.scalars(query))

    def calendar_token(self) -> str:
        """The private feed's token: an HMAC, so none is stored and the page can show it again."""
        key = current_app.config["SECRET_KEY"].encode()
        message = f"calendar:{self.id}:{self.calendar_secret}".encode()
        digest = hmac.new(key, message, hashlib.sha256).digest()
        return f"{self.id}-{urlsafe_b64encode(digest).decode().rstrip('=')}"

    def regenerate_calendar_token(self) -> None:
        self.calendar_secret = new_calendar_secret()

    @staticmethod
    def from_calendar_token(token: str) -> User | None:
        user_id, _, _digest = token.partition("-")
        if not DIGITS.fullmatch(user_id) or int(user_id) > MAX_ID or len(token) > 100:
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_active:
            return None
        return user if hmac.compare_digest(user.calendar_token(), token) else None

    def set_password(self, password: str) -> None:
        """A new password ends every session begun with the old one."""
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )
        self.end_all_sessions()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, taking the same time whatever was wrong."""
    user = db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) and user.is_active else None


def normalize_email(email: str) -> str:
    return email.strip().lower()


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The account a session names, if the session is still of its current version."""
    user_id, _, version = session_id.partition(":")
    if not (DIGITS.fullmatch(user_id) and DIGITS.fullmatch(version)) or int(user_id) > MAX_ID:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != version:
        return None
    return user
