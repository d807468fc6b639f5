"""`flask seed`: the three bodies, and with --demo fictional people to try every screen."""

import click

from committees.seed import seed_bodies, seed_demo
from extensions import db
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
        message += f", {people} demo people and {meetings} demo meetings"
    db.session.commit()
    click.echo(message + ".")
