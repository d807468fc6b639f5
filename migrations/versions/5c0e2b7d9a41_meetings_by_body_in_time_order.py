"""meetings by body in time order: an index on (committee_id, starts_at)

Revision ID: 5c0e2b7d9a41
Revises: 1784d0daae95
Create Date: 2026-12-04 19:35:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c0e2b7d9a41'
down_revision = '1784d0daae95'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_meeting_committee_id_starts_at", "meeting", ["committee_id", "starts_at"], unique=False
    )


def downgrade():
    op.drop_index("ix_meeting_committee_id_starts_at", table_name="meeting")
