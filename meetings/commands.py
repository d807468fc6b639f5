"""`flask postings verify [--committee SLUG]`: recompute the chains of postings, report breaks."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from committees.models import Committee
from extensions import db
from meetings.postings import verify


@click.group("postings")
def postings_cli() -> None:
    """The posted record: agenda versions and special meeting notices."""


@postings_cli.command("verify")
@click.option("--committee", "slug", help="Only this body's chain (its slug).")
@with_appcontext
def verify_command(slug: str | None) -> None:
    """Recompute every fingerprint from the database; exit 1 at the first sign of tampering."""
    committee = None
    if slug is not None:
        committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
        if committee is None:
            raise click.BadParameter(f"no body has the slug {slug!r}", param_hint="--committee")
    checked, breaks = verify(committee)
    if not breaks:
        click.echo(f"OK: {checked} postings checked; every fingerprint and link holds.")
        return
    click.echo(f"BROKEN: {checked} postings checked, {len(breaks)} problems.")
    click.echo(f"First break: {breaks[0]}")
    for problem in breaks[1:]:
        click.echo(f"Then: {problem}")
    raise SystemExit(1)
