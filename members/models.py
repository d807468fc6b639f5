"""Accounts for staff and members.

A user's global role is admin, staff or member. Staff manage only the bodies they are assigned
to; being a member of a body is derived from the person's current appointments, never stored.
"""

from __future__ import annotations

import enum
from functools import cached_property

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from committees.models import Appointment, Committee, Person, SeatType
from core.db_types import str_enum
from core.time import today_pacific
from extensions import db, login_manager

staff_assignment = sa.Table(
    "staff_assignment",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("committee_id", sa.ForeignKey("committee.id", ondelete="CASCADE"), primary_key=True),
)

# Checked against when an unknown e-mail logs in, so a miss costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("no such account")


class UserRole(enum.Enum):
    ADMIN = "admin"
    STAFF = "staff"
    MEMBER = "member"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    role: Mapped[UserRole] = mapped_column(str_enum(UserRole))
    active: Mapped[bool] = mapped_column(default=True)
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), unique=True
    )

    person: Mapped[Person | None] = relationship()
    managed_committees: Mapped[list[Committee]] = relationship(
        secondary=staff_assignment, order_by=Committee.position
    )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN

    @property
    def is_staff(self) -> bool:
        """Admins are staff of every body."""
        return self.role in {UserRole.ADMIN, UserRole.STAFF}

    def manages(self, committee: Committee) -> bool:
        return self.is_admin or (self.is_staff and committee in self.managed_committees)

    @cached_property
    def member_committee_ids(self) -> frozenset[int]:
        """Bodies this user sits on today; the user is loaded afresh each request."""
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

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )

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
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))
