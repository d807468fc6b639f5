"""`flask seed`: the three bodies, and with --demo fictional people to try every screen."""

import click

from comments.seed import seed_demo_comments
from committees.seed import seed_bodies, seed_demo
from extensions import db
from meetings.minutes_seed import seed_demo_minutes
from meetings.seed import seed_demo_meetings


@click.command("seed")
@click.option("--demo", is_flag=True, help="Also add clearly fictional people and appointments.")
def seed_command(demo: bool) -> None:
    """Create the three bodies if missing (a second run changes nothing)."""
    created = seed_bodies()
    db.session.flush()
    message = f"Seeded {len(created)} bodies"
    if demo:
        people = seed_demo()
        db.session.flush()
        meetings = seed_demo_meetings()
        db.session.flush()
        comments = seed_demo_comments()
        minutes = seed_demo_minutes()
        message += (
            f", {people} demo people, {meetings} demo meetings, {comments} demo comments"
            f" and {minutes} demo minutes"
        )
    db.session.commit()
    click.echo(message + ".")
