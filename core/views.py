"""The home page, the health check, and the language link every e-mail carries."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import text

from committees.directory import directory
from core.forms import LanguageForm
from core.languages import LANGUAGES
from core.readers import reader_for
from core.time import utcnow
from extensions import db
from meetings.services import next_meetings

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    listing = directory()
    # A large install shows its agencies and a search, not a card for each of hundreds of bodies.
    bodies = [] if listing.searchable else listing.bodies
    upcoming = next_meetings([c.id for c in bodies], utcnow())
    return render_template(
        "core/home.html",
        committees=bodies,
        listing=listing,
        next_meetings={c.id: upcoming.get(c.id) for c in bodies},
    )


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/language/<token>", methods=["GET", "POST"])
def choose_language(token: str):
    """The link in every e-mail: the language that person's messages come in, changed without
    signing in (the link is theirs alone; a forged one finds nothing)."""
    reader = reader_for(token)
    if reader is None:
        abort(404)
    form = LanguageForm(data={"language": reader.language})
    if form.validate_on_submit():
        reader.choose_language(form.language.data)
        db.session.commit()
        chosen = form.language.data
        with force_locale(LANGUAGES[chosen].catalog):
            flash(
                _(
                    "From now on, your e-mails from this site will be in %(name)s.",
                    name=LANGUAGES[chosen].name,
                ),
                "success",
            )
        return redirect(url_for("core.choose_language", token=token, lang=chosen))
    return render_template("core/choose_language.html", form=form, email=reader.email)
