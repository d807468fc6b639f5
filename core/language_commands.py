"""`flask translations status` and `flask translations sign-off`: where each catalog stands, and a
reviewer's word that a language's text is right (which removes "translation not yet reviewed")."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from core import languages
from core.time import today_pacific

translations_cli = AppGroup("translations", help="The catalogs and their reviews.")


def catalog_statistics(code: str) -> tuple[int, int, int]:
    """Translated, untranslated and fuzzy messages in a language's catalog."""
    with languages.catalog_path(code).open("rb") as file:
        messages = [m for m in languages.read_po(file) if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy)
    translated = sum(1 for m in messages if not m.fuzzy and all(_filled(m.string)))
    return translated, len(messages) - translated - fuzzy, fuzzy


def _filled(string) -> list[bool]:
    return [bool(s) for s in string] if isinstance(string, tuple | list) else [bool(string)]


@translations_cli.command("status")
def status_command() -> None:
    """Print, per language, its messages translated and whether a reviewer signed it off."""
    for code, language in languages.LANGUAGES.items():
        if code == languages.DEFAULT:
            continue
        translated, untranslated, fuzzy = catalog_statistics(code)
        scope = "whole site" if language.whole else "safety text"
        reviewed = "reviewed" if languages.is_reviewed(code) else "not yet reviewed"
        click.echo(
            f"{code:8} {language.name:12} {scope:12} {translated:4} translated, "
            f"{untranslated:4} untranslated, {fuzzy} fuzzy; {reviewed}"
        )


@translations_cli.command("sign-off")
@click.argument("code")
@click.option("--by", "reviewer", required=True, help="The reviewer's name.")
def sign_off_command(code: str, reviewer: str) -> None:
    """Record that REVIEWER read CODE's text as it is now (translations/reviews.json)."""
    if code not in languages.LANGUAGES or code == languages.DEFAULT:
        raise click.BadParameter(f"not a translated language: {code}", param_hint="CODE")
    sign_offs = languages.sign_offs()
    sign_offs[code] = {
        "by": reviewer,
        "on": today_pacific().isoformat(),
        "fingerprint": languages.fingerprint(code),
    }
    languages.REVIEWS.write_text(json.dumps(sign_offs, indent=2, ensure_ascii=False) + "\n")
    languages.is_reviewed.cache_clear()
    click.echo(f"{languages.LANGUAGES[code].name}: signed off by {reviewer}.")
