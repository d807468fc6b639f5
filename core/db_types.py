"""Column types shared by the domain packages."""

import enum

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
