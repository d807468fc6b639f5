"""`flask mail send-queued [--loop]`: the outbox worker."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from notify import jobs
from notify.worker import send_due

JOB_INTERVAL = 300  # seconds between runs of the periodic jobs in --loop


@click.group("mail")
def mail_cli() -> None:
    """Send the mail the outbox holds."""


@mail_cli.command("send-queued")
@click.option("--loop", is_flag=True, help="Keep sending as a worker until stopped.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between polls.")
@with_appcontext
def send_queued_command(loop: bool, interval: float) -> None:
    """Send what is due; with --loop, keep at it and run the periodic jobs (reminders)."""
    app = current_app._get_current_object()
    last_jobs = 0.0
    while True:
        if time.monotonic() - last_jobs >= JOB_INTERVAL or not loop:
            queued = jobs.run_all(app)
            last_jobs = time.monotonic()
            if queued:
                click.echo(f"queued {queued} by periodic jobs")
        report = send_due()
        if report.sent or report.retried or report.failed:
            click.echo(f"sent {report.sent}, retrying {report.retried}, failed {report.failed}")
        if not loop:
            return
        time.sleep(interval)
