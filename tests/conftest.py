"""Each test gets its own app and an empty database, migrated once per run with the real migrations.

`TEST_DATABASE_URL` selects PostgreSQL; otherwise SQLite in a temporary folder.
"""

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from extensions import db

pytest_plugins = [
    "tests.fixtures.committees",
    "tests.fixtures.members",
    "tests.fixtures.meetings",
    "tests.fixtures.mail",
]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    )
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(base_config(url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade(directory=str(Path(__file__).parent.parent / "migrations"))
        db.engine.dispose()
    return url


def base_config(url: str, instance: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "UPLOAD_FOLDER": str(instance / "uploads"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "MAIL_FOLDER": str(instance / "mail"),
    }


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Override keys in a test module with its own `app_config` fixture."""
    return base_config(database_url, tmp_path)


class FreshClient(FlaskClient):
    """Every request starts with an empty `g`, as in production. A test holds an app context
    open and requests reuse it: without this, one client's signed-in user would stay in `g` for
    the next client's request, and a protection test could pass for the wrong reason."""

    def open(self, *args, **kwargs):
        if has_app_context():
            vars(g).clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.test_client_class = FreshClient
    with app.app_context():
        yield app
        db.session.remove()
        empty_database()
        db.engine.dispose()


def empty_database() -> None:
    tables = db.metadata.sorted_tables
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
