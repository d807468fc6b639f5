"""Time to build one meeting packet: 12 agenda items, 10 PDF documents of 5 pages each.

Run: .venv/bin/python bench/packet.py
Prints the packet's page count, its size and the time of build_packet (mean of a few runs), on a
throwaway SQLite database. The documents are text PDFs made by WeasyPrint before the clock starts.
"""

import io
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader
from weasyprint import HTML

from app import create_app
from bench.data import add_meetings
from committees.seed import seed_bodies
from extensions import db
from meetings.models import AgendaItem, DocumentKind, DocumentVisibility, Meeting
from meetings.packet import build_packet
from meetings.services import add_document

ITEMS = 12
DOCUMENTS = 10
PAGES_EACH = 5
REPEAT = 3
PARAGRAPH = "The committee reviewed the quarter's referrals, training and outreach. " * 12


@dataclass
class Upload:
    stream: io.BytesIO
    filename: str


@dataclass
class PostedItem:
    title: str
    description: str
    position: int
    documents: list = field(default_factory=list)


def text_pdf(title: str) -> bytes:
    pages = "".join(
        f'<h1 style="break-before: page">{title}, part {n}</h1>' + f"<p>{PARAGRAPH}</p>" * 3
        for n in range(1, PAGES_EACH + 1)
    )
    pdf = HTML(string=f"<html lang='en'><body>{pages}</body></html>").write_pdf()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == PAGES_EACH
    return pdf


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "UPLOAD_FOLDER": f"{folder}/uploads",
            }
        )
        with app.app_context(), app.test_request_context(base_url=app.config["PUBLIC_URL"]):
            db.create_all()
            add_meetings(seed_bodies(), 1)
            meeting = db.session.scalars(db.select(Meeting)).one()
            items = []
            for position in range(ITEMS):
                item = AgendaItem(
                    title=f"Item {position + 1}: a report from the working group",
                    description="A **short** description.\n\n- one point\n- another point",
                    position=position,
                )
                meeting.agenda_items.append(item)
                documents = []
                if position < DOCUMENTS:
                    title = f"Report {position + 1}"
                    upload = Upload(io.BytesIO(text_pdf(title)), f"{title}.pdf")
                    documents.append(
                        add_document(
                            meeting,
                            upload,
                            title,
                            DocumentKind.REPORT,
                            DocumentVisibility.PUBLIC,
                            None,
                        )
                    )
                items.append(PostedItem(item.title, item.description, position, documents))
            db.session.commit()

            build_packet(meeting, items, [], show_place=True)  # fonts and templates warmed
            started = time.perf_counter()
            for _ in range(REPEAT):
                packet = build_packet(meeting, items, [], show_place=True)
            seconds = (time.perf_counter() - started) / REPEAT
            pages = len(PdfReader(io.BytesIO(packet)).pages)
            print(
                f"{ITEMS} items, {DOCUMENTS} PDFs x {PAGES_EACH} pages: {pages} pages, "
                f"{len(packet) / 1024:.0f} KiB, {seconds:.2f} s per build (mean of {REPEAT})"
            )


if __name__ == "__main__":
    main()
