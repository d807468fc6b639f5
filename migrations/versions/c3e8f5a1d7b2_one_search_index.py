"""one search: an index of what every record says, full-text searched on each database

Revision ID: c3e8f5a1d7b2
Revises: b7d41c0a9e13
Create Date: 2026-12-07 16:30:00

PostgreSQL: a generated tsvector column (English or Spanish stemming by the entry's language;
titles weigh more than text) with a GIN index. SQLite: an FTS5 table over the same columns and
the entry's body as a word, kept in step by triggers. `flask search rebuild` fills the index for records that predate it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e8f5a1d7b2'
down_revision = 'b7d41c0a9e13'
branch_labels = None
depends_on = None

CONFIG = "CASE language WHEN 'es' THEN 'spanish'::regconfig ELSE 'english'::regconfig END"


def upgrade():
    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("body", "meeting", "agenda_item", "minutes", "comment", "document", name="recordkind", native_enum=False, create_constraint=False, length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("audience", sa.Enum("public", "insiders", name="audience", native_enum=False, create_constraint=False, length=40), nullable=False),
        sa.Column("public_from", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["committee_id"], ["committee.id"], name=op.f("fk_search_entry_committee_id_committee"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_search_entry_meeting_id_meeting"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
    )
    op.create_index("ix_search_entry_record", "search_entry", ["kind", "record_id"])
    op.create_index("ix_search_entry_committee_id", "search_entry", ["committee_id"])
    op.create_index("ix_search_entry_meeting_id", "search_entry", ["meeting_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector({CONFIG}, title), 'A') || "
            f"setweight(to_tsvector({CONFIG}, text), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_search_entry_document ON search_entry USING gin (document)")
    else:
        # The body as a word of its own ("body12"), so a search within one body is a match
        # FTS5 answers from its index, not a filter on every entry the words match.
        op.execute(
            "ALTER TABLE search_entry ADD COLUMN scope TEXT "
            "GENERATED ALWAYS AS ('body' || committee_id) VIRTUAL"
        )
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, scope, "
            "content='search_entry', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER search_entry_added AFTER INSERT ON search_entry BEGIN "
            "INSERT INTO search_fts(rowid, title, text, scope) "
            "VALUES (new.id, new.title, new.text, new.scope); END"
        )
        op.execute(
            "CREATE TRIGGER search_entry_removed AFTER DELETE ON search_entry BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, title, text, scope) "
            "VALUES ('delete', old.id, old.title, old.text, old.scope); END"
        )
        op.execute(
            "CREATE TRIGGER search_entry_changed AFTER UPDATE ON search_entry BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, title, text, scope) "
            "VALUES ('delete', old.id, old.title, old.text, old.scope); "
            "INSERT INTO search_fts(rowid, title, text, scope) "
            "VALUES (new.id, new.title, new.text, new.scope); END"
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE search_fts")
    op.drop_table("search_entry")
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_column("text")
