"""The audit log: who changed what, when, and key fields before and after.

Models opt in with `__audited__`, the fields worth recording. A flush listener writes the entries,
so no code path can change an audited record without leaving a trace.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db_types import UTCDateTime
from core.time import utcnow
from extensions import db


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(sa.String(20))  # created, changed, deleted
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int]
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    user = db.relationship("User")


def _plain(value: Any) -> Any:
    if hasattr(value, "__table__"):  # a related record: its id says which
        return value.id
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _collection_change(history) -> list[list[Any]] | None:
    """A many-to-many field (e.g. the bodies a staff account manages) as sorted ids, before and
    after."""
    if not history.has_changes():
        return None
    kept = [_plain(o) for o in history.unchanged]
    before = sorted(kept + [_plain(o) for o in history.deleted])
    after = sorted(kept + [_plain(o) for o in history.added])
    return [before, after] if before != after else None


def _changes(obj: Any, *, new: bool) -> dict[str, list[Any]]:
    state = sa.inspect(obj)
    mapper = sa.inspect(type(obj))
    changes = {}
    for name in obj.__audited__:
        history = state.attrs[name].history
        if name in mapper.relationships and mapper.relationships[name].uselist:
            change = _collection_change(history)
            if new:
                changes[name] = [[], sorted(_plain(o) for o in getattr(obj, name))]
            elif change is not None:
                changes[name] = change
            continue
        if new:
            changes[name] = [None, _plain(getattr(obj, name))]
        elif history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            changes[name] = [_plain(before), _plain(after)]
    return changes


def _acting_user_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


@event.listens_for(Session, "after_flush")
def _write_audit_entries(session: Session, _context) -> None:
    rows = []
    now = utcnow()
    for action, objects in (
        ("created", session.new),
        ("changed", session.dirty),
        ("deleted", session.deleted),
    ):
        for obj in objects:
            if not hasattr(obj, "__audited__"):
                continue
            changes = _changes(obj, new=action == "created") if action != "deleted" else {}
            if action == "changed" and not changes:
                continue
            rows.append(
                {
                    "at": now,
                    "user_id": _acting_user_id(),
                    "action": action,
                    "entity": type(obj).__name__,
                    "entity_id": obj.id,
                    "changes": changes,
                }
            )
    if rows:
        # Core insert: adding ORM objects during a flush is not allowed.
        session.connection().execute(sa.insert(AuditEntry.__table__), rows)
