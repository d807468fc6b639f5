"""The search form: read from the query string, so a search is a link a reader can keep."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from committees.models import Committee
from core.forms import BoundedDateField, one_line
from extensions import db
from search.models import RecordKind
from search.query import Search


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET that changes nothing

    q = StringField(_l("Search for"), filters=[one_line], validators=[Length(max=200)])
    kind = SelectField(
        _l("Kind of record"),
        choices=[SelectChoice("", _l("Everything"))]
        + [SelectChoice(k.value, k.label) for k in RecordKind],
        default="",
    )
    body = StringField(_l("Body"), filters=[one_line], validators=[Length(max=60)])
    start = BoundedDateField(_l("From"), validators=[Optional()])
    end = BoundedDateField(_l("To"), validators=[Optional()])

    committee: Committee | None = None

    def validate_body(self, field) -> None:
        if not field.data:
            return
        self.committee = db.session.scalar(select(Committee).where(Committee.slug == field.data))
        if self.committee is None:
            raise ValidationError(gettext("There is no body with that name."))

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(gettext("The end date must be on or after the start date."))

    def search(self, page: int) -> Search:
        return Search(
            words=self.q.data or "",
            kind=RecordKind(self.kind.data) if self.kind.data else None,
            body=self.committee,
            start=self.start.data,
            end=self.end.data,
            page=page,
        )
