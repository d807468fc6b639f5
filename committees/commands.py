"""`flask seed`: the three bodies, and with --demo fictional people to try every screen."""

import click

from committees.seed import seed_bodies, seed_demo
from extensions import db


@click.command("seed")
@click.option("--demo", is_flag=True, help="Also add clearly fictional people and appointments.")
def seed_command(demo: bool) -> None:
    """Create the three bodies if missing (a second run changes nothing)."""
    created = seed_bodies()
    db.session.flush()
    people = seed_demo() if demo else 0
    db.session.commit()
    click.echo(f"Seeded {len(created)} bodies" + (f" and {people} demo people." if demo else "."))
