"""`flask records export --committee SLUG --year YYYY [--output FILE]`: a year's record as a ZIP."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from committees.models import Committee
from core.time import utcnow
from extensions import db
from records.archive import export


@click.group("records")
def records_cli() -> None:
    """A body's record, kept as the state's records schedule asks."""


@records_cli.command("export")
@click.option("--committee", "slug", required=True, help="The body's slug, e.g. task-force.")
@click.option("--year", type=click.IntRange(1900, 2100), required=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="The ZIP to write.")
@with_appcontext
def export_command(slug: str, year: int, output: Path | None) -> None:
    """Write one ZIP of the body's record for the year, with a manifest of every file."""
    committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
    if committee is None:
        raise click.BadParameter(f"no body has the slug {slug!r}", param_hint="--committee")
    app = current_app._get_current_object()
    # The packets inside link to their files: build them as e-mail does, on PUBLIC_URL.
    with app.test_request_context(base_url=app.config["PUBLIC_URL"]):
        data = export(committee, year, utcnow())
    output = output or Path(f"{slug}-{year}-record.zip")
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({len(data):,} bytes).")
