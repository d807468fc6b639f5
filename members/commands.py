"""`flask users create`: accounts from the command line; the password comes from standard input."""

import sys

import click
from sqlalchemy import select

from committees.models import Committee
from extensions import db
from members.models import UserRole
from members.services import AccountError, create_user


@click.group("users")
def users_cli() -> None:
    """Manage staff and member accounts."""


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in UserRole]))
@click.option("--committee", "slugs", multiple=True, help="Slug of a body; repeat for several.")
@click.option("--name", help="The person's name (defaults to the e-mail's local part).")
def create_command(email: str, role: str, slugs: tuple[str, ...], name: str | None) -> None:
    """Create an account; the password is read from standard input (prompted on a terminal)."""
    committees = []
    for slug in slugs:
        committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
        if committee is None:
            raise click.BadParameter(f"no committee with slug {slug!r}", param_hint="--committee")
        committees.append(committee)
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = create_user(email, UserRole(role), password, committees, name=name)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")
