"""a topic for each body: one subject area from a fixed list, to find bodies by subject

Revision ID: b7d41c0a9e13
Revises: 5c0e2b7d9a41
Create Date: 2026-12-05 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41c0a9e13'
down_revision = '5c0e2b7d9a41'
branch_labels = None
depends_on = None


def upgrade():
    # Every body an install holds so far is an anti-trafficking body; the committee on
    # commercially sexually exploited children is found under children and youth.
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'topic', sa.String(length=40), server_default='human_trafficking', nullable=False
            )
        )
    op.execute(
        "UPDATE committee SET topic = 'children_and_youth' WHERE slug = 'csec-committee'"
    )


def downgrade():
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_column('topic')
