"""Who reads the site's e-mail, and in which language.

Every record an e-mail goes to (a subscriber, a requester, an applicant, an account) is a
`Reader`: it keeps the language its person chose when signing up, and every message carries a
signed link to `/language/<token>`, where that choice can be changed without signing in.
"""

from __future__ import annotations

from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from core.languages import DEFAULT, WHOLE
from core.tokens import make_token, read_token
from core.urls import public_url
from extensions import db

SALT = "reader:language"
KINDS: dict[str, type[Reader]] = {}


class Reader:
    """A record e-mail is written to, in `language`; `KIND` and `reader_key` name it in links."""

    KIND: ClassVar[str]
    email: Mapped[str]

    @declared_attr
    def language(cls) -> Mapped[str]:
        return mapped_column(sa.String(10), default=DEFAULT, server_default=DEFAULT)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "KIND" in cls.__dict__:
            KINDS[cls.KIND] = cls

    @property
    def reader_key(self) -> str:
        return self.public_id  # type: ignore[attr-defined]

    @classmethod
    def by_reader_key(cls, key: str) -> Reader | None:
        return db.session.scalar(select(cls).where(cls.public_id == key))  # type: ignore[attr-defined]

    def language_link(self) -> str:
        return public_url("core.choose_language", token=language_token(self))

    def choose_language(self, code: str) -> None:
        if code not in WHOLE:
            raise ValueError(code)
        self.language = code


def language_token(reader: Reader) -> str:
    return make_token(SALT, [reader.KIND, reader.reader_key])


def reader_for(token: str) -> Reader | None:
    """The reader a language link names, or None (forged, or the record is gone)."""
    value = read_token(SALT, token)
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        return None
    model = KINDS.get(value[0])
    return model.by_reader_key(value[1]) if model else None
