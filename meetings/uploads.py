"""Meeting documents on disk: accepted by what the bytes are, stored under random names.

A file is accepted only when its content is one of the allowed formats (the extension is not
trusted), and it is stored under `instance/uploads/` with a name the uploader cannot choose.
"""

import hashlib
import logging
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from werkzeug.utils import secure_filename

log = logging.getLogger(__name__)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


PDF = FileKind("application/pdf", "pdf")
PNG = FileKind("image/png", "png")
JPEG = FileKind("image/jpeg", "jpg")
TEXT = FileKind("text/plain", "txt")  # Werkzeug adds the UTF-8 charset when serving
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
LEGACY_OFFICE = {
    "doc": FileKind("application/msword", "doc"),
    "xls": FileKind("application/vnd.ms-excel", "xls"),
    "ppt": FileKind("application/vnd.ms-powerpoint", "ppt"),
}
ALLOWED_DESCRIPTION = _l("PDF, Word, Excel, PowerPoint, plain text, PNG or JPEG")


def not_accepted() -> str:
    return gettext(
        "That file type is not accepted. Upload a %(types)s file.", types=ALLOWED_DESCRIPTION
    )


class RejectedUpload(ValueError):
    """The file is not one we accept; the message says why, for the person uploading."""


def sniff(head: bytes, stream: BinaryIO, filename: str) -> FileKind:
    """What the file is, judged by its bytes."""
    extension = Path(filename).suffix.lower().lstrip(".")
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(OLE2_MAGIC):
        return LEGACY_OFFICE.get(extension, LEGACY_OFFICE["doc"])
    if head.startswith(b"PK\x03\x04"):
        return office_open_xml(stream)
    if is_plain_text(stream):
        return TEXT
    raise RejectedUpload(not_accepted())


def office_open_xml(stream: BinaryIO) -> FileKind:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise RejectedUpload(gettext("That file looks damaged: it could not be opened.")) from error
    if "[Content_Types].xml" in names:
        for prefix, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
            if any(name.startswith(prefix) for name in names):
                return kind
    raise RejectedUpload(not_accepted())


def is_plain_text(stream: BinaryIO) -> bool:
    data = stream.read()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def display_name(filename: str, kind: FileKind) -> str:
    """A safe name to offer on download, with the extension of what the file really is."""
    stem = Path(secure_filename(filename) or "document").stem or "document"
    return f"{stem[:150]}.{kind.extension}"


@dataclass(frozen=True)
class Stored:
    name: str  # the random name on disk
    kind: FileKind
    size: int  # bytes
    filename: str  # the safe name offered on download
    sha256: str


def store(stream: BinaryIO, folder: Path, filename: str) -> Stored:
    """Check and save an upload."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not head:
        raise RejectedUpload(gettext("That file is empty."))
    kind = sniff(head, stream, filename)
    stream.seek(0)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    path = folder / stored_name
    digest = hashlib.sha256()
    with path.open("wb") as out:
        while chunk := stream.read(1024 * 1024):
            out.write(chunk)
            digest.update(chunk)
    size = path.stat().st_size
    return Stored(stored_name, kind, size, display_name(filename, kind), digest.hexdigest())


# A search finds what a document says; a scanned or damaged file simply says nothing.
MAX_TEXT = 1_000_000  # characters kept of one file
MAX_PAGES = 2_000


def extract_text(path: Path, content_type: str) -> str:
    """The text of a stored PDF or plain-text file, or "" when it has none we can read."""
    try:
        if content_type == PDF.content_type:
            reader = PdfReader(path)
            parts, length = [], 0
            for page in reader.pages[:MAX_PAGES]:
                part = page.extract_text() or ""
                parts.append(part)
                length += len(part)
                if length >= MAX_TEXT:
                    break
            text = "\n".join(parts)
        elif content_type == TEXT.content_type:
            text = path.read_text(encoding="utf-8", errors="replace")
        else:
            return ""
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        log.warning("No text read from %s: %s", path.name, error)
        return ""
    return text.replace("\x00", "")[:MAX_TEXT]
