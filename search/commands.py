"""`flask search rebuild [--if-empty]`: write the search index afresh from the records."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from extensions import db
from meetings.models import Document
from meetings.services import document_path
from meetings.uploads import extract_text
from search.index import rebuild
from search.models import SearchEntry


@click.group("search")
def search_cli() -> None:
    """The search index."""


@search_cli.command("rebuild")
@click.option("--if-empty", is_flag=True, help="Only when the index holds nothing yet.")
@with_appcontext
def rebuild_command(if_empty: bool) -> None:
    """Read the text of documents uploaded before the search, then index every record. The index
    keeps itself current after that; run this after the upgrade that adds it, or an import."""
    if if_empty and db.session.scalar(select(SearchEntry.id).limit(1)) is not None:
        click.echo("The search index is already built.")
        return
    unread = db.session.scalars(select(Document).where(Document.text == "")).all()
    for document in unread:
        document.text = extract_text(document_path(document), document.content_type)
    db.session.flush()
    written = rebuild()
    db.session.commit()
    click.echo(f"Indexed {written} entries ({len(unread)} documents read).")
