"""The home page and the health check."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import select, text

from committees.models import Committee
from core.time import utcnow
from extensions import db
from meetings.services import scheduled_meetings

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    committees = db.session.scalars(select(Committee).order_by(Committee.position)).all()
    now = utcnow()
    next_meetings = {
        c.id: next(iter(scheduled_meetings(c.id, now, limit=1)), None) for c in committees
    }
    return render_template("core/home.html", committees=committees, next_meetings=next_meetings)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
