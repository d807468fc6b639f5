"""`flask mail send-queued [--loop]`: the outbox worker."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from notify.worker import send_due


@click.group("mail")
def mail_cli() -> None:
    """Send the mail the outbox holds."""


@mail_cli.command("send-queued")
@click.option("--loop", is_flag=True, help="Keep sending as a worker until stopped.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between polls.")
@with_appcontext
def send_queued_command(loop: bool, interval: float) -> None:
    """Send what is due; with --loop, keep doing it (and the periodic jobs) as a worker."""
    while True:
        report = send_due()
        if report.sent or report.retried or report.failed:
            click.echo(f"sent {report.sent}, retrying {report.retried}, failed {report.failed}")
        for job in current_app.extensions.get("periodic_mail_jobs", []):
            job()
        if not loop:
            return
        time.sleep(interval)
