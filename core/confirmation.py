"""Destructive staff actions ask first, on a page of their own: what will happen, who will be
told, and whether it can be undone. The form posts again with `confirmed=yes` to act."""

from __future__ import annotations

from flask import render_template, request


def confirmed() -> bool:
    return request.form.get("confirmed") == "yes"


def confirmation_page(
    *, title: str, happens: str, told: str, undo: str, action: str, button: str, back: str
) -> str:
    """The page that asks; it carries the form's own fields, so confirming posts them again."""
    fields = {k: v for k, v in request.form.items() if k not in {"csrf_token", "confirmed"}}
    return render_template(
        "core/confirm_action.html",
        title=title,
        happens=happens,
        told=told,
        undo=undo,
        action=action,
        button=button,
        back=back,
        fields=fields,
    )
