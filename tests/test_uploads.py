"""Uploads: accepted by content, stored under random names, served only after a permission check."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from extensions import db
from meetings.models import Document
from tests.fixtures.meetings import PDF_BYTES, make_meeting
from tests.fixtures.members import make_user

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32


def ooxml(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()


@pytest.fixture
def meeting(app, bodies, auth):
    make_user("staff@example.org", committees=[bodies["task-force"]])
    auth.login("staff@example.org")
    meeting = make_meeting(bodies["task-force"])
    db.session.commit()
    return meeting


def upload(client, meeting, data: bytes, filename: str, **fields):
    form = {
        "title": "A document",
        "kind": "other",
        "visibility": "public",
        "file": (io.BytesIO(data), filename),
    } | fields
    return client.post(
        f"/meetings/{meeting.id}/documents", data=form, content_type="multipart/form-data"
    )


def documents() -> int:
    return db.session.scalar(select(func.count()).select_from(Document))


@pytest.mark.parametrize(
    ("data", "filename", "content_type", "download_name"),
    [
        (PDF_BYTES, "packet.pdf", "application/pdf", "packet.pdf"),
        (PNG_BYTES, "chart.png", "image/png", "chart.png"),
        (JPEG_BYTES, "photo.jpeg", "image/jpeg", "photo.jpg"),
        (b"Plain minutes\n", "minutes.txt", "text/plain", "minutes.txt"),
        (
            ooxml("word"),
            "report.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "report.docx",
        ),
        (
            ooxml("xl"),
            "budget.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "budget.xlsx",
        ),
        (
            ooxml("ppt"),
            "slides.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "slides.pptx",
        ),
        (OLE2_BYTES, "old.xls", "application/vnd.ms-excel", "old.xls"),
        # The extension lies; the content decides the type and the name offered.
        (PDF_BYTES, "packet.docx", "application/pdf", "packet.pdf"),
    ],
)
def test_allowed_formats_are_accepted_by_content(
    client, meeting, data, filename, content_type, download_name
):
    assert upload(client, meeting, data, filename).status_code == 302
    document = db.session.scalar(select(Document))
    assert document.content_type == content_type
    response = client.get(f"/documents/{document.id}/download")
    assert response.data == data
    assert response.mimetype == content_type
    assert response.headers["Content-Disposition"] == f"attachment; filename={download_name}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>" + b"\x00", "image.svg"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "program.exe"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "innocent.pdf"),
        (b"\x7fELF\x02\x01\x01\x00", "report.pdf"),
        (plain_zip(), "archive.docx"),
        (b"PK\x03\x04 not really a zip", "broken.docx"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00", "anim.gif"),
        ("Latin-1 caf\xe9".encode("latin-1") + b"\x00", "notes.txt"),
    ],
)
def test_other_content_is_refused_with_a_clear_message(client, meeting, data, filename, tmp_path):
    response = upload(client, meeting, data, filename)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not accepted" in body or "damaged" in body
    assert documents() == 0


def test_an_empty_file_is_refused(client, meeting):
    assert "That file is empty." in upload(client, meeting, b"", "empty.pdf").get_data(as_text=True)
    assert documents() == 0


def test_a_missing_file_is_refused(client, meeting):
    response = client.post(
        f"/meetings/{meeting.id}/documents",
        data={"title": "x", "kind": "other", "visibility": "public"},
    )
    assert "Choose a file to upload." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "filename",
    [
        "../../../etc/passwd.pdf",
        "..\\..\\app.py.pdf",
        "/tmp/abs.pdf",
        "x/../../y.pdf",
        "\x00nul.pdf",
        "CON.pdf",
        "<script>.pdf",
        "....pdf",
    ],
)
def test_path_tricks_never_write_outside_the_upload_folder(client, meeting, app, filename):
    folder = Path(app.config["UPLOAD_FOLDER"])
    before = set(walk(folder.parent))
    assert upload(client, meeting, PDF_BYTES, filename).status_code == 302
    document = db.session.scalar(select(Document))
    written = set(walk(folder.parent)) - before
    assert written == {folder / document.stored_name}
    assert "/" not in document.filename and "\\" not in document.filename
    assert document.filename.endswith(".pdf")


def walk(root: Path) -> list[Path]:
    return [Path(dirpath) / name for dirpath, _dirs, files in os.walk(root) for name in files]


class TestSizeLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"MAX_CONTENT_LENGTH": 4096}

    def test_an_oversized_upload_gets_a_clear_message_and_changes_nothing(self, client, meeting):
        response = upload(client, meeting, PDF_BYTES + b"0" * 10_000, "big.pdf")
        assert response.status_code == 413
        assert "That upload is too large" in response.get_data(as_text=True)
        assert documents() == 0


def test_members_only_files_are_not_cached_publicly(client, meeting):
    upload(client, meeting, PDF_BYTES, "secret.pdf", visibility="members_only")
    document = db.session.scalar(select(Document))
    response = client.get(f"/documents/{document.id}/download")
    assert "no-store" in response.headers["Cache-Control"]


def test_removing_a_document_removes_its_file(client, meeting, app):
    upload(client, meeting, PDF_BYTES, "gone.pdf")
    document = db.session.scalar(select(Document))
    path = Path(app.config["UPLOAD_FOLDER"]) / document.stored_name
    assert path.exists()
    client.post(f"/documents/{document.id}/delete", data={"confirmed": "yes"})
    assert not path.exists() and documents() == 0


def test_minutes_are_approved_with_a_date(client, meeting):
    upload(client, meeting, PDF_BYTES, "minutes.pdf", kind="minutes")
    document = db.session.scalar(select(Document))
    client.post(f"/documents/{document.id}/approve", data={"approved_on": "not-a-date"})
    db.session.refresh(document)
    assert document.approved_on is None
    client.post(f"/documents/{document.id}/approve", data={"approved_on": "2026-12-01"})
    db.session.refresh(document)
    assert document.is_approved_minutes
