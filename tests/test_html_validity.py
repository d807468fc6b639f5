"""Every page the foundation serves is valid HTML, as the Nu Html Checker (vnu) reads it.

Browsers forgive broken markup, but each repairs it its own way, and assistive technology reads
the repaired tree. One vnu run checks every page, so the JVM starts once.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from committees.seed import seed_demo
from extensions import db
from members.models import UserRole
from tests.fixtures.members import make_user

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules/vnu-jar/build/dist/vnu.jar"
STAFF_EMAIL = "task-force-staff@example.org"


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs the checker; skipped without Java or the jar, unless REQUIRE_E2E=1."""
    java = shutil.which("java")
    if java is None:
        reason = "java is not installed"
    elif not VNU_JAR.exists():
        reason = f"{VNU_JAR} is missing (npm ci)"
    else:
        return [java, "-jar", str(VNU_JAR)]
    if os.environ.get("REQUIRE_E2E") == "1":
        pytest.fail(f"REQUIRE_E2E=1, but {reason}.", pytrace=False)
    pytest.skip(f"HTML validation skipped: {reason}.")


def test_every_public_and_staff_page_is_valid_html(vnu, client, auth, bodies, tmp_path):
    seed_demo()  # fictional people in every kind of seat, so the pages show names, tags and tables
    db.session.commit()
    make_user(STAFF_EMAIL, UserRole.STAFF, [bodies["task-force"]])
    appointment = bodies["task-force"].current_appointments()[0]
    person_id, appointment_id = appointment.person_id, appointment.id

    pages = {
        "home": get(client, "/"),
        "committees": get(client, "/committees/"),
        **{f"committee-{slug}": get(client, f"/committees/{slug}") for slug in bodies},
        "login": get(client, "/login"),
        "login-failed": post(client, "/login", {"email": STAFF_EMAIL, "password": "wrong"}),
        "not-found": get(client, "/no-such-page", status=404),
    }
    assert auth.login(STAFF_EMAIL).status_code == 302
    pages |= {
        "staff-dashboard": get(client, "/staff/"),
        "people": get(client, "/people/"),
        "person-new": get(client, "/people/new"),
        "person-new-with-errors": post(client, "/people/new", {"email": "not an e-mail"}),
        "person-edit": get(client, f"/people/{person_id}/edit"),
        "organizations": get(client, "/organizations/"),
        "organization-new": get(client, "/organizations/new"),
        "roster": get(client, "/committees/task-force/roster"),
        "appointment-new": get(client, "/committees/task-force/appointments/new"),
        "appointment-edit": get(client, f"/appointments/{appointment_id}/edit"),
    }

    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    errors = [m for m in check_html(vnu, sorted(tmp_path.glob("*.html"))) if m["type"] != "info"]
    assert not errors, "vnu found invalid HTML:\n" + "\n".join(
        f"- {urlsplit(m.get('url', '')).path.rpartition('/')[2]}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in errors
    )


def get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "text/html", url
    return response.text


def post(client, url: str, data: dict) -> str:
    """Submit a form that fails validation, to check the page that shows its errors."""
    response = client.post(url, data=data)
    assert response.status_code == 200, url
    return response.text


def check_html(vnu: list[str], files: list[Path]) -> list[dict]:
    """vnu's messages for the files: "error", "info" (warnings among them), "non-document-error"."""
    result = subprocess.run(
        [*vnu, "--format", "json", "--exit-zero-always", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout)["messages"]
