"""oauth attempts started from magic links

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('oauth_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('magic_link_id', sa.String(), nullable=True))
        batch_op.create_index(batch_op.f('ix_oauth_attempts_magic_link_id'), ['magic_link_id'], unique=False)
        batch_op.create_foreign_key(
            'fk_oauth_attempts_magic_link_id_magic_links', 'magic_links', ['magic_link_id'], ['id'], ondelete='CASCADE'
        )


def downgrade() -> None:
    with op.batch_alter_table('oauth_attempts', schema=None) as batch_op:
        batch_op.drop_constraint('fk_oauth_attempts_magic_link_id_magic_links', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_oauth_attempts_magic_link_id'))
        batch_op.drop_column('magic_link_id')
