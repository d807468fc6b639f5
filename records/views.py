"""The staff's records screen: each year of a body's record, when it may go to the State
Archives, and its ZIP."""

from flask import Blueprint, Response, abort, render_template
from flask_login import login_required

from committees.views import managed_committee
from core.languages import english_only
from core.time import today_pacific, utcnow
from records.archive import export, years_of
from records.retention import SCHEDULE_ITEM, is_retained, transfer_from

bp = Blueprint("records", __name__)


@bp.get("/committees/<slug>/records")
@login_required
@english_only
def index(slug: str):
    committee = managed_committee(slug)
    today = today_pacific()
    years = [
        {"year": y, "transfer_from": transfer_from(y), "retained": is_retained(y, today)}
        for y in years_of(committee)
    ]
    return render_template(
        "records/index.html", committee=committee, years=years, schedule_item=SCHEDULE_ITEM
    )


@bp.get("/committees/<slug>/records/<int:year>.zip")
@login_required
@english_only
def download(slug: str, year: int):
    committee = managed_committee(slug)
    if not 1900 <= year <= 2100:
        abort(404, description="Records are kept for the years 1900 to 2100.")
    data = export(committee, year, utcnow())
    return Response(
        data,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{committee.slug}-{year}-record.zip"',
            "Cache-Control": "private, no-store",
        },
    )
