"""Column types shared by the domain packages."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa


def str_enum(enum_cls: type[enum.Enum]) -> sa.Enum:
    """Store an enum as its value in a plain string column, the same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [m.value for m in members],
    )


class UTCDateTime(sa.types.TypeDecorator):
    """An aware datetime stored as naive UTC, read back aware: the same on SQLite and PostgreSQL."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)
