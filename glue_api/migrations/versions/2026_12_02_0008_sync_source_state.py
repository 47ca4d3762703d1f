"""syncs keep what their source asked to remember between runs (a delta link, say)

Revision ID: 0008_source_state
Revises: 0007_schemas_entities
Create Date: 2026-12-02 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008_source_state'
down_revision = '0007_schemas_entities'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('syncs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_state', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('syncs', schema=None) as batch_op:
        batch_op.drop_column('source_state')
