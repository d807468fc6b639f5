"""/search: one box in every page's header, for the public, members and staff alike."""

from flask import Blueprint, render_template, request

from core import languages
from core.arguments import query_page
from core.forms import form_status
from core.protection import current_viewer
from extensions import limiter
from search.forms import SearchForm
from search.query import find

bp = Blueprint("search", __name__)


@bp.get("/search")
@limiter.limit("60 per minute")  # each search reads the index: enough for a person, not a flood
def search():
    form = SearchForm(request.args)
    page = query_page()
    results = None
    if request.args and form.validate() and form.q.data:
        results = find(form.search(page), current_viewer(), languages.current())
    return render_template("search/results.html", form=form, results=results), form_status(form)
