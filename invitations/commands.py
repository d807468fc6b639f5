"""`flask purge-requests`: delete requester data the configured number of days after the meeting."""

import click
from flask import current_app
from flask.cli import with_appcontext

from applications.services import purge_applications
from core.time import utcnow
from extensions import db
from invitations.services import purge_requests
from meetings.services import upload_folder


@click.command("purge-requests")
@click.option("--days", type=int, help="Override INVITATION_RETENTION_DAYS.")
@with_appcontext
def purge_requests_command(days: int | None) -> None:
    """Delete invitation requests whose meeting (or decision) is older than the retention period."""
    days = current_app.config["INVITATION_RETENTION_DAYS"] if days is None else days
    deleted = purge_requests(utcnow(), days)
    applications, files = purge_applications(
        utcnow(), current_app.config["APPLICATION_RETENTION_DAYS"]
    )
    db.session.commit()
    for name in files:  # after the commit: a failed commit keeps the files
        (upload_folder() / name).unlink(missing_ok=True)
    click.echo(f"Deleted {deleted} invitation requests older than {days} days.")
    click.echo(f"Deleted {applications} applications (and {len(files)} files) decided long ago.")
