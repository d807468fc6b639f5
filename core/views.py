"""The home page and the health check."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import select, text

from committees.models import Committee
from extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    committees = db.session.scalars(select(Committee).order_by(Committee.position)).all()
    return render_template("core/home.html", committees=committees)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.app_template_filter("long_date")
def long_date(value) -> str:
    return f"{value:%B} {value.day}, {value.year}"
