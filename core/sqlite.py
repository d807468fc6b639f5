"""SQLite leaves foreign keys off unless each connection asks; PostgreSQL needs nothing."""

from sqlalchemy import event
from sqlalchemy.engine import Engine


def enforce_foreign_keys(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
