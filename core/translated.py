"""Text staff write in other languages beside the English: a body's purpose, a meeting's title,
an agenda item's description. Stored on the record itself, `{"es": {"title": "..."}}` (Decidim's
shape), so a page loads it with the record and never with a query per field.

`localized(record, field)` is what pages print: the text in the reader's language where staff
gave it, else the English marked `lang="en"` with a short "(in English)" note (WCAG 3.1.2).
"""

from __future__ import annotations

from typing import Any, ClassVar

import sqlalchemy as sa
from flask_babel import pgettext
from markupsafe import Markup, escape
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.orm.attributes import flag_modified
from wtforms import Field, StringField
from wtforms.validators import Length

from core import languages
from core.languages import DEFAULT, LANGUAGES
from meetings.markdown import render_markdown


class TranslatedText:
    """Fields staff may write in other languages (`TRANSLATED`), kept in `translations`; some of
    them are safety text (`SAFETY_FIELDS`), which the state's main languages get as well as
    Spanish. A record mixes in `Translated`; a posted version's frozen copy, this alone."""

    TRANSLATED: ClassVar[dict[str, str]]  # field -> what staff call it ("Title")
    SAFETY_FIELDS: ClassVar[tuple[str, ...]] = ()
    translations: dict[str, dict[str, str]]

    @classmethod
    def languages_for(cls, field: str) -> tuple[str, ...]:
        """The languages staff may give a field in, besides English."""
        if field in cls.SAFETY_FIELDS:
            return tuple(code for code in languages.LANGUAGES if code != DEFAULT)
        return tuple(code for code in languages.WHOLE if code != DEFAULT)

    def text_in(self, field: str, language: str) -> str | None:
        """The field as staff wrote it in that language, or None."""
        if language == DEFAULT:
            return getattr(self, field)
        return ((self.translations or {}).get(language) or {}).get(field) or None

    def text_and_language(self, field: str, language: str) -> tuple[str, str]:
        """What a reader of `language` is shown, and the language it is really in."""
        text = self.text_in(field, language)
        return (text, language) if text else (getattr(self, field) or "", DEFAULT)

    def set_translation(self, field: str, language: str, text: str | None) -> None:
        translations = {code: dict(fields) for code, fields in (self.translations or {}).items()}
        fields = translations.setdefault(language, {})
        if text and text.strip():
            fields[field] = text.strip()
        else:
            fields.pop(field, None)
        self.translations = {code: fields for code, fields in translations.items() if fields}
        flag_modified(self, "translations")

    def missing_in(self, language: str) -> list[str]:
        """The fields with English text but nothing in that language, by their staff names."""
        return [
            label
            for field, label in self.TRANSLATED.items()
            if getattr(self, field) and not self.text_in(field, language)
        ]


class Translated(TranslatedText):
    """A record whose translations are a JSON column beside its English fields."""

    @declared_attr
    def translations(cls) -> Mapped[dict[str, dict[str, str]]]:
        return mapped_column(sa.JSON, default=dict, server_default=sa.text("'{}'"))


def reading_language(record: Any, field: str) -> str:
    """The language a field is read in: the reader's, but on a page of safety text only (an
    English page) a field that is not safety text is simply English."""
    language = languages.current()
    if languages.LANGUAGES[language].whole or field in record.SAFETY_FIELDS:
        return language
    return DEFAULT


def localized(record: Any, field: str, *, markdown: bool = False) -> Markup:
    """The field for the reader, marked with its language wherever that is not the page's."""
    language = reading_language(record, field)
    text, shown_in = record.text_and_language(field, language)
    if not text:
        return Markup("")
    body = render_markdown(text) if markdown else escape(text)
    if language == DEFAULT:
        return Markup(body)
    tag = "div" if markdown else "span"
    marked = Markup(f'<{tag} lang="{shown_in}">{body}</{tag}>')
    if shown_in == language:
        return marked
    note = escape(pgettext("safety", "(in English)"))
    return marked + Markup(f' <span class="in-english" lang="{language}">{note}</span>')


def translations_of(model: type[Translated], **fields: type[Field]):
    """Give a staff form a field per language for each of the record's translated fields
    (`purpose__es`, ...): filled from the record the form is made with (`obj=`), and saved back
    by `populate_obj` with the English fields."""

    def decorate(form_class):
        for field, field_type in fields.items():
            for code in model.languages_for(field):
                name = LANGUAGES[code].name
                setattr(
                    form_class,
                    f"{field}__{code}",
                    field_type(
                        f"{model.TRANSLATED[field]} in {name} (optional)",
                        filters=[lambda value: (value or "").strip()],
                        validators=[Length(max=300 if field_type is StringField else 20000)],
                        render_kw={"lang": code},
                    ),
                )

        def translation_fields(self, field: str) -> list:
            return [self[f"{field}__{code}"] for code in model.languages_for(field)]

        def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
            base_process(self, formdata, obj, data, extra_filters, **kwargs)
            if obj is not None and not self.is_submitted():
                for field in fields:
                    for code in model.languages_for(field):
                        self[f"{field}__{code}"].data = obj.text_in(field, code) or ""

        def save_translations(self, record: Translated) -> None:
            for field in fields:
                for code in model.languages_for(field):
                    record.set_translation(field, code, self[f"{field}__{code}"].data)

        def populate_obj(self, record: Translated) -> None:
            for name, form_field in self._fields.items():
                if "__" not in name:
                    form_field.populate_obj(record, name)
            self.save_translations(record)

        base_process = form_class.process
        form_class.translation_fields = translation_fields
        form_class.process = process
        form_class.save_translations = save_translations
        form_class.populate_obj = populate_obj
        return form_class

    return decorate


def localized_text(record: Any, field: str) -> str:
    """The same as plain text, for a page title, an e-mail subject or a calendar."""
    return record.text_and_language(field, reading_language(record, field))[0]
