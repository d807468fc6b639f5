"""The factory, settings, health check, security headers and error pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app

ROOT = Path(__file__).parent.parent


def test_healthz_says_the_database_answered(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path, database_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_settings_come_from_the_environment_and_a_secret_is_generated(tmp_path):
    """Run the factory in a clean process: FLASK_<NAME> variables win, no secret is hard-coded."""
    script = (
        "import json; from app import create_app; app = create_app(); "
        "print(json.dumps({k: str(app.config[k]) for k in "
        "['MAIL_SERVER', 'MAIL_PORT', 'SQLALCHEMY_DATABASE_URI', 'SECRET_KEY']}))"
    )
    env = os.environ | {
        "FLASK_MAIL_SERVER": "smtp.example.org",
        "FLASK_MAIL_PORT": "2525",
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/env.db",
    }
    # Flask puts the instance folder beside app.py: run a copy, so the real one is untouched.
    for name in ["app.py", "config.py", "extensions.py"]:
        (tmp_path / name).write_text((ROOT / name).read_text())
    packages = [p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()]
    for folder in [*packages, "templates", "static"]:
        (tmp_path / folder).symlink_to(ROOT / folder)
    first = json.loads(
        subprocess.check_output([sys.executable, "-c", script], cwd=tmp_path, env=env)
    )
    second = json.loads(
        subprocess.check_output([sys.executable, "-c", script], cwd=tmp_path, env=env)
    )
    assert first["MAIL_SERVER"] == "smtp.example.org"
    assert first["MAIL_PORT"] == "2525"
    assert first["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    assert len(first["SECRET_KEY"]) == 64
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    secret = tmp_path / "instance" / "secret_key"
    assert secret.stat().st_mode & 0o077 == 0


def test_every_response_forbids_other_origins(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"


def test_templates_load_nothing_from_another_host():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for pattern in ['src="http', 'src="//', "url(http", 'rel="stylesheet" href="http']:
            assert pattern not in text, f"{template} loads from another host"


@pytest.mark.parametrize("path", ["/committees/no-such-body", "/no-such-page"])
def test_not_found_pages_are_in_the_site_look(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Quick exit" in body and "We could not find that page" in body


def test_a_server_error_shows_no_stack_trace(app_config):
    app = create_app(app_config | {"TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in body and "Traceback" not in body
    assert "Something went wrong on our side" in body and "Quick exit" in body


def test_an_oversized_request_is_refused_in_the_site_look(app_config):
    app = create_app(app_config | {"MAX_CONTENT_LENGTH": 1000})
    response = app.test_client().post("/login", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/meetings/9223372036854775808", "/documents/99999999999999999999/download"]
)
def test_huge_ids_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/api/v1/meetings?committee=%00", None),
        ("get", "/committees/%00", None),
        ("get", "/meetings/?kind=%00x", None),
        ("post", "/login", {"email": "a\x00@example.org", "password": "x"}),
    ],
)
def test_nul_bytes_are_a_clear_400(client, method, path, data):
    response = getattr(client, method)(path, data=data)
    assert response.status_code == 400


def test_the_migrations_make_what_the_models_declare(runner):
    """`flask db check` on the migrated test database: every model change shipped its migration
    (what the search makes for one database alone is left out, in migrations/env.py)."""
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
